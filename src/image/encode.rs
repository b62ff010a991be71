//! JPEG encoding under a byte budget in as few encodes as possible.
//!
//! **Both engines' encoder** is our own ([`super::jpeg`]): the image is color-converted once, each size tried
//! is scaled and transformed once (DCT), and the size of the file at any quality comes from coefficient
//! statistics for a fraction of an encode ([`size_at`](super::jpeg::Transformed::size_at): exact but for an
//! estimate of the 0xFF byte stuffing, within 0.2 % on photos). [`fit`] searches those sizes for the highest
//! quality that fits and writes the file once; [`encode_within`] adds the downscale fallback.
//!
//! The search starts from a model. `ln(bytes)` as a function of the quality setting has nearly the same
//! *shape* `g(q)` for every photo; only its offset (how much detail and noise the content has) varies a lot.
//! Measured with this encoder's tables (MS-SSIM tables, optimized Huffman) on the ten `make bench` cases
//! (`rate_model_lab` in `quality_lab.rs`), `ln(bytes) − ln(bytes at q80)`:
//!
//! | q      | 40    | 50    | 60    | 70    | 80 | 85   | 90   | 92   |
//! |--------|-------|-------|-------|-------|----|------|------|------|
//! | mean   | −0.74 | −0.57 | −0.42 | −0.24 | 0  | 0.15 | 0.37 | 0.49 |
//! | spread | ±0.2  | ±0.15 | ±0.1  | ±0.05 | 0  | ±0.03| ±0.07| ±0.1 |
//!
//! while `ln(bits per pixel at q80)` itself ranged from +0.22 (the screenshot) to +0.55 (noisy photos); a
//! blurred or clean photo is far lower (−0.9 with the IJG tables in the first calibration). Predicting `q₀`
//! from a prior offset, then correcting from each observed size ([`estimate_quality`]) takes 3 sizes on the
//! bench photos, where a blind bisection takes 6–7.
//!
//! **The platform's encoder** (`engine: "browser"`) has no such sizes: each try is a full encode. There the
//! state machine [`RateControl`] predicts `q₀` with the same kind of model ([`NATIVE_MODEL`]), corrects once,
//! a secant step if needed, then [`Q_MIN`], then shrink: 1–3 encodes.
//!
//! Output: baseline JPEG, 4:2:0 chroma, JFIF header only — no EXIF, the pixels are already upright. The tables
//! and the model above were measured with the `jpeg-encoder` crate set up as `encode_jpeg`'s table says; our
//! encoder has the same samples, DCT, quantization and tables (same pixels) and sizes within 0–2 %.

#[cfg(all(feature = "image-wasm", test))]
use image::RgbImage;

#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
use super::jpeg::SourcePlanes;
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
use super::jpeg::Transformed;
use crate::error::{EkycError, ErrorCode, Result};

/// The lowest quality used (0.4 in the public 0–1 scale): below it JPEG blocks blur the fine print of ID cards.
pub const Q_MIN: u8 = 40;
/// The highest quality used: above it bytes grow fast with no gain a verification service can use.
pub const Q_MAX: u8 = 92;

/// Fraction of `max_bytes` the estimates aim at: close to the cap (bytes are quality), with room for the
/// model's error after one correction (±3 % typical) so the corrected encode rarely overshoots.
const AIM: f64 = 0.96;
#[cfg(any(target_arch = "wasm32", test))]
/// An encode that fits and uses at least this fraction of `max_bytes` is accepted; below it, and within
/// [`MAX_TRIES`], one more encode aims closer (one quality step is ≈ 4 % of bytes, so 0.90 is about two steps).
const GOOD_ENOUGH: f64 = 0.90;
#[cfg(any(target_arch = "wasm32", test))]
/// Encodes at one size before settling for the best that fits (or falling back to [`Q_MIN`] and shrinking).
const MAX_TRIES: usize = 3;
/// How an encoder's output size responds to its quality setting: the shape `g(q)` of `ln(bytes)` against
/// quality relative to q = 80, and the prior `ln(bits per pixel)` at q = 80 before anything is known of the
/// content. Each encoder has its own (its tables differ); the state machine is the same.
#[derive(Debug)]
pub(crate) struct Model {
    shape: [(f64, f64); 8],
    prior_ln_bpp_at_80: f64,
}

