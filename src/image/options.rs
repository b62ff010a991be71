//! [`PrepareOptions`] (API.md §1) and their validation into the effective [`Settings`].

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::header::MAX_SIDE;
use super::presets::{Preset, NO_PRESET};
use crate::error::{EkycError, Result};

/// Smallest accepted `maxSide`, px.
pub const MIN_MAX_SIDE: u32 = 64;
/// Smallest accepted `maxBytes`: a 200×150 JPEG at the lowest quality takes about 5 KB, so 10 KB can always fit.
pub const MIN_MAX_BYTES: u32 = 10_000;
/// Largest accepted `maxBytes` (50 MB): more is a unit mistake (bits, or a Base64 length in characters?).
pub const MAX_MAX_BYTES: u32 = 50_000_000;
/// Resolution floor of the quality checks when no `minSide` applies (ARGOS's minimum is 640×480).
pub const DEFAULT_RESOLUTION_FLOOR: u32 = 480;

/// Which implementation prepares the image. Chosen by the JS binding; the Rust core is the `wasm` engine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// The fastest available, with the best output: in a browser the platform decodes (`ImageDecoder`,
    /// `createImageBitmap`) and our Lanczos3 resize and JPEG encoder finish (reported as `browser`); `wasm` where
    /// the platform cannot (no canvas, or a `createImageBitmap` that ignores its options) and outside browsers.
    #[default]
    Auto,
    /// The platform all the way: its decoder, scaler (canvas `drawImage`) and JPEG encoder (`toDataURL`,
    /// `convertToBlob`); browsers and workers with `OffscreenCanvas`.
    Browser,
    /// This crate's pure-Rust pipeline: works everywhere, including workers and Node.
    Wasm,
}

/// Options of `prepareImage` (API.md §1). Every field is optional; `onProgress` is handled by the JS binding.
///
/// ```
/// use ekyc_bridge::image::{PrepareOptions, Preset};
/// let opts = PrepareOptions { preset: Some(Preset::Selfie), max_bytes: Some(150_000), ..Default::default() };
/// let s = opts.resolve().unwrap();
/// assert_eq!((s.max_side, s.max_bytes, s.min_side), (1280, 150_000, Some(480)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrepareOptions {
    /// Defaults per kind of image (see [`Preset`]); explicit options override them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub preset: Option<Preset>,
    /// Longest side of the output in px (never upscales), 64–16 384.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_side: Option<u32>,
    /// Hard cap on the encoded JPEG in bytes (not the Base64 length), 10 000–50 000 000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_bytes: Option<u32>,
    /// Sources whose (upright) short side is smaller fail with `image_too_small`; at most `maxSide`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub min_side: Option<u32>,
    /// `true`: `base64` is a `data:image/jpeg;base64,…` URL. Default `false`: plain Base64 as providers want.
    #[serde(default)]
    #[tsify(optional)]
    pub data_url: bool,
    /// Read by the JS binding to pick an engine; ignored by the Rust core, which *is* the `wasm` engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub engine: Option<Engine>,
    /// Run the quality checks (default `true`).
    #[serde(default = "yes")]
    #[tsify(optional)]
    pub checks: bool,
}

fn yes() -> bool {
    true
}

impl Default for PrepareOptions {
    fn default() -> Self {
        PrepareOptions {
            preset: None,
            max_side: None,
            max_bytes: None,
            min_side: None,
            data_url: false,
            engine: None,
            checks: true,
        }
    }
}

/// The effective, validated settings of one call: options merged over the preset's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Longest output side, px.
    pub max_side: u32,
    /// Cap on the JPEG, bytes.
    pub max_bytes: u32,
    /// Hard minimum of the source's upright short side; also the floor the encoder's downscale fallback keeps.
    pub min_side: Option<u32>,
    /// Short side the `resolution` check requires of the output: `min_side` or [`DEFAULT_RESOLUTION_FLOOR`]
    /// (capped at `max_side`).
    pub resolution_floor: u32,
    /// Prefix the Base64 with `data:image/jpeg;base64,`.
    pub data_url: bool,
    /// Run the quality checks.
    pub checks: bool,
}

