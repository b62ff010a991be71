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
//! | encode   | JPEG within a byte budget: sizes predicted per quality, normally 1 encode  |
//! | jpeg     | our baseline JPEG encoder: transform once, size at any quality, emit once  |
//! | checks   | sharpness, brightness, glare, resolution                                   |
//! | presets  | `id-card`, `selfie`, `document`                                            |
//! | options  | `PrepareOptions` and validation                                            |
//! | prepared | `PreparedImage`                                                            |
//! | pipeline | `prepare`, `prepare_rgba`                                                  |

mod base64;
pub(crate) mod checks;
#[cfg(feature = "image-wasm")]
mod decode;
// Without the wasm engine, only the browser path (wasm32) uses it.
#[cfg_attr(not(any(feature = "image-wasm", target_arch = "wasm32")), allow(dead_code))]
pub(crate) mod encode;
pub(crate) mod header;
// Our JPEG encoder: both engines' (encode.rs); native builds without the wasm engine do not use it.
#[cfg_attr(not(any(feature = "image-wasm", target_arch = "wasm32")), allow(dead_code))]
pub(crate) mod jpeg;
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
mod lanczos;
mod options;
pub(crate) mod orient;
#[cfg_attr(not(any(feature = "image-wasm", target_arch = "wasm32")), allow(dead_code))]
pub(crate) mod pipeline;
mod prepared;
mod presets;
pub(crate) mod resize;
mod sniff;

pub use self::base64::to_base64;
#[cfg(feature = "image-wasm")]
pub use checks::assess;
pub use checks::{
    assess_small_rgba, BrightnessCheck, GlareCheck, QualityChecks, QualityIssue, ResolutionCheck, SharpnessCheck,
    CHECK_SIDE, GLARE_LEVEL, MAX_BRIGHTNESS, MAX_GLARE, MIN_BRIGHTNESS, MIN_SHARPNESS,
};
pub use encode::{Q_MAX, Q_MIN};
pub use header::{probe, ImageHeader, MAX_PIXELS, MAX_SIDE};
pub use options::{
    Engine, PrepareOptions, Settings, DEFAULT_RESOLUTION_FLOOR, MAX_MAX_BYTES, MIN_MAX_BYTES, MIN_MAX_SIDE,
};
#[cfg(feature = "image-wasm")]
pub use pipeline::{prepare, prepare_rgba};
pub use prepared::{EngineUsed, OriginalImage, OutputMime, PreparedImage, RAW_RGBA_MIME};
pub use presets::{Preset, PresetDefaults, NO_PRESET};
pub use resize::fit_within;
pub use sniff::{sniff, Format};

#[cfg(all(test, feature = "image-wasm"))]
mod quality_lab;
#[cfg(all(test, feature = "image-wasm"))]
mod tests;