/// This crate's encoder ([`encode_jpeg`]: MS-SSIM tables, optimized Huffman): the mean of the table above; the
/// prior is a detailed phone photo with sensor noise (the bench photos average +0.42; cleaner photos are lower
/// and cost one correction).
#[cfg(any(feature = "image-wasm", target_arch = "wasm32", test))]
pub(crate) const WASM_MODEL: Model = Model {
    shape: [
        (40.0, -0.74),
        (50.0, -0.57),
        (60.0, -0.42),
        (70.0, -0.24),
        (80.0, 0.0),
        (85.0, 0.15),
        (90.0, 0.37),
        (92.0, 0.49),
    ],
    prior_ln_bpp_at_80: 0.35,
};

/// A libjpeg-style encoder with the IJG (Annex K) tables and fixed Huffman tables, as the browsers' canvas
/// encoders are: the first calibration of this rate control (jpeg-encoder with those settings on synthetic
/// photos with noise ±3…±15, a blurred one and a real 2268×1512 photo; spread ±0.1 near q80, ±0.3 at q40);
/// prior: the bench photos at the highest quality that fits average +0.5, a real phone photo −0.6 → +0.3.
#[cfg(any(target_arch = "wasm32", test))]
pub(crate) const NATIVE_MODEL: Model = Model {
    shape: [
        (40.0, -0.75),
        (50.0, -0.62),
        (60.0, -0.49),
        (70.0, -0.29),
        (80.0, 0.0),
        (85.0, 0.21),
        (90.0, 0.50),
        (92.0, 0.62),
    ],
    prior_ln_bpp_at_80: 0.3,
};

impl Model {
    /// `g(q)`: piecewise-linear interpolation of the shape table, extended flat beyond its ends.
    fn shape(&self, q: u8) -> f64 {
        let q = f64::from(q);
        let mut prev = (f64::from(Q_MIN), self.shape.first().map_or(0.0, |p| p.1));
        for &(x, y) in &self.shape {
            if q <= x {
                let t = if x > prev.0 { (q - prev.0) / (x - prev.0) } else { 1.0 };
                return prev.1 + t.clamp(0.0, 1.0) * (y - prev.1);
            }
            prev = (x, y);
        }
        prev.1
    }

    /// The highest quality in `Q_MIN..=Q_MAX` with `g(q) ≤ level` (`Q_MIN` if none): the inverse of `shape`.
    fn quality_for(&self, level: f64) -> u8 {
        (Q_MIN..=Q_MAX).rev().find(|&q| self.shape(q) <= level).unwrap_or(Q_MIN)
    }
}

/// Downscale factor bound of the fallback.
const MAX_DOWNSCALE: f64 = 0.85;

#[cfg(any(target_arch = "wasm32", test))]
/// What the caller of [`RateControl`] does next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Step {
    /// Encode the current image at this quality and report the size with [`RateControl::observe`].
    Encode(u8),
    /// Done: the encode already observed at this quality (at the current size) is the answer.
    Accept(u8),
    /// Even [`Q_MIN`] is too big: shrink the image by about this factor (see [`shrunk_size`]), encode it at
    /// [`Q_MIN`] and observe.
    Shrink(f64),
}

#[cfg(any(target_arch = "wasm32", test))]
/// The byte-budget rate control as a pure state machine: it sees `(quality, bytes)` observations and says what
/// to do next, so the synchronous Rust encoder ([`encode_within`]) and the browser's asynchronous
/// `convertToBlob` loop (`crate::browser::image`) share one implementation of the logic.
///
/// 1. **Predict** `q₀` from the bits-per-pixel budget with a prior offset (a typical phone photo): [`Self::new`].
/// 2. **Correct once**: take the content's offset from the observed size, solve `g(q₁)` for [`AIM`] × budget.
/// 3. With two observations, a secant in `g` (the content's own slope), still only if the best fit so far
///    uses less than [`GOOD_ENOUGH`] of the budget and [`MAX_TRIES`] is not reached; then the best that fits,
///    else [`Q_MIN`], else shrink.
#[derive(Debug, Clone)]
pub(crate) struct RateControl {
    model: &'static Model,
    max_bytes: usize,
    /// Observations at the current size.
    seen: Vec<(u8, usize)>,
    /// After a [`Step::Shrink`]: every observation is at [`Q_MIN`] on a smaller image.
    shrinking: bool,
}

