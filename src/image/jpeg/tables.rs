//! Quantization tables, their quality scaling and the zigzag order.
//!
//! The MS-SSIM-tuned tables and the quality scaling are those of the `jpeg-encoder` crate 0.7.1
//! (`QuantizationTableType::CustomMsSsim`, from mozjpeg's `jcparam.c`; MIT OR Apache-2.0), so that a quality
//! setting means the same tables as with that crate, on which the rate model in `encode.rs` was calibrated. The
//! quantizer (reciprocal, correction, shift 15) is the same too: same coefficients for the same DCT output.

/// `ZIGZAG[k]`: the natural (row-major) index of the `k`-th coefficient in zigzag order.
pub(super) const ZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
    28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54,
    47, 55, 62, 63,
];

/// Luma table tuned for MS-SSIM (mozjpeg), natural order.
const LUMA_MS_SSIM: [u16; 64] = [
    12, 17, 20, 21, 30, 34, 56, 63, 18, 20, 20, 26, 28, 51, 61, 55, 19, 20, 21, 26, 33, 58, 69, 55, 26, 26, 26, 30, 46,
    87, 86, 66, 31, 33, 36, 40, 46, 96, 100, 73, 40, 35, 46, 62, 81, 100, 111, 91, 46, 66, 76, 86, 102, 121, 120, 101,
    68, 90, 90, 96, 113, 102, 105, 103,
];

/// Chroma table tuned for MS-SSIM (mozjpeg), natural order.
const CHROMA_MS_SSIM: [u16; 64] = [
    8, 12, 15, 15, 86, 96, 96, 98, 13, 13, 15, 26, 90, 96, 99, 98, 12, 15, 18, 96, 99, 99, 99, 99, 17, 16, 90, 96, 99,
    99, 99, 99, 96, 96, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99,
];

/// Fixed-point precision of the reciprocals.
const SHIFT: u32 = 15;

/// One quantization table at one quality: the DQT values and the quantizer, all in zigzag order.
#[derive(Debug, Clone)]
pub(super) struct Quantizer {
    /// The table as written in DQT (zigzag order), 1–255.
    pub(super) dqt: [u8; 64],
    /// Twice `2^15 / (8·q)` rounded as `jpeg-encoder` does (the DCT output is scaled by 8): at most 8192, so
    /// the quantizer works in 16-bit lanes (`(x · 2r) >> 16` = `(x · r) >> 15`).
    recip2: [u16; 64],
    /// Rounding offset added to `|coefficient|` before the multiply.
    corr: [u16; 64],
}

impl Quantizer {
    /// The luma (`luma = true`) or chroma table at `quality` (clamped to 1–100), IJG quality scaling.
    pub(super) fn new(quality: u8, luma: bool) -> Self {
        let base = if luma { &LUMA_MS_SSIM } else { &CHROMA_MS_SSIM };
        let quality = u32::from(quality.clamp(1, 100));
        let scale = if quality < 50 { 5000 / quality } else { 200 - quality * 2 };
        let mut q = Quantizer { dqt: [1; 64], recip2: [2; 64], corr: [0; 64] };
        for (k, &natural) in ZIGZAG.iter().enumerate() {
            let v = ((u32::from(base[natural]) * scale + 50) / 100).clamp(1, 255);
            q.dqt[k] = v as u8;
            let (r, c) = reciprocal(v * 8);
            (q.recip2[k], q.corr[k]) = ((2 * r) as u16, c as u16);
        }
        q
    }

    /// Quantizes one block of DCT output (zigzag order, scaled by 8) into `out`: `round(c / (8·q))`, exactly as
    /// `jpeg-encoder`. A branch-free loop over fixed-size arrays of 16-bit lanes, which the compiler vectorizes.
    /// (DCT output of 8-bit samples is below 8200 in magnitude, so `|c| + corr` fits 16 bits.)
    #[inline]
    pub(super) fn quantize(&self, block: &[i16; 64], out: &mut [i16; 64]) {
        for k in 0..64 {
            let v = block[k];
            let a = v.unsigned_abs().saturating_add(self.corr[k]);
            let p = ((u32::from(a) * u32::from(self.recip2[k])) >> 16) as i16;
            // Restore the sign: (p ^ s) - s with s = 0 or -1.
            let s = v >> 15;
            out[k] = (p ^ s).wrapping_sub(s);
        }
    }
}

/// `jpeg-encoder`'s `compute_reciprocal`: the reciprocal and the correction for a divisor.
fn reciprocal(divisor: u32) -> (u32, u32) {
    if divisor <= 1 {
        return (1, 0);
    }
    let mut r = (1 << SHIFT) / divisor;
    let fractional = (1 << SHIFT) % divisor;
    let mut correction = divisor / 2;
    if fractional != 0 {
        if fractional <= correction {
            correction += 1;
        } else {
            r += 1;
        }
    }
    (r, correction)
}
