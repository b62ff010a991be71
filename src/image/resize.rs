//! Downscaling with `fast_image_resize` (SIMD on x86, Arm and wasm `simd128`), and for the 8-bit planes of
//! [`SourcePlanes`](super::jpeg::SourcePlanes) with our own Lanczos3 (super::lanczos), identical to it but
//! 45 % faster in wasm. Never upscales.
//!
//! Filter: Lanczos3. After the JPEG DCT pre-scale the remaining factor is at most 2; there Lanczos3 keeps the
//! fine print and MRZ of ID cards a little crisper than Catmull-Rom, at the price of slight ringing on hard
//! edges. Its wider kernel (6 taps per unit vs 4) was expected to cost more, but measured natively (AVX2) the
//! two are equal — 5.0 vs 4.9 ms for 2016×1512 → 1600×1200 (`measure_12_megapixel_photo`), the resize being
//! memory-bound — so quality decides.

#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
use fast_image_resize::images::{TypedImage, TypedImageRef};
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
use fast_image_resize::pixels::{self, InnerPixel};
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
use fast_image_resize::PixelTrait;
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
#[cfg(feature = "image-wasm")]
use image::{GrayImage, RgbImage};

#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
use crate::error::{EkycError, ErrorCode, Result};

/// The filter of the output resize (both engines; the planes' is the same Lanczos3 in super::lanczos).
#[cfg(feature = "image-wasm")]
const OUTPUT_FILTER: FilterType = FilterType::Lanczos3;

/// The size that fits `width`×`height` within `max_side` on the long side, keeping the aspect ratio; the input
/// size when it already fits (never upscales). Each side is at least 1.
///
/// ```
/// use ekyc_bridge::image::fit_within;
/// assert_eq!(fit_within(4032, 3024, 1600), (1600, 1200));
/// assert_eq!(fit_within(800, 600, 1600), (800, 600));
/// ```
pub fn fit_within(width: u32, height: u32, max_side: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_side || long == 0 {
        return (width, height);
    }
    let scale = f64::from(max_side) / f64::from(long);
    let side = |s: u32| if s == long { max_side } else { ((f64::from(s) * scale).round() as u32).clamp(1, max_side) };
    (side(width), side(height))
}

/// Resizes `image` to exactly `width`×`height` with the output filter; returns it unchanged when the size is equal.
#[cfg(feature = "image-wasm")]
pub(crate) fn resize_rgb(image: RgbImage, width: u32, height: u32) -> Result<RgbImage> {
    if image.dimensions() == (width, height) {
        return Ok(image);
    }
    let (w, h) = image.dimensions();
    let out = resize_raw::<pixels::U8x3>(image.as_raw(), (w, h), (width, height), OUTPUT_FILTER)?;
    RgbImage::from_raw(width, height, out).ok_or_else(|| internal("RGB buffer size"))
}

/// Resizes one 8-bit plane of `w`×`h` (rows of `w` samples) to exactly `width`×`height` with the output filter:
/// the planes of [`SourcePlanes`](super::jpeg::SourcePlanes), resized after the color conversion. Our own
/// Lanczos3, bit-identical to `fast_image_resize`'s: in wasm its horizontal pass costs twice ours (see
/// super::lanczos), and this resize was the largest part of our own time in the browser `prepareImage`.
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
pub(crate) fn resize_plane(plane: &[u8], (w, h): (u32, u32), (width, height): (u32, u32)) -> Result<Vec<u8>> {
    let size = |s: u32| usize::try_from(s).map_err(internal);
    let (src, dst) = ((size(w)?, size(h)?), (size(width.max(1))?, size(height.max(1))?));
    super::lanczos::resize(plane, src, dst).ok_or_else(|| internal(format!("plane of {w}×{h} samples")))
}

/// Area-averages one 8-bit plane of `w`×`h` down to `width`×`height` (for statistics).
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
pub(crate) fn shrink_plane(plane: &[u8], (w, h): (u32, u32), (width, height): (u32, u32)) -> Result<Vec<u8>> {
    resize_raw::<pixels::U8>(plane, (w, h), (width, height), FilterType::Box)
}

/// Area-averages a grey image down to `width`×`height` (for statistics, where averaging beats sharpness).
#[cfg(feature = "image-wasm")]
pub(crate) fn shrink_grey(image: &GrayImage, width: u32, height: u32) -> Result<GrayImage> {
    if image.dimensions() == (width, height) {
        return Ok(image.clone());
    }
    let (w, h) = image.dimensions();
    let out = resize_raw::<pixels::U8>(image.as_raw(), (w, h), (width, height), FilterType::Box)?;
    GrayImage::from_raw(width, height, out).ok_or_else(|| internal("grey buffer size"))
}

/// The typed API on purpose: `Resizer::resize` dispatches over every pixel type at run time, which links
/// all of them into the wasm, including a 512 KiB table for 16-bit alpha; `resize_typed` links only `P`.
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
fn resize_raw<P: PixelTrait + InnerPixel>(
    src: &[u8],
    (w, h): (u32, u32),
    (width, height): (u32, u32),
    filter: FilterType,
) -> Result<Vec<u8>> {
    let src = TypedImageRef::<P>::from_buffer(w, h, src).map_err(internal)?;
    let (width, height) = (width.max(1), height.max(1));
    let mut out = vec![0u8; width as usize * height as usize * P::size()];
    let mut dst = TypedImage::<P>::from_buffer(width, height, &mut out).map_err(internal)?;
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(filter));
    Resizer::new().resize_typed(&src, &mut dst, &options).map_err(internal)?;
    Ok(out)
}

#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
fn internal(e: impl std::fmt::Display) -> EkycError {
    EkycError::new(ErrorCode::Internal, format!("resize failed: {e}"))
}

#[cfg(all(test, feature = "image-wasm"))]
mod tests {
    use super::*;

    #[test]
    fn fit_never_upscales_and_keeps_the_aspect_ratio() {
        assert_eq!(fit_within(4032, 3024, 1600), (1600, 1200));
        assert_eq!(fit_within(3024, 4032, 1600), (1200, 1600));
        assert_eq!(fit_within(1600, 1200, 1600), (1600, 1200));
        assert_eq!(fit_within(100, 50, 1600), (100, 50));
        assert_eq!(fit_within(10_000, 1, 1000), (1000, 1));
        assert_eq!(fit_within(2000, 2000, 64), (64, 64));
    }

    #[test]
    fn resizes_to_the_exact_size() {
        let img = RgbImage::from_fn(300, 200, |x, y| image::Rgb([(x * 255 / 299) as u8, y as u8, 128]));
        let out = resize_rgb(img, 150, 100).unwrap();
        assert_eq!(out.dimensions(), (150, 100));
        // A smooth gradient stays a gradient.
        assert!(out.get_pixel(149, 0)[0] > 200 && out.get_pixel(0, 0)[0] < 10);
    }
}
