//! Quality checks on a small grey copy of the output: sharpness (variance of the Laplacian), brightness
//! (mean luma), glare (share of near-saturated pixels) and resolution (short side of the output).
//!
//! They run on a copy of at most [`CHECK_SIDE`] px on its long side so they cost the same for every input,
//! and on the *output* image because that is what the provider will judge.
//!
//! The thresholds were chosen on the generated images of `quality_checks_on_generated_images` in `tests.rs`
//! (a 960×720 ID-card-like synthetic photo with print, hard edges, gradients and ±4 sensor noise, encoded as
//! PNG, prepared with the default options); values measured there:
//!
//! | image                                    | sharpness | brightness | glare  | issues     |
//! |------------------------------------------|-----------|------------|--------|------------|
//! | sharp                                    | 2481      | 154.9      | 0      | —          |
//! | blurred, box ×3 radius 2 (σ ≈ 2 px)      | 68        | 152.7      | 0      | blurry     |
//! | blurred, radius 4                        | 16        | 152.5      | 0      | blurry     |
//! | dark (×0.22)                             | 124       | 34.0       | 0      | too_dark   |
//! | bright (contrast ×0.35 toward white)     | 306       | 220.7      | 0      | too_bright |
//! | glare (white ellipse, 6 % of the frame)  | 2211      | 158.9      | 0.0598 | glare      |
//!
//! Hence: blurry below [`MIN_SHARPNESS`] = 100 (between the σ ≈ 2 blur, 68, and the darkest sharp image, 124 —
//! the variance of the Laplacian scales with contrast², so very dark sharp photos come close; they are flagged
//! `too_dark` anyway), too dark below [`MIN_BRIGHTNESS`] = 60, too bright above [`MAX_BRIGHTNESS`] = 210, glare
//! above [`MAX_GLARE`] = 2 % of the pixels at ≥ [`GLARE_LEVEL`] (an evenly lit photo has ~0 %).

use image::GrayImage;
#[cfg(feature = "image-wasm")]
use image::RgbImage;
use serde::{Deserialize, Serialize};
use tsify::Tsify;

#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
use super::jpeg::SourcePlanes;
#[cfg(feature = "image-wasm")]
use super::resize::shrink_grey;
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
use super::resize::{fit_within, resize_plane, shrink_plane};
use crate::error::Result;

/// Long side of the grey copy the checks run on.
pub const CHECK_SIDE: u32 = 512;
/// Below this variance of the Laplacian (on the grey copy) the image is `blurry`.
pub const MIN_SHARPNESS: f64 = 100.0;
/// Below this mean luma (0–255) the image is `too_dark`.
pub const MIN_BRIGHTNESS: f64 = 60.0;
/// Above this mean luma the image is `too_bright`.
pub const MAX_BRIGHTNESS: f64 = 210.0;
/// A pixel at or above this luma counts as saturated (glare).
pub const GLARE_LEVEL: u8 = 250;
/// Above this share of saturated pixels the image has `glare`.
pub const MAX_GLARE: f64 = 0.02;

/// The result of the quality checks (API.md §1 `QualityChecks`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct QualityChecks {
    /// True when every check below is ok (`issues` is empty).
    pub ok: bool,
    /// Focus: variance of the Laplacian.
    pub sharpness: SharpnessCheck,
    /// Exposure: mean luma.
    pub brightness: BrightnessCheck,
    /// Share of near-saturated pixels.
    pub glare: GlareCheck,
    /// Whether the output's short side reaches the minimum.
    pub resolution: ResolutionCheck,
    /// The failed checks, in the order above.
    pub issues: Vec<QualityIssue>,
}

/// Sharpness: `score` is the variance of the 4-neighbour Laplacian of the grey copy (higher is sharper).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Tsify)]
pub struct SharpnessCheck {
    /// Variance of the Laplacian.
    pub score: f64,
    /// `score >= MIN_SHARPNESS`.
    pub ok: bool,
}

/// Brightness: mean luma 0–255.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Tsify)]
pub struct BrightnessCheck {
    /// Mean luma (BT.601 weights), 0–255.
    pub mean: f64,
    /// Within `MIN_BRIGHTNESS..=MAX_BRIGHTNESS`.
    pub ok: bool,
}

