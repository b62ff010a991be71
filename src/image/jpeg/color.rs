//! RGB → Y, Cb, Cr (JFIF, full range) and the 4:2:0 box average of chroma, one 16-row strip at a time.
//!
//! The conversion is `jpeg-encoder` 0.7.1's `rgb_to_ycbcr` (16-bit fixed point, MIT OR Apache-2.0) and the
//! downsampling its `ChromaSubsamplingMethod::Average` (libjpeg's `h2v2_downsample`: the mean of 2×2 samples
//! with the rounding bias alternating 1, 2 by column), so the samples equal that crate's bit for bit.

/// One strip of 16 full-resolution rows, each `stride` samples (the padded width, a multiple of 16).
pub(super) struct Strip {
    pub(super) stride: usize,
    pub(super) y: Vec<u8>,
    pub(super) cb: Vec<u8>,
    pub(super) cr: Vec<u8>,
    /// The 2×2 averages of `cb` / `cr`: 8 rows of `stride / 2`.
    pub(super) cb2: Vec<u8>,
    pub(super) cr2: Vec<u8>,
}

impl Strip {
    pub(super) fn new(stride: usize) -> Self {
        let n = stride * 16;
        Strip { stride, y: vec![0; n], cb: vec![0; n], cr: vec![0; n], cb2: vec![0; n / 4], cr2: vec![0; n / 4] }
    }

    /// Converts the 16 image rows from `top` (rows past the bottom repeat the last row; columns past the right
    /// edge repeat the last column, as libjpeg pads) and downsamples the chroma.
    /// `pixels` holds `height` rows of `width · channels` bytes (checked by the caller).
    pub(super) fn fill(&mut self, pixels: &[u8], width: usize, height: usize, channels: usize, top: usize) {
        let row_len = width * channels;
        for r in 0..16 {
            let src_row = (top + r).min(height.saturating_sub(1));
            let src = pixels.get(src_row * row_len..(src_row + 1) * row_len).unwrap_or(&[]);
            let dst = r * self.stride..(r + 1) * self.stride;
            let (Some(y), Some(cb), Some(cr)) =
                (self.y.get_mut(dst.clone()), self.cb.get_mut(dst.clone()), self.cr.get_mut(dst))
            else {
                continue;
            };
            match channels {
                4 => convert_row::<4>(src, y, cb, cr),
                _ => convert_row::<3>(src, y, cb, cr),
            }
            // Edge replication to the padded width.
            let filled = width.min(y.len());
            if filled > 0 && filled < y.len() {
                let (ly, lcb, lcr) = (y[filled - 1], cb[filled - 1], cr[filled - 1]);
                y[filled..].fill(ly);
                cb[filled..].fill(lcb);
                cr[filled..].fill(lcr);
            }
        }
        downsample(&self.cb, &mut self.cb2, self.stride);
        downsample(&self.cr, &mut self.cr2, self.stride);
    }
}

/// Converts one row of `N`-byte pixels (alpha ignored) into the three planes, as far as both reach.
#[inline(always)]
fn convert_row<const N: usize>(src: &[u8], y: &mut [u8], cb: &mut [u8], cr: &mut [u8]) {
    for (((p, y), cb), cr) in src.chunks_exact(N).zip(y.iter_mut()).zip(cb.iter_mut()).zip(cr.iter_mut()) {
        let (r, g, b) = (i32::from(p[0]), i32::from(p[1]), i32::from(p[2]));
        *y = ((19595 * r + 38470 * g + 7471 * b + 0x7FFF) >> 16) as u8;
        *cb = ((-11059 * r - 21709 * g + 32768 * b + (128 << 16) + 0x7FFF) >> 16) as u8;
        *cr = ((32768 * r - 27439 * g - 5329 * b + (128 << 16) + 0x7FFF) >> 16) as u8;
    }
}

/// 16 rows of `stride` → 8 rows of `stride / 2`: each output the rounded mean of a 2×2 box, bias 1 on even
/// output columns and 2 on odd ones.
fn downsample(full: &[u8], half: &mut [u8], stride: usize) {
    let hw = stride / 2;
    for (r, out) in half.chunks_exact_mut(hw).enumerate().take(8) {
        let (Some(a), Some(b)) =
            (full.get(2 * r * stride..(2 * r + 1) * stride), full.get((2 * r + 1) * stride..(2 * r + 2) * stride))
        else {
            continue;
        };
        for (x, ((o, a), b)) in out.iter_mut().zip(a.chunks_exact(2)).zip(b.chunks_exact(2)).enumerate() {
            let sum = u16::from(a[0]) + u16::from(a[1]) + u16::from(b[0]) + u16::from(b[1]);
            *o = ((sum + 1 + (x as u16 & 1)) >> 2) as u8;
        }
    }
}
