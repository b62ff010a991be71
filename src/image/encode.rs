//! JPEG encoding under a byte budget in as few encodes as possible.
//!
//! Rate control. `ln(bytes)` as a function of the quality setting has nearly the same *shape* `g(q)` for every
//! photo; only its offset (how much detail and noise the content has) varies a lot. Measured on 1600 px images
//! (`measure_size_versus_quality` in `tests.rs`: synthetic photos with noise ±3, ±8, ±15, a blurred one, and a
//! real 2268×1512 camera photo), `ln(bpp) − ln(bpp at q80)`:
//!
//! | q      | 40    | 50    | 60    | 70    | 80 | 85   | 90   | 92   |
//! |--------|-------|-------|-------|-------|----|------|------|------|
//! | mean   | −0.75 | −0.62 | −0.49 | −0.29 | 0  | 0.21 | 0.50 | 0.62 |
//! | spread | ±0.3  | ±0.25 | ±0.15 | ±0.1  | 0  | ±0.08| ±0.13| ±0.17|
//!
//! while `ln(bpp at q80)` itself ranged from −0.95 (blurred) to +0.61 (heavy noise). So:
//! 1. **Predict** `q₀` from the bits-per-pixel budget with a prior offset (a typical phone photo).
//! 2. **Correct once**: take the offset from the observed size, solve `g(q₁)` for the budget.
//! 3. **Fallback**, rarely: a secant step in `g` through both observations (corrects the content's slope); then
//!    [`Q_MIN`]; if even that is too big, downscale by √(budget/size) (at most 0.85) at `Q_MIN`, never below
//!    the caller's minimum short side.
//!
//! A blind binary search over quality takes 6–7 encodes; this takes 1–2 on typical photos, 3 at most before the
//! downscale fallback. Output: baseline JPEG, 4:2:0 chroma (box-averaged), JFIF header only — no EXIF, the
//! pixels are already upright.

use image::RgbImage;
use jpeg_encoder::{ChromaSubsamplingMethod, ColorType, Encoder, SamplingFactor};

use super::resize::resize_rgb;
use crate::error::{EkycError, ErrorCode, Result};

/// The lowest quality used (0.4 in the public 0–1 scale): below it JPEG blocks blur the fine print of ID cards.
pub const Q_MIN: u8 = 40;
/// The highest quality used: above it bytes grow fast with no gain a verification service can use.
pub const Q_MAX: u8 = 92;

/// Fraction of `max_bytes` the estimates aim at, so a small model error still lands under the cap.
const AIM: f64 = 0.92;
/// A first encode between this fraction of `max_bytes` and the cap is accepted as is.
const GOOD_ENOUGH: f64 = 0.70;
/// The shape `g(q)` of `ln(bytes)` against quality, relative to q = 80 (mean of the table above).
const SHAPE: [(f64, f64); 8] =
    [(40.0, -0.75), (50.0, -0.62), (60.0, -0.49), (70.0, -0.29), (80.0, 0.0), (85.0, 0.21), (90.0, 0.50), (92.0, 0.62)];
/// Prior `ln(bits per pixel)` at q = 80 before anything is known of the content: a phone photo with some
/// sensor noise (between the real photo, −0.64, and the ±8 noise synthetic, +0.12).
const PRIOR_LN_BPP_AT_80: f64 = -0.2;
/// Downscale factor bound of the fallback.
const MAX_DOWNSCALE: f64 = 0.85;

/// The encoded output of [`encode_within`].
#[derive(Debug, Clone)]
pub(crate) struct Encoded {
    /// The JPEG file.
    pub bytes: Vec<u8>,
    /// The quality used, 1–100.
    pub quality: u8,
    /// How many full encodes it took.
    pub encodes: u32,
    /// The image actually encoded (smaller than the input if the fallback downscaled it).
    pub image: RgbImage,
}