impl PrepareOptions {
    /// Merges the options over their preset (or [`NO_PRESET`]) and validates the result.
    ///
    /// Fails with `invalid_input` naming the option when `maxSide` is outside 64–16 384, `maxBytes` outside
    /// 10 000–50 000 000, `minSide` is 0 or larger than `maxSide`.
    pub fn resolve(&self) -> Result<Settings> {
        let defaults = self.preset.map_or(NO_PRESET, Preset::defaults);
        let max_side = self.max_side.unwrap_or(defaults.max_side);
        let max_bytes = self.max_bytes.unwrap_or(defaults.max_bytes);
        let min_side = self.min_side.or(defaults.min_side);
        if !(MIN_MAX_SIDE..=MAX_SIDE).contains(&max_side) {
            return Err(EkycError::invalid_input(format!(
                "maxSide must be between {MIN_MAX_SIDE} and {MAX_SIDE} px, got {max_side}"
            )));
        }
        if !(MIN_MAX_BYTES..=MAX_MAX_BYTES).contains(&max_bytes) {
            return Err(EkycError::invalid_input(format!(
                "maxBytes must be between {MIN_MAX_BYTES} and {MAX_MAX_BYTES}, got {max_bytes}"
            )));
        }
        match min_side {
            Some(0) => return Err(EkycError::invalid_input("minSide must be at least 1 px")),
            Some(min) if min > max_side => {
                return Err(EkycError::invalid_input(format!(
                    "minSide {min} is larger than maxSide {max_side}: no output could satisfy both"
                )))
            }
            _ => {}
        }
        let resolution_floor = min_side.unwrap_or(DEFAULT_RESOLUTION_FLOOR.min(max_side));
        Ok(Settings { max_side, max_bytes, min_side, resolution_floor, data_url: self.data_url, checks: self.checks })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn presets_and_overrides() {
        let s = PrepareOptions::default().resolve().unwrap();
        assert_eq!((s.max_side, s.max_bytes, s.min_side, s.resolution_floor), (1920, 1_000_000, None, 480));
        assert!(s.checks && !s.data_url);
        let id = PrepareOptions { preset: Some(Preset::IdCard), ..Default::default() }.resolve().unwrap();
        assert_eq!((id.max_side, id.max_bytes, id.min_side), (1600, 500_000, Some(480)));
        let doc = PrepareOptions { preset: Some(Preset::Document), max_side: Some(1000), ..Default::default() };
        let doc = doc.resolve().unwrap();
        assert_eq!((doc.max_side, doc.max_bytes, doc.min_side), (1000, 1_000_000, None));
        let selfie = PrepareOptions { preset: Some(Preset::Selfie), min_side: Some(720), ..Default::default() };
        assert_eq!(selfie.resolve().unwrap().min_side, Some(720));
    }

    #[test]
    fn out_of_range_options_are_invalid_input() {
        let bad = [
            PrepareOptions { max_side: Some(63), ..Default::default() },
            PrepareOptions { max_side: Some(16_385), ..Default::default() },
            PrepareOptions { max_bytes: Some(9_999), ..Default::default() },
            PrepareOptions { max_bytes: Some(50_000_001), ..Default::default() },
            PrepareOptions { min_side: Some(0), ..Default::default() },
            PrepareOptions { max_side: Some(400), preset: Some(Preset::IdCard), ..Default::default() },
        ];
        for opts in bad {
            assert_eq!(opts.resolve().unwrap_err().code, ErrorCode::InvalidInput, "{opts:?}");
        }
    }

    #[test]
    fn json_names_and_defaults() {
        let opts: PrepareOptions =
            serde_json::from_str(r#"{"preset":"id-card","maxBytes":300000,"dataUrl":true,"engine":"wasm"}"#).unwrap();
        assert_eq!(opts.preset, Some(Preset::IdCard));
        assert_eq!(opts.max_bytes, Some(300_000));
        assert!(opts.data_url && opts.checks);
        assert_eq!(opts.engine, Some(Engine::Wasm));
        let empty: PrepareOptions = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, PrepareOptions::default());
        assert!(serde_json::from_str::<PrepareOptions>(r#"{"preset":"passport"}"#).is_err());
    }
}