/// Glare: share of pixels at or above [`GLARE_LEVEL`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Tsify)]
pub struct GlareCheck {
    /// 0–1.
    pub fraction: f64,
    /// `fraction <= MAX_GLARE`.
    pub ok: bool,
}

/// Resolution: the output's short side against the minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub struct ResolutionCheck {
    /// The output's short side is at least the minimum (`minSide`, or the preset's).
    pub ok: bool,
}

/// One failed check, as listed in `QualityChecks.issues`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "snake_case")]
pub enum QualityIssue {
    /// Sharpness below the threshold (out of focus or moved).
    Blurry,
    /// Mean luma below the threshold.
    TooDark,
    /// Mean luma above the threshold.
    TooBright,
    /// Too many saturated pixels (reflection on a laminated card, flash).
    Glare,
    /// The output's short side is below the minimum.
    LowResolution,
}

/// Runs every check on `image`; `min_short_side` is the resolution floor.
#[cfg(feature = "image-wasm")]
pub fn assess(image: &RgbImage, min_short_side: u32) -> Result<QualityChecks> {
    let grey = grey_copy(image)?;
    Ok(assess_grey(&grey, image.width().min(image.height()), min_short_side))
}

/// Runs every check on the output of the `wasm` engine and of `auto` in a browser: a `width`×`height` scaling of `source` (whose luma the
/// checks read, so the output's RGB is never needed). The grey copy is the same as [`assess`] makes of the
/// output: Lanczos3 to the output size if that is within [`CHECK_SIDE`], else an area average to at most
/// [`CHECK_SIDE`] (straight from the source: averaging the Lanczos3 output or its source gives the same).
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
pub(crate) fn assess_planes(
    source: &SourcePlanes,
    (width, height): (u32, u32),
    min_short_side: u32,
) -> Result<QualityChecks> {
    let src = source.dimensions();
    let (tw, th) = fit_within(width, height, CHECK_SIDE);
    let luma = if (tw, th) == src {
        source.luma().to_vec()
    } else if (tw, th) == (width, height) {
        resize_plane(source.luma(), src, (tw, th))?
    } else {
        shrink_plane(source.luma(), src, (tw, th))?
    };
    let grey = GrayImage::from_raw(tw, th, luma)
        .ok_or_else(|| crate::error::EkycError::new(crate::error::ErrorCode::Internal, "check copy size"))?;
    Ok(assess_grey(&grey, width.min(height), min_short_side))
}

/// The checks from a small RGBA copy of the output (at most [`CHECK_SIDE`] px on its long side, already
/// shrunk by the caller: the `browser` engine reads it from a tiny `createImageBitmap`), `output_short_side`
/// being the short side of the real output. `rgba.len()` must be `width × height × 4`, else `invalid_input`.
pub fn assess_small_rgba(
    rgba: &[u8],
    width: u32,
    height: u32,
    output_short_side: u32,
    min_short_side: u32,
) -> Result<QualityChecks> {
    if rgba.len() != width as usize * height as usize * 4 {
        return Err(crate::error::EkycError::invalid_input("check copy: pixel buffer does not match its size"));
    }
    let luma: Vec<u8> =
        rgba.chunks_exact(4).map(|p| if let [r, g, b, _] = *p { luma_of(r, g, b) } else { 0 }).collect();
    let grey = GrayImage::from_raw(width, height, luma)
        .ok_or_else(|| crate::error::EkycError::invalid_input("check copy: pixel buffer does not match its size"))?;
    Ok(assess_grey(&grey, output_short_side, min_short_side))
}