#[cfg(any(target_arch = "wasm32", test))]
impl RateControl {
    /// A rate control for an encoder described by `model`, `max_bytes` and an image of `pixels` pixels, and
    /// the first quality to encode at.
    pub(crate) fn new(model: &'static Model, max_bytes: usize, pixels: f64) -> (Self, u8) {
        let target = max_bytes as f64 * AIM;
        let ln_target_bpp = (target * 8.0 / pixels.max(1.0)).ln();
        let q0 = model.quality_for(ln_target_bpp - model.prior_ln_bpp_at_80);
        (RateControl { model, max_bytes, seen: Vec::with_capacity(MAX_TRIES + 1), shrinking: false }, q0)
    }

    /// Records that the encode at `quality` took `bytes`, and says what to do next.
    pub(crate) fn observe(&mut self, quality: u8, bytes: usize) -> Step {
        let fits = |b: usize| b <= self.max_bytes;
        if self.shrinking {
            return if fits(bytes) {
                Step::Accept(quality)
            } else {
                Step::Shrink(shrink_factor(self.max_bytes, bytes))
            };
        }
        // A quality seen again (our encoder's real size after its estimate) replaces the earlier observation.
        match self.seen.iter_mut().find(|o| o.0 == quality) {
            Some(o) => o.1 = bytes,
            None => self.seen.push((quality, bytes)),
        }
        let best = self.seen.iter().filter(|o| fits(o.1)).max_by_key(|o| o.0).copied();
        // The lowest quality known to be too big: the next try must stay below it.
        let ceiling = self.seen.iter().filter(|o| !fits(o.1)).map(|o| o.0).min().unwrap_or(Q_MAX + 1);
        let floor = best.map_or(Q_MIN, |b| b.0 + 1);
        if let Some((q, b)) = best {
            let good = q == Q_MAX || b as f64 >= GOOD_ENOUGH * self.max_bytes as f64;
            if good || self.seen.len() >= MAX_TRIES || floor >= ceiling {
                return Step::Accept(q);
            }
        }
        if best.is_none() && (self.seen.len() >= MAX_TRIES || ceiling == Q_MIN) {
            return if ceiling > Q_MIN { Step::Encode(Q_MIN) } else { self.start_shrinking(bytes) };
        }
        let next = self.estimate().clamp(floor, ceiling.saturating_sub(1).max(floor));
        if self.seen.iter().any(|o| o.0 == next) {
            // Nothing new to learn at this quality.
            return match best {
                Some((q, _)) => Step::Accept(q),
                None if ceiling > Q_MIN => Step::Encode(Q_MIN),
                None => self.start_shrinking(bytes),
            };
        }
        Step::Encode(next)
    }

    fn start_shrinking(&mut self, bytes: usize) -> Step {
        self.shrinking = true;
        Step::Shrink(shrink_factor(self.max_bytes, bytes))
    }

    /// The quality expected to land on [`AIM`] × budget (see [`estimate_quality`]).
    fn estimate(&self) -> u8 {
        estimate_quality(self.model, &self.seen, (self.max_bytes as f64 * AIM).ln())
    }
}

/// The quality expected to give `exp(ln_target)` bytes, from the `(quality, bytes)` observations: the model's
/// shape through the observation nearest the target, and with two or more, the slope of the two nearest
/// (clamped to 0.3–3× the model's). [`Q_MIN`] with no observation.
fn estimate_quality(m: &Model, seen: &[(u8, usize)], ln_target: f64) -> u8 {
    let dist = |o: &(u8, usize)| ((o.1 as f64).ln() - ln_target).abs();
    let mut by_distance = seen.to_vec();
    by_distance.sort_by(|a, b| dist(a).total_cmp(&dist(b)));
    let Some(&(q0, b0)) = by_distance.first() else { return Q_MIN };
    let ln0 = (b0 as f64).ln();
    let slope = match by_distance.get(1) {
        Some(&(q1, b1)) if (m.shape(q0) - m.shape(q1)).abs() > 1e-6 => {
            (((b1 as f64).ln() - ln0) / (m.shape(q1) - m.shape(q0))).clamp(0.3, 3.0)
        }
        _ => 1.0,
    };
    m.quality_for(m.shape(q0) + (ln_target - ln0) / slope)
}

