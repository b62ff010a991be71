//! The `wasm` engine of `prepareImage` (API.md §1), in pure Rust: no wasm-bindgen, no I/O, tested natively.
//!
//! [`prepare`](crate::image::prepare) turns JPEG, PNG or WebP bytes into an upright JPEG of at most `maxSide` px and `maxBytes` bytes,
//! with quality checks; [`prepare_rgba`](crate::image::prepare_rgba) does the same from raw pixels; [`probe`](crate::image::probe) reads the format, size and
//! orientation from the header only. Every failure is an [`EkycError`](crate::EkycError) with a stable code,
//! and no input can make this module panic or allocate more than the limits ([`MAX_SIDE`](crate::image::MAX_SIDE), [`MAX_PIXELS`](crate::image::MAX_PIXELS)) allow.
//!
//! | module   | holds                                                                      |
//! |----------|----------------------------------------------------------------------------|
//! | sniff    | format from magic bytes; names HEIC, AVIF, PDF… when unsupported           |
//! | header   | dimensions and EXIF location from headers, size limits                     |
//! | orient   | EXIF orientation 1–8: read and applied                                     |
//! | decode   | JPEG (DCT-scaled), PNG, WebP → RGB8                                        |
//! | resize   | never-upscaling Lanczos3 resize                                            |
//! | encode   | JPEG within a byte budget in 1–3 encodes                                   |
//! | checks   | sharpness, brightness, glare, resolution                                   |
//! | presets  | `id-card`, `selfie`, `document`                                            |
//! | options  | `PrepareOptions` and validation                                            |
//! | prepared | `PreparedImage`                                                            |
//! | pipeline | `prepare`, `prepare_rgba`                                                  |

mod base64;
mod checks;
mod decode;
pub(crate) mod encode;
pub(crate) mod header;
mod options;
mod orient;
pub(crate) mod pipeline;
mod prepared;
mod presets;
mod resize;
mod sniff;

pub use self::base64::to_base64;
pub use checks::{
    assess, assess_small_rgba, BrightnessCheck, GlareCheck, QualityChecks, QualityIssue, ResolutionCheck,
    SharpnessCheck, CHECK_SIDE, GLARE_LEVEL, MAX_BRIGHTNESS, MAX_GLARE, MIN_BRIGHTNESS, MIN_SHARPNESS,
};
pub use encode::{Q_MAX, Q_MIN};
pub use header::{probe, ImageHeader, MAX_PIXELS, MAX_SIDE};
pub use options::{
    Engine, PrepareOptions, Settings, DEFAULT_RESOLUTION_FLOOR, MAX_MAX_BYTES, MIN_MAX_BYTES, MIN_MAX_SIDE,
};
pub use pipeline::{prepare, prepare_rgba};
pub use prepared::{EngineUsed, OriginalImage, OutputMime, PreparedImage, RAW_RGBA_MIME};
pub use presets::{Preset, PresetDefaults, NO_PRESET};
pub use resize::fit_within;
pub use sniff::{sniff, Format};

#[cfg(test)]
mod quality_lab;
#[cfg(test)]
mod tests;
