//! The `wasm` engine of `prepareImage`: header check → decode (JPEG at DCT scale) → orient → color conversion
//! → resize in YCbCr and encode within `maxBytes` → quality checks → Base64.
//!
//! The resize to the target happens inside the encoder ([`SourcePlanes`](super::jpeg::SourcePlanes)): the
//! decoded image is converted to Y, Cb, Cr once and the luma resized to the target, the chroma straight to the
//! 4:2:0 size — 1.5 channel-resizes instead of 3 — and a fallback shrink resizes from the source again.
//! Rotated inputs (EXIF 5–8) are the exception: see [`RESIZE_BEFORE_ROTATING`].
//!
//! Progress is reported as `(stage, fraction)` where `fraction` is the *overall* progress 0–1, monotonic, and
//! `stage` is one of `"decode"`, `"resize"`, `"encode"`, `"checks"`, `"done"`; a JS progress bar can use the
//! fraction directly. The weights reflect where time goes on a 12 MP photo (decode ≈ 45 %, encode ≈ 35 %).

use super::options::Settings;
use crate::error::{EkycError, ErrorCode, Result};
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
use {
    super::base64::to_base64,
    super::checks::{assess_planes, QualityChecks},
    super::encode::{encode_within, Encoded},
    super::jpeg::SourcePlanes,
    super::prepared::{EngineUsed, OriginalImage, OutputMime, PreparedImage},
};
#[cfg(feature = "image-wasm")]
use {
    super::decode::{decode, flatten},
    super::header::{check_limits, parse},
    super::options::PrepareOptions,
    super::orient::{self, swaps_axes},
    super::prepared::RAW_RGBA_MIME,
    super::resize::{fit_within, resize_rgb},
    super::sniff::Format,
    image::RgbImage,
};

pub(crate) const AT_DECODE: f64 = 0.0;
pub(crate) const AT_RESIZE: f64 = 0.45;
pub(crate) const AT_ENCODE: f64 = 0.55;
pub(crate) const AT_CHECKS: f64 = 0.92;

/// The progress after the `encodes`-th encode: 1 − 2^−n of the encode stage (the first encode covers half of
/// it, each further one half of the rest), as the number of encodes is not known in advance.
pub(crate) fn encode_progress(encodes: u32) -> f64 {
    AT_ENCODE + (AT_CHECKS - AT_ENCODE) * (1.0 - 0.5f64.powi(i32::try_from(encodes).unwrap_or(i32::MAX)))
}

#[cfg(feature = "image-wasm")]
/// Prepares an encoded image (JPEG, PNG or WebP bytes) for a provider: upright, at most `maxSide` px, a JPEG of
/// at most `maxBytes`, with quality checks.
///
/// `progress(stage, fraction)` is called at each stage and after each encode (see the module docs).
///
/// Errors: `invalid_input` (bad options, empty input), `image_unsupported`, `image_decode`, `image_too_large`
/// (refused from the header, before decoding), `image_too_small` (upright short side below `minSide`),
/// `image_cannot_fit` (no quality and size within `maxBytes` without going below `minSide`).
///
/// ```no_run
/// use ekyc_bridge::image::{prepare, PrepareOptions, Preset};
/// # let bytes: Vec<u8> = vec![];
/// let opts = PrepareOptions { preset: Some(Preset::IdCard), ..Default::default() };
/// let out = prepare(&bytes, &opts, &mut |stage, f| println!("{stage} {f:.2}"))?;
/// assert!(out.bytes.len() <= 500_000);
/// # Ok::<(), ekyc_bridge::EkycError>(())
/// ```
pub fn prepare(bytes: &[u8], opts: &PrepareOptions, progress: &mut dyn FnMut(&str, f64)) -> Result<PreparedImage> {
    let settings = opts.resolve()?;
    let (upright, target, original) = decode_upright(bytes, &settings, progress)?;
    finish(upright, target, original, &settings, progress)
}

/// Whether the `wasm` engine resizes in RGB before turning a transposed photo (EXIF 5–8) upright. Measured in
/// wasm (`+simd128`, Node 20), 1920×1080 → 1600×900 RGB: RGB resize 6.7 + rotation of the result 1.2 ms vs
/// rotation of the decoded image 1.7 ms + the YCbCr resize, which for RGB input costs 1.3 ms more than the
/// RGB one (see [`SourcePlanes`](super::jpeg::SourcePlanes)): so resize first. Flips and 180° (2–4) go the
/// planes' way.
#[cfg(feature = "image-wasm")]
const RESIZE_BEFORE_ROTATING: bool = true;