/// What [`fit`] made of one image size.
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
pub(crate) enum Fit {
    /// The file at the highest quality (1–100) that fits.
    Encoded { bytes: Vec<u8>, quality: u8 },
    /// Even [`Q_MIN`] is over the budget (`smallest` bytes there): shrink by about `factor` ([`shrunk_size`]).
    Shrink { factor: f64, smallest: usize },
}

/// Our encoder under the budget: the highest quality in [`Q_MIN`]..=[`Q_MAX`] whose size fits `max_bytes`,
/// then one encode. Sizes come from [`Transformed::size_at`] (≈ 7 % of an encode each): the model's prior
/// predicts the first quality from the bits per pixel, each size corrects the estimate
/// ([`estimate_quality`], aiming at the budget itself), and the search ends when the qualities that fit and
/// those that do not are adjacent — 3–5 sizes on the bench photos, where a bisection takes 6. A file over the
/// budget (the stuffing estimate was short by the last bytes) is encoded again one quality lower; when only
/// [`Q_MIN`]'s estimate misses, by less than 1 %, its real file decides before the image is shrunk.
/// `on_encode` is called after each file written.
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
pub(crate) fn fit(t: &Transformed, max_bytes: usize, pixels: f64, on_encode: &mut dyn FnMut()) -> Result<Fit> {
    let m = &WASM_MODEL;
    let ln_target = (max_bytes.max(1) as f64).ln();
    let mut q = m.quality_for((max_bytes as f64 * 8.0 / pixels.max(1.0)).ln() - m.prior_ln_bpp_at_80);
    let mut seen: Vec<(u8, usize)> = Vec::with_capacity(8);
    // The highest quality known to fit and the lowest known not to.
    let (mut fits, mut over) = (None::<u8>, Q_MAX + 1);
    // Each pass narrows fits+1..over-1, so this ends within Q_MAX − Q_MIN + 1 sizes.
    loop {
        let size = t.size_at(q);
        seen.push((q, size));
        if size <= max_bytes {
            fits = Some(fits.map_or(q, |f| f.max(q)));
        } else {
            over = over.min(q);
        }
        let lo = fits.map_or(Q_MIN, |f| f + 1);
        if lo >= over {
            break;
        }
        q = estimate_quality(m, &seen, ln_target).clamp(lo, over - 1);
    }
    let Some(mut q) = fits else {
        let smallest = seen.iter().map(|o| o.1).min().unwrap_or(0);
        // Within the stuffing estimate's error of the budget, the real file decides before anything shrinks.
        if smallest <= max_bytes + max_bytes / 100 {
            let bytes = t.encode(Q_MIN);
            on_encode();
            if bytes.len() <= max_bytes {
                return Ok(Fit::Encoded { bytes, quality: Q_MIN });
            }
        }
        return Ok(Fit::Shrink { factor: shrink_factor(max_bytes, smallest), smallest });
    };
    loop {
        let bytes = t.encode(q);
        on_encode();
        if bytes.len() <= max_bytes {
            return Ok(Fit::Encoded { bytes, quality: q });
        }
        if q == Q_MIN {
            return Ok(Fit::Shrink { factor: shrink_factor(max_bytes, bytes.len()), smallest: bytes.len() });
        }
        q -= 1;
    }
}

/// The encoder outputs at the current size, kept until the rate control accepts one: the bookkeeping both
/// engines' encode loops share (`T` is a `Blob` for the browser's encoder; ours needs it no more).
#[cfg(target_arch = "wasm32")]
pub(crate) struct Trials<T> {
    outputs: Vec<(u8, usize, T)>,
}