/// Encodes `image` as a JPEG of at most `max_bytes`, at the highest quality the rate control finds.
///
/// If even [`Q_MIN`] is too big, the image is downscaled (short side never below `min_short_side`); when that
/// floor is reached the call fails with `image_cannot_fit`. `on_encode` is called after each encode (for progress).
pub(crate) fn encode_within(
    image: RgbImage,
    max_bytes: usize,
    min_short_side: u32,
    on_encode: &mut dyn FnMut(u32),
) -> Result<Encoded> {
    let mut encodes = 0u32;
    let mut encode = |img: &RgbImage, q: u8| -> Result<Vec<u8>> {
        let out = encode_jpeg(img, q)?;
        encodes += 1;
        on_encode(encodes);
        Ok(out)
    };
    let fits = |bytes: &Vec<u8>| bytes.len() <= max_bytes;
    let target = max_bytes as f64 * AIM;

    // 1. Prediction from the prior offset.
    let pixels = f64::from(image.width()) * f64::from(image.height());
    let ln_target_bpp = (target * 8.0 / pixels.max(1.0)).ln();
    let q0 = quality_for(ln_target_bpp - PRIOR_LN_BPP_AT_80);
    let s0 = encode(&image, q0)?;
    if fits(&s0) && (q0 == Q_MAX || s0.len() as f64 >= GOOD_ENOUGH * max_bytes as f64) {
        return Ok(Encoded { bytes: s0, quality: q0, encodes, image });
    }

    // 2. One corrected estimate: the content's offset from the observed size, the prior shape.
    let (ln_target, ln0) = (target.ln(), (s0.len() as f64).ln());
    let q1 = quality_for(shape(q0) + ln_target - ln0);
    let mut smallest = (q0, s0.len());
    if q1 != q0 {
        let s1 = encode(&image, q1)?;
        match (fits(&s1), fits(&s0)) {
            (true, true) if q1 > q0 => return Ok(Encoded { bytes: s1, quality: q1, encodes, image }),
            (true, false) => return Ok(Encoded { bytes: s1, quality: q1, encodes, image }),
            (_, true) => return Ok(Encoded { bytes: s0, quality: q0, encodes, image }),
            (false, false) => {}
        }
        // 3a. Both too big: secant in g through the two observations, i.e. this content's own slope.
        let ln1 = (s1.len() as f64).ln();
        let dg = shape(q0) - shape(q1);
        let ratio = if dg.abs() > 1e-6 { ((ln0 - ln1) / dg).clamp(0.3, 3.0) } else { 1.0 };
        smallest = (q1, s1.len());
        if q1 > Q_MIN {
            let q2 = quality_for(shape(q1) + ((target * 0.97).ln() - ln1) / ratio).min(q1 - 1);
            let s2 = encode(&image, q2)?;
            if fits(&s2) {
                return Ok(Encoded { bytes: s2, quality: q2, encodes, image });
            }
            smallest = (q2, s2.len());
        }
    } else if fits(&s0) {
        return Ok(Encoded { bytes: s0, quality: q0, encodes, image });
    }

    // 3b. Make sure the minimum quality was tried before shrinking the image.
    if smallest.0 > Q_MIN {
        let s = encode(&image, Q_MIN)?;
        if fits(&s) {
            return Ok(Encoded { bytes: s, quality: Q_MIN, encodes, image });
        }
        smallest = (Q_MIN, s.len());
    }

    // 3c. Downscale at the minimum quality until it fits or the short side would drop below the floor.
    let mut image = image;
    let mut size = smallest.1;
    loop {
        let factor = ((target / size as f64).sqrt() * 0.97).min(MAX_DOWNSCALE);
        let (w, h) = image.dimensions();
        let short = w.min(h);
        let floor = min_short_side.max(1);
        let scaled = |s: u32| ((f64::from(s) * factor).round() as u32).max(1);
        let (nw, nh) = if scaled(short) < floor {
            // Shrink to the floor exactly, once; if even that does not fit, give up.
            if short <= floor {
                return Err(EkycError::new(
                    ErrorCode::ImageCannotFit,
                    format!(
                        "the image cannot be made smaller than {max_bytes} bytes without going below \
                         {min_short_side} px on its short side (smallest: {size} bytes at {w}×{h}, quality {:.2})",
                        f64::from(Q_MIN) / 100.0
                    ),
                ));
            }
            let f = f64::from(floor) / f64::from(short);
            (
                ((f64::from(w) * f).round() as u32).max(floor.min(w)),
                ((f64::from(h) * f).round() as u32).max(floor.min(h)),
            )
        } else {
            (scaled(w), scaled(h))
        };
        image = resize_rgb(image, nw, nh)?;
        let s = encode(&image, Q_MIN)?;
        if fits(&s) {
            return Ok(Encoded { bytes: s, quality: Q_MIN, encodes, image });
        }
        size = s.len();
    }
}