#[cfg(feature = "image-wasm")]
/// The first half of [`prepare`]: header limits, DCT-scaled decode, orientation. Returns the upright image
/// (not yet at the target size, unless [`RESIZE_BEFORE_ROTATING`] applied) and the target size.
fn decode_upright(
    bytes: &[u8],
    settings: &Settings,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<(RgbImage, (u32, u32), OriginalImage)> {
    let parsed = parse(bytes)?;
    let orientation = parsed.orientation();
    let swap = swaps_axes(orientation);
    let (width, height) = if swap { (parsed.height, parsed.width) } else { (parsed.width, parsed.height) };
    check_min_side(width, height, settings)?;

    let target = fit_within(width, height, settings.max_side);
    let stored_target = if swap { (target.1, target.0) } else { target };
    progress("decode", AT_DECODE);
    let decoded = decode(bytes, &parsed, stored_target)?;
    progress("resize", AT_RESIZE);
    let decoded = if swap && RESIZE_BEFORE_ROTATING {
        // Resize in stored orientation, rotate the small result.
        resize_rgb(decoded, stored_target.0, stored_target.1)?
    } else {
        decoded
    };
    let upright = orient::apply(decoded, orientation);

    let original = OriginalImage {
        width,
        height,
        bytes: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
        mime: parsed.format.mime().to_owned(),
        orientation,
    };
    Ok((upright, target, original))
}

#[cfg(feature = "image-wasm")]
/// Prepares raw RGBA pixels (from a canvas, `ImageBitmap` or video frame read by the binding); alpha is
/// composited onto white. Same options, stages and errors as [`prepare`]; `rgba.len()` must be
/// `width × height × 4` (else `invalid_input`).
pub fn prepare_rgba(
    rgba: &[u8],
    width: u32,
    height: u32,
    opts: &PrepareOptions,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<PreparedImage> {
    let settings = opts.resolve()?;
    // The limits first: the length check below multiplies the declared sizes.
    check_limits(Format::Png, width, height).map_err(|e| {
        if e.code == ErrorCode::ImageDecode {
            EkycError::invalid_input(format!("pixel size {width}×{height} is empty"))
        } else {
            e
        }
    })?;
    let expected = width as usize * height as usize * 4;
    if rgba.len() != expected {
        return Err(EkycError::invalid_input(format!(
            "{} bytes of pixels for {width}×{height} RGBA; expected {expected}",
            rgba.len()
        )));
    }
    check_min_side(width, height, &settings)?;
    progress("decode", AT_DECODE);
    let image = image::RgbaImage::from_raw(width, height, rgba.to_vec())
        .ok_or_else(|| EkycError::invalid_input("pixel buffer does not match its size"))?;
    let rgb = flatten(image::DynamicImage::ImageRgba8(image));
    progress("resize", AT_RESIZE);
    let target = fit_within(width, height, settings.max_side);
    let original =
        OriginalImage { width, height, bytes: expected as u32, mime: RAW_RGBA_MIME.to_owned(), orientation: 1 };
    finish(rgb, target, original, &settings, progress)
}

pub(crate) fn check_min_side(width: u32, height: u32, settings: &Settings) -> Result<()> {
    match settings.min_side {
        Some(min) if width.min(height) < min => Err(EkycError::new(
            ErrorCode::ImageTooSmall,
            format!("the image is {width}×{height} px; its short side must be at least {min} px"),
        )),
        _ => Ok(()),
    }
}

#[cfg(feature = "image-wasm")]
/// Encode `image` scaled to `target` within the budget, check, Base64: the part shared by both entry points.
fn finish(
    image: RgbImage,
    target: (u32, u32),
    original: OriginalImage,
    settings: &Settings,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<PreparedImage> {
    let source = SourcePlanes::new(image.as_raw(), image.width(), image.height(), 3)?;
    drop(image);
    encode_prepared(&source, target, original, EngineUsed::Wasm, settings, progress)
}

#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
/// Both engines' last steps once the image is decoded, upright and color-converted: encode it scaled to
/// `target` within the budget ([`encode_within`]), the checks on its luma, Base64.
pub(crate) fn encode_prepared(
    source: &SourcePlanes,
    target: (u32, u32),
    original: OriginalImage,
    engine: EngineUsed,
    settings: &Settings,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<PreparedImage> {
    progress("encode", AT_ENCODE);
    let mut on_encode = |n: u32| progress("encode", encode_progress(n));
    let max_bytes = settings.max_bytes as usize;
    let Encoded { bytes, quality, encodes, width, height } =
        encode_within(source, target, max_bytes, settings.min_side.unwrap_or(1), &mut on_encode)?;
    let checks = if settings.checks {
        progress("checks", AT_CHECKS);
        Some(assess_planes(source, (width, height), settings.resolution_floor)?)
    } else {
        None
    };
    let base64 = to_base64(&bytes, settings.data_url);
    let encoded = Encoded { bytes, quality, encodes, width, height };
    Ok(prepared(encoded, base64, checks, original, engine, progress))
}

#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
/// What `prepareImage` returns, from either engine's file and its Base64 (made from the bytes, or the
/// platform's data URL), and the end of the progress.
pub(crate) fn prepared(
    encoded: Encoded,
    base64: String,
    checks: Option<QualityChecks>,
    original: OriginalImage,
    engine: EngineUsed,
    progress: &mut dyn FnMut(&str, f64),
) -> PreparedImage {
    let Encoded { bytes, quality, encodes, width, height } = encoded;
    progress("done", 1.0);
    PreparedImage {
        base64,
        bytes,
        mime: OutputMime::Jpeg,
        width,
        height,
        quality: f64::from(quality) / 100.0,
        original,
        checks,
        engine,
        elapsed_ms: 0.0,
        encodes,
    }
}