#[cfg(target_arch = "wasm32")]
impl<T> Trials<T> {
    pub(crate) fn new() -> Self {
        Trials { outputs: Vec::with_capacity(MAX_TRIES + 1) }
    }

    /// Keeps `output`, the encode at `quality` of `bytes` bytes.
    pub(crate) fn push(&mut self, quality: u8, bytes: usize, output: T) {
        self.outputs.push((quality, bytes, output));
    }

    /// The output the rate control accepted ([`Step::Accept`]); the latest one at that quality.
    pub(crate) fn take(self, quality: u8) -> Result<T> {
        self.outputs
            .into_iter()
            .rev()
            .find(|o| o.0 == quality)
            .map(|o| o.2)
            .ok_or_else(|| EkycError::new(ErrorCode::Internal, "rate control accepted an unseen quality"))
    }

    /// The smallest output at the current size, in bytes (0 if none), for [`shrunk_size`]'s message.
    pub(crate) fn smallest(&self) -> usize {
        self.outputs.iter().map(|o| o.1).min().unwrap_or(0)
    }

    /// Forgets every output: the image was shrunk.
    pub(crate) fn clear(&mut self) {
        self.outputs.clear();
    }
}

/// The downscale factor after an encode at [`Q_MIN`] of `bytes` missed `max_bytes`: √(target / bytes) with a
/// 3 % margin, at most [`MAX_DOWNSCALE`].
fn shrink_factor(max_bytes: usize, bytes: usize) -> f64 {
    ((max_bytes as f64 * AIM / bytes.max(1) as f64).sqrt() * 0.97).min(MAX_DOWNSCALE)
}

/// The size to shrink `w`×`h` to by `factor`, never below `min_short_side` on the short side: exactly the
/// floor once, then `image_cannot_fit` (`smallest` describes the last try, for the message).
pub(crate) fn shrunk_size(
    (w, h): (u32, u32),
    factor: f64,
    min_short_side: u32,
    max_bytes: usize,
    smallest: usize,
) -> Result<(u32, u32)> {
    let short = w.min(h);
    let floor = min_short_side.max(1);
    let scaled = |s: u32| ((f64::from(s) * factor).round() as u32).max(1);
    // A size that rounding keeps (sides of a few px) is the floor too: the loops shrinking by this must end.
    let stuck = (scaled(w), scaled(h)) == (w, h);
    if scaled(short) >= floor && !stuck {
        return Ok((scaled(w), scaled(h)));
    }
    if short <= floor || stuck {
        return Err(EkycError::new(
            ErrorCode::ImageCannotFit,
            format!(
                "the image cannot be made smaller than {max_bytes} bytes without going below {min_short_side} px \
                 on its short side (smallest: {smallest} bytes at {w}×{h}, quality {:.2})",
                f64::from(Q_MIN) / 100.0
            ),
        ));
    }
    let f = f64::from(floor) / f64::from(short);
    Ok((((f64::from(w) * f).round() as u32).max(floor.min(w)), ((f64::from(h) * f).round() as u32).max(floor.min(h))))
}

/// The encoded output of [`encode_within`].
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
pub(crate) struct Encoded {
    /// The JPEG file.
    pub bytes: Vec<u8>,
    /// The quality used, 1–100.
    pub quality: u8,
    /// How many files were written (normally 1: the sizes of other qualities are predicted, see the module doc).
    pub encodes: u32,
    /// The size actually encoded (smaller than the target if the fallback downscaled it).
    pub width: u32,
    pub height: u32,
}

