//! [`PreparedImage`], the result of `prepareImage` (API.md §1), serialized with the exact public names.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::checks::QualityChecks;

/// The MIME type of the output: always JPEG (`"image/jpeg"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub enum OutputMime {
    /// `"image/jpeg"`.
    #[default]
    #[serde(rename = "image/jpeg")]
    Jpeg,
}

/// Which engine produced a [`PreparedImage`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum EngineUsed {
    /// The browser decoded the image (for `engine: "browser"` it also scaled and encoded it).
    Browser,
    /// This crate's pure-Rust pipeline.
    Wasm,
}

/// What the input was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct OriginalImage {
    /// Width as displayed (after EXIF orientation), px.
    pub width: u32,
    /// Height as displayed (after EXIF orientation), px.
    pub height: u32,
    /// Size of the input in bytes (for raw pixels: `width × height × 4`).
    pub bytes: u32,
    /// `"image/jpeg"`, `"image/png"`, `"image/webp"`, or [`RAW_RGBA_MIME`] for raw pixels (the binding may
    /// replace it with what it knows of the source).
    pub mime: String,
    /// The EXIF orientation that was applied, 1–8 (1: none).
    pub orientation: u8,
}

/// `original.mime` of an image given as raw RGBA pixels.
pub const RAW_RGBA_MIME: &str = "image/x-raw-rgba";

/// The prepared image: an upright JPEG within `maxBytes`, its Base64, and what was measured on the way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PreparedImage {
    /// The JPEG in standard Base64 (or a `data:` URL when `dataUrl` was set).
    pub base64: String,
    /// The JPEG file. Not serialized: the binding hands it to JS as a `Uint8Array` (a copy, not a JSON array),
    /// and adds `bytes: Uint8Array` to the TypeScript type.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// Always `"image/jpeg"`.
    pub mime: OutputMime,
    /// Output width, px.
    pub width: u32,
    /// Output height, px.
    pub height: u32,
    /// The JPEG quality used, 0–1 (e.g. 0.82).
    pub quality: f64,
    /// The input as received.
    pub original: OriginalImage,
    /// The quality checks, `null` when disabled with `checks: false`.
    pub checks: Option<QualityChecks>,
    /// `"wasm"` from this crate; the binding sets `"browser"` for its own engine.
    pub engine: EngineUsed,
    /// Wall time of the call in ms. 0 here: the binding measures it with the JS clock (`std::time` panics on wasm).
    pub elapsed_ms: f64,
    /// How many JPEG encodes the rate control needed (diagnostics; not part of the JS result).
    #[serde(skip)]
    pub encodes: u32,
}