fn assess_grey(grey: &GrayImage, output_short_side: u32, min_short_side: u32) -> QualityChecks {
    let (mean, glare) = exposure(grey);
    let score = laplacian_variance(grey);

    let sharpness = SharpnessCheck { score, ok: score >= MIN_SHARPNESS };
    let brightness = BrightnessCheck { mean, ok: (MIN_BRIGHTNESS..=MAX_BRIGHTNESS).contains(&mean) };
    let glare = GlareCheck { fraction: glare, ok: glare <= MAX_GLARE };
    let resolution = ResolutionCheck { ok: output_short_side >= min_short_side };

    let mut issues = Vec::new();
    if !sharpness.ok {
        issues.push(QualityIssue::Blurry);
    }
    if mean < MIN_BRIGHTNESS {
        issues.push(QualityIssue::TooDark);
    }
    if mean > MAX_BRIGHTNESS {
        issues.push(QualityIssue::TooBright);
    }
    if !glare.ok {
        issues.push(QualityIssue::Glare);
    }
    if !resolution.ok {
        issues.push(QualityIssue::LowResolution);
    }
    QualityChecks { ok: issues.is_empty(), sharpness, brightness, glare, resolution, issues }
}

/// BT.601 luma in fixed point.
fn luma_of(r: u8, g: u8, b: u8) -> u8 {
    ((77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b) + 128) >> 8) as u8
}

/// BT.601 luma at full size, then area-averaged down to at most [`CHECK_SIDE`] px.
#[cfg(feature = "image-wasm")]
fn grey_copy(image: &RgbImage) -> Result<GrayImage> {
    let (w, h) = image.dimensions();
    let luma = GrayImage::from_fn(w, h, |x, y| {
        let [r, g, b] = image.get_pixel(x, y).0;
        image::Luma([luma_of(r, g, b)])
    });
    let (tw, th) = fit_within(w, h, CHECK_SIDE);
    shrink_grey(&luma, tw, th)
}

/// Mean luma and share of pixels ≥ [`GLARE_LEVEL`].
fn exposure(grey: &GrayImage) -> (f64, f64) {
    let n = grey.as_raw().len().max(1) as f64;
    let sum: u64 = grey.as_raw().iter().map(|&v| u64::from(v)).sum();
    let saturated = grey.as_raw().iter().filter(|&&v| v >= GLARE_LEVEL).count();
    (sum as f64 / n, saturated as f64 / n)
}

/// Variance of `4·p − (up + down + left + right)` over the interior pixels; 0 for images under 3×3.
fn laplacian_variance(grey: &GrayImage) -> f64 {
    let (w, h) = (grey.width() as usize, grey.height() as usize);
    if w < 3 || h < 3 {
        return 0.0;
    }
    let px = grey.as_raw();
    let (mut sum, mut sum_sq, mut n) = (0f64, 0f64, 0f64);
    // Three rows at a time; `windows` keeps every access in bounds without index arithmetic on the whole buffer.
    let rows: Vec<&[u8]> = px.chunks_exact(w).collect();
    for r in rows.windows(3) {
        let (Some(up), Some(mid), Some(down)) = (r.first(), r.get(1), r.get(2)) else { continue };
        for x in 1..w - 1 {
            let at = |row: &[u8], i: usize| f64::from(row.get(i).copied().unwrap_or(0));
            let lap = 4.0 * at(mid, x) - at(up, x) - at(down, x) - at(mid, x - 1) - at(mid, x + 1);
            sum += lap;
            sum_sq += lap * lap;
            n += 1.0;
        }
    }
    if n == 0.0 {
        return 0.0;
    }
    let mean = sum / n;
    (sum_sq / n - mean * mean).max(0.0)
}

#[cfg(all(test, feature = "image-wasm"))]
mod tests {
    use super::*;

    #[test]
    fn flat_image_has_zero_sharpness_and_its_own_brightness() {
        let img = RgbImage::from_pixel(100, 80, image::Rgb([128, 128, 128]));
        let c = assess(&img, 50).unwrap();
        assert_eq!(c.sharpness.score, 0.0);
        assert!((c.brightness.mean - 128.0).abs() < 1.0);
        assert_eq!(c.glare.fraction, 0.0);
        assert!(c.resolution.ok);
        assert_eq!(c.issues, vec![QualityIssue::Blurry]);
        assert!(!c.ok);
    }

    #[test]
    fn tiny_images_do_not_panic() {
        for (w, h) in [(1, 1), (2, 5), (3, 3), (1000, 1)] {
            let c = assess(&RgbImage::new(w, h), 480).unwrap();
            assert!(c.issues.contains(&QualityIssue::LowResolution));
        }
    }
}