/// Encodes `source` scaled to `width`×`height` (at most its own size) as a JPEG of at most `max_bytes`, at the
/// highest quality [`fit`] finds: both engines' encoder.
///
/// The image was color-converted once at its own size ([`SourcePlanes`]); each size tried is resized from
/// those planes (Lanczos3 on the luma and on the chroma straight to 4:2:0: 1.5 channels instead of 3), so a
/// fallback shrink also starts from the source, never from an already resized image. The rate control sees
/// the predicted sizes ([`Transformed::size_at`](super::jpeg::Transformed::size_at)) and the file is written
/// once, at the quality it accepts; if that file still misses the budget (the stuffing estimate was short),
/// it goes one quality lower. If even [`Q_MIN`] is too big, the image is downscaled (short side never below
/// `min_short_side`); when that floor is reached the call fails with `image_cannot_fit`. `on_encode` is
/// called after each file written (for progress).
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
pub(crate) fn encode_within(
    source: &SourcePlanes,
    (width, height): (u32, u32),
    max_bytes: usize,
    min_short_side: u32,
    on_encode: &mut dyn FnMut(u32),
) -> Result<Encoded> {
    let (mut w, mut h) = (width, height);
    let mut encodes = 0u32;
    // Ends: each shrink is by ≤ MAX_DOWNSCALE until `shrunk_size` reaches the floor once, then fails.
    loop {
        let pixels = f64::from(w) * f64::from(h);
        let fitted = fit(&source.transform(w, h)?, max_bytes, pixels, &mut || {
            encodes += 1;
            on_encode(encodes);
        })?;
        match fitted {
            Fit::Encoded { bytes, quality } => {
                return Ok(Encoded { bytes, quality, encodes, width: w, height: h });
            }
            Fit::Shrink { factor, smallest } => {
                (w, h) = shrunk_size((w, h), factor, min_short_side, max_bytes, smallest)?;
            }
        }
    }
}

/// The image ready to be sized and encoded at any quality.
#[cfg(all(feature = "image-wasm", test))]
fn transform(image: &RgbImage) -> Result<Transformed> {
    Transformed::new(image.as_raw(), image.width(), image.height(), 3)
}