/// `g(q)`: piecewise-linear interpolation of [`SHAPE`], extended flat beyond its ends.
fn shape(q: u8) -> f64 {
    let q = f64::from(q);
    let mut prev = (f64::from(Q_MIN), SHAPE.first().map_or(0.0, |p| p.1));
    for &(x, y) in &SHAPE {
        if q <= x {
            let t = if x > prev.0 { (q - prev.0) / (x - prev.0) } else { 1.0 };
            return prev.1 + t.clamp(0.0, 1.0) * (y - prev.1);
        }
        prev = (x, y);
    }
    prev.1
}

/// The highest quality in `Q_MIN..=Q_MAX` with `g(q) ≤ level` (`Q_MIN` if none): the inverse of [`shape`].
fn quality_for(level: f64) -> u8 {
    (Q_MIN..=Q_MAX).rev().find(|&q| shape(q) <= level).unwrap_or(Q_MIN)
}

/// One baseline JPEG encode at quality `q` (1–100) with 4:2:0 box-averaged chroma and no metadata.
pub(crate) fn encode_jpeg(image: &RgbImage, q: u8) -> Result<Vec<u8>> {
    let (w, h) = image.dimensions();
    let too_big = || EkycError::new(ErrorCode::Internal, format!("{w}×{h} exceeds the JPEG size limit"));
    let (w16, h16) = (u16::try_from(w).map_err(|_| too_big())?, u16::try_from(h).map_err(|_| too_big())?);
    // Room for a typical photo at this quality; the Vec grows if needed.
    let mut out = Vec::with_capacity((w as usize * h as usize / 4).min(16 << 20));
    let mut encoder = Encoder::new(&mut out, q.clamp(1, 100));
    encoder.set_sampling_factor(SamplingFactor::R_4_2_0);
    encoder.set_chroma_subsampling_method(ChromaSubsamplingMethod::Average);
    encoder
        .encode(image.as_raw(), w16, h16, ColorType::Rgb)
        .map_err(|e| EkycError::new(ErrorCode::Internal, "JPEG encoding failed").with_cause(e))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_is_monotonic_and_inverted_by_quality_for() {
        assert!((Q_MIN..Q_MAX).all(|q| shape(q) < shape(q + 1)));
        assert_eq!(shape(80), 0.0);
        for q in Q_MIN..=Q_MAX {
            assert_eq!(quality_for(shape(q)), q);
        }
        assert_eq!(quality_for(-10.0), Q_MIN);
        assert_eq!(quality_for(10.0), Q_MAX);
        assert_eq!(quality_for(f64::NAN), Q_MIN);
    }

    #[test]
    fn output_has_no_exif_and_is_decodable() {
        let img = RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 100]));
        let jpeg = encode_jpeg(&img, 80).unwrap();
        assert!(jpeg.starts_with(&[0xFF, 0xD8]));
        assert!(!jpeg.windows(6).any(|w| w == b"Exif\0\0"));
        let mut dec = jpeg_decoder::Decoder::new(jpeg.as_slice());
        assert_eq!(dec.decode().unwrap().len(), 64 * 48 * 3);
    }
}
