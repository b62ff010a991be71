//! Per-kind defaults for [`super::PrepareOptions::preset`], from what the providers in this SDK accept
//! (PROVIDERS.md "Image constraints"): every explicit option overrides its preset value.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// What the image is of; selects defaults for `maxSide`, `maxBytes` and `minSide`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// An ID card or passport page: 1600 px, ≤ 500 000 bytes, short side ≥ 480 px (ARGOS needs 640×480;
    /// 1600 px keeps MRZ and fine print legible well under Veriff's 1920 px).
    IdCard,
    /// A face photo: 1280 px, ≤ 200 000 bytes (vendors recommend 50–100 KB), short side ≥ 480 px.
    Selfie,
    /// A full-page document (utility bill, bank statement): 2000 px, ≤ 1 000 000 bytes, no minimum.
    Document,
}

/// The values a preset stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresetDefaults {
    /// Longest side of the output, px.
    pub max_side: u32,
    /// Cap on the encoded JPEG, bytes.
    pub max_bytes: u32,
    /// Sources with a shorter short side fail with `image_too_small`; `None`: no minimum.
    pub min_side: Option<u32>,
}

/// Used when no preset is given: every provider here accepts 1920 px and 1 MB.
pub const NO_PRESET: PresetDefaults = PresetDefaults { max_side: 1920, max_bytes: 1_000_000, min_side: None };

impl Preset {
    /// The defaults of this preset.
    pub const fn defaults(self) -> PresetDefaults {
        match self {
            Preset::IdCard => PresetDefaults { max_side: 1600, max_bytes: 500_000, min_side: Some(480) },
            Preset::Selfie => PresetDefaults { max_side: 1280, max_bytes: 200_000, min_side: Some(480) },
            Preset::Document => PresetDefaults { max_side: 2000, max_bytes: 1_000_000, min_side: None },
        }
    }
}