/// One baseline JPEG encode at quality `q` (1–100) with no metadata, with the settings that gave the best
/// luma SSIM per byte on the `make bench` photos (`quality_lab.rs`, each setting at the highest quality that
/// fits the bench's budgets, mean SSIM against the Lanczos references):
///
/// | setting                                              | mean SSIM |
/// |------------------------------------------------------|-----------|
/// | 4:2:0, IJG (Annex K) tables, fixed Huffman tables    | 0.9554    |
/// | 4:2:0, IJG tables, optimized Huffman tables          | 0.9584    |
/// | 4:4:4, IJG tables, optimized Huffman tables          | 0.9521    |
/// | 4:2:0, ImageMagick (Robidoux) tables, optimized      | 0.9582    |
/// | **4:2:0, MS-SSIM-tuned tables, optimized Huffman**   | **0.9595**|
///
/// 4:2:0 wins because chroma detail costs bytes the luma needs; optimized Huffman tables cost one more pass
/// over the coefficients (≈ 15 % of an encode) and save 3–8 % of the bytes. (Measured with the `jpeg-encoder`
/// crate; [`super::jpeg`] encodes the same way and gives the same pixels.) Used by the tests and the labs.
#[cfg(all(feature = "image-wasm", test))]
pub(crate) fn encode_jpeg(image: &RgbImage, q: u8) -> Result<Vec<u8>> {
    Ok(transform(image)?.encode(q.clamp(1, 100)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_is_monotonic_and_inverted_by_quality_for() {
        for m in [&WASM_MODEL, &NATIVE_MODEL] {
            assert!((Q_MIN..Q_MAX).all(|q| m.shape(q) < m.shape(q + 1)));
            assert_eq!(m.shape(80), 0.0);
            for q in Q_MIN..=Q_MAX {
                assert_eq!(m.quality_for(m.shape(q)), q);
            }
            assert_eq!(m.quality_for(-10.0), Q_MIN);
            assert_eq!(m.quality_for(10.0), Q_MAX);
            assert_eq!(m.quality_for(f64::NAN), Q_MIN);
        }
    }

    fn shape(q: u8) -> f64 {
        WASM_MODEL.shape(q)
    }

    /// Drives the state machine with a synthetic content model `bytes(q) = max · exp(offset + slope·g(q))`.
    fn drive(max_bytes: usize, pixels: f64, offset: f64, slope: f64) -> (Vec<u8>, Step) {
        let size = |q: u8| (max_bytes as f64 * (offset + slope * shape(q)).exp()) as usize;
        let (mut rc, q0) = RateControl::new(&WASM_MODEL, max_bytes, pixels);
        let mut tried = vec![q0];
        let mut step = rc.observe(q0, size(q0));
        while let Step::Encode(q) = step {
            assert!(tried.len() < 8, "too many encodes: {tried:?}");
            tried.push(q);
            step = rc.observe(q, size(q));
        }
        if let Step::Accept(q) = step {
            assert!(tried.contains(&q), "accepted an unseen quality");
            assert!(size(q) <= max_bytes, "over budget at q{q}");
        }
        (tried, step)
    }

    #[test]
    fn rate_control_fits_in_few_encodes_and_never_over_budget() {
        // Content from clean to very noisy, prior-shaped or steeper/flatter than the prior shape.
        for offset in [-1.0, -0.5, -0.2, 0.0, 0.2, 0.5, 0.8] {
            for slope in [0.7, 1.0, 1.4] {
                let (tried, step) = drive(300_000, 1600.0 * 1200.0, offset, slope);
                if (offset + slope * shape(Q_MIN)).exp() > 1.0 {
                    assert!(matches!(step, Step::Shrink(_)) && tried.contains(&Q_MIN), "{tried:?} {step:?}");
                    continue;
                }
                let Step::Accept(q) = step else { panic!("offset {offset} slope {slope}: {step:?}") };
                assert!(tried.len() <= 4, "offset {offset} slope {slope}: {tried:?}");
                // Close to the budget unless capped by the quality range.
                let used = (offset + slope * shape(q)).exp();
                assert!(used >= 0.8 || q == Q_MAX || q == Q_MIN, "offset {offset} slope {slope}: q{q} uses {used:.2}");
            }
        }
    }

    #[test]
    fn rate_control_asks_to_shrink_when_even_q_min_is_too_big() {
        let (tried, step) = drive(20_000, 4000.0 * 3000.0, 3.0, 1.0);
        assert!(tried.contains(&Q_MIN), "{tried:?}");
        let Step::Shrink(f) = step else { panic!("{step:?}") };
        assert!(f > 0.0 && f <= MAX_DOWNSCALE);
        assert!(shrunk_size((100, 80), 0.5, 80, 20_000, 30_000).is_err());
        assert_eq!(shrunk_size((1000, 800), 0.5, 480, 20_000, 30_000).unwrap(), (600, 480));
        assert_eq!(shrunk_size((1000, 800), 0.8, 480, 20_000, 30_000).unwrap(), (800, 640));
        // Sides rounding keeps are as small as it gets: image_cannot_fit, not the same size again.
        assert_eq!(shrunk_size((3, 2), 0.85, 1, 20_000, 30_000).unwrap_err().code, ErrorCode::ImageCannotFit);
    }

    #[test]
    fn a_real_size_over_budget_replaces_the_estimate_at_that_quality() {
        let (mut rc, q0) = RateControl::new(&WASM_MODEL, 400_000, 1600.0 * 1200.0);
        assert!(q0 > Q_MIN);
        assert_eq!(rc.observe(q0, 390_000), Step::Accept(q0));
        // The file written at q0 came out 200 bytes over: q0 is now too big and the next step is below it.
        match rc.observe(q0, 400_200) {
            Step::Encode(q) | Step::Accept(q) => assert!(q < q0, "{q} vs {q0}"),
            s => panic!("{s:?}"),
        }
    }

    #[test]
    #[cfg(feature = "image-wasm")]
    fn encode_within_writes_one_file_at_a_quality_that_fits() {
        let mut state = 7u32;
        let img = RgbImage::from_fn(640, 480, |x, y| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let n = (state >> 24) as u8 / 16;
            image::Rgb([(x / 3) as u8 + n, (y / 2) as u8 + n, ((x ^ y) & 0x7F) as u8 + n])
        });
        let max = encode_jpeg(&img, 70).unwrap().len() * 102 / 100;
        let mut calls = 0;
        let source = SourcePlanes::new(img.as_raw(), 640, 480, 3).unwrap();
        let out = encode_within(&source, (640, 480), max, 1, &mut |n| calls = n).unwrap();
        assert!(out.bytes.len() <= max);
        assert_eq!((out.encodes, calls), (1, 1));
        assert!((65..=75).contains(&out.quality), "q{}", out.quality);
        // At the source size, the planes give exactly the RGB encoder's file.
        assert_eq!((out.width, out.height), (640, 480));
        assert_eq!(out.bytes, encode_jpeg(&img, out.quality).unwrap());
    }

    #[test]
    #[cfg(feature = "image-wasm")]
    fn encode_within_scales_to_the_target_and_shrinks_from_the_source() {
        let mut state = 11u32;
        let img = RgbImage::from_fn(801, 601, |x, y| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let n = (state >> 24) as u8 / 8;
            image::Rgb([(x / 4) as u8 + n, (y / 3) as u8 + n, ((x ^ y) & 0x7F) as u8 + n])
        });
        let source = SourcePlanes::new(img.as_raw(), 801, 601, 3).unwrap();
        let out = encode_within(&source, (533, 400), 1_000_000, 1, &mut |_| {}).unwrap();
        assert_eq!((out.width, out.height, out.quality), (533, 400, Q_MAX));
        let dec = jpeg_decoder::Decoder::new(out.bytes.as_slice()).decode().unwrap();
        assert_eq!(dec.len(), 533 * 400 * 3);
        // A budget even Q_MIN misses at the target: shrunk, within the budget, short side above the floor.
        let budget = source.transform(533, 400).unwrap().encode(Q_MIN).len() * 6 / 10;
        let small = encode_within(&source, (533, 400), budget, 100, &mut |_| {}).unwrap();
        assert!(
            small.bytes.len() <= budget && small.width < 533 && small.height >= 100,
            "{}×{}",
            small.width,
            small.height
        );
        assert_eq!(small.quality, Q_MIN);
    }

    #[test]
    #[cfg(feature = "image-wasm")]
    fn fit_takes_the_highest_quality_that_fits_and_writes_once() {
        let mut state = 7u32;
        let img = RgbImage::from_fn(480, 360, |x, y| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let n = (state >> 25) as u8 / 4;
            image::Rgb([(x / 3) as u8 + n, (y / 3) as u8 + n, ((x * y) & 0x7F) as u8 + n])
        });
        let t = transform(&img).unwrap();
        // Budgets across the whole quality range, and one between two adjacent qualities' sizes.
        let mid = (t.encode(70).len() + t.encode(71).len()) / 2;
        for max in [t.encode(Q_MIN).len() + 10, t.encode(55).len(), mid, t.encode(85).len() + 1, 10_000_000] {
            let mut writes = 0;
            let Fit::Encoded { bytes, quality } = fit(&t, max, 480.0 * 360.0, &mut || writes += 1).unwrap() else {
                panic!("budget {max}: no fit");
            };
            assert!(bytes.len() <= max, "budget {max}: {} bytes", bytes.len());
            assert_eq!(bytes, t.encode(quality));
            assert_eq!(writes, 1, "budget {max}");
            // The next quality up would not fit by its size (or there is none).
            let next_over = quality == Q_MAX || t.size_at(quality + 1) > max || t.encode(quality + 1).len() > max;
            assert!(next_over, "budget {max}: q{quality} is not the highest");
        }
        // Even Q_MIN is over: a shrink factor, never a file over the budget.
        let tiny = t.encode(Q_MIN).len() / 3;
        let Fit::Shrink { factor, smallest } = fit(&t, tiny, 480.0 * 360.0, &mut || {}).unwrap() else {
            panic!("budget {tiny} fitted");
        };
        assert!(factor > 0.0 && factor <= MAX_DOWNSCALE && smallest > tiny, "{factor} {smallest}");
    }

    #[test]
    #[cfg(feature = "image-wasm")]
    fn output_has_no_exif_and_is_decodable() {
        let img = RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 100]));
        let jpeg = encode_jpeg(&img, 80).unwrap();
        assert!(jpeg.starts_with(&[0xFF, 0xD8]));
        assert!(!jpeg.windows(6).any(|w| w == b"Exif\0\0"));
        let mut dec = jpeg_decoder::Decoder::new(jpeg.as_slice());
        assert_eq!(dec.decode().unwrap().len(), 64 * 48 * 3);
    }
}
