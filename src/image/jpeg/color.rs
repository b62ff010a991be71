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
    #[cfg_attr(not(test), allow(dead_code))]
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

    /// As [`Self::fill`], from planes already converted at full resolution (`width`×`height` each, by
    /// [`convert_row`]): the same padding and the same downsampling, so the same samples bit for bit.
    #[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
    pub(super) fn fill_planes(&mut self, [y, cb, cr]: [&[u8]; 3], width: usize, height: usize, top: usize) {
        for r in 0..16 {
            let row = (top + r).min(height.saturating_sub(1));
            let dst = r * self.stride..(r + 1) * self.stride;
            copy_padded(plane_row(y, width, row), self.y.get_mut(dst.clone()));
            copy_padded(plane_row(cb, width, row), self.cb.get_mut(dst.clone()));
            copy_padded(plane_row(cr, width, row), self.cr.get_mut(dst));
        }
        downsample(&self.cb, &mut self.cb2, self.stride);
        downsample(&self.cr, &mut self.cr2, self.stride);
    }

    /// From a luma plane of `width`×`height` and chroma planes already at the 4:2:0 size `⌈width/2⌉`×
    /// `⌈height/2⌉` (resized from a larger source): padded like [`Self::fill`] (last column and row repeated).
    #[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
    pub(super) fn fill_420(&mut self, y: &[u8], [cb, cr]: [&[u8]; 2], width: usize, height: usize, top: usize) {
        for r in 0..16 {
            let row = (top + r).min(height.saturating_sub(1));
            copy_padded(plane_row(y, width, row), self.y.get_mut(r * self.stride..(r + 1) * self.stride));
        }
        let (cw, ch, hs) = (width.div_ceil(2), height.div_ceil(2), self.stride / 2);
        for r in 0..8 {
            let row = (top / 2 + r).min(ch.saturating_sub(1));
            copy_padded(plane_row(cb, cw, row), self.cb2.get_mut(r * hs..(r + 1) * hs));
            copy_padded(plane_row(cr, cw, row), self.cr2.get_mut(r * hs..(r + 1) * hs));
        }
    }
}

/// Row `row` of a plane of rows of `width` samples (empty if out of it).
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
fn plane_row(plane: &[u8], width: usize, row: usize) -> &[u8] {
    plane.get(row * width..(row + 1) * width).unwrap_or(&[])
}

/// Copies `src` to the start of `dst` and repeats its last sample to the end of `dst` (libjpeg's padding).
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
fn copy_padded(src: &[u8], dst: Option<&mut [u8]>) {
    let Some(dst) = dst else { return };
    let n = src.len().min(dst.len());
    let (head, tail) = dst.split_at_mut(n);
    head.copy_from_slice(src.get(..n).unwrap_or(&[]));
    if let Some(&last) = head.last() {
        tail.fill(last);
    }
}

/// Converts one row of `width` pixels of `channels` (3 or 4) bytes into full-resolution planes.
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
pub(super) fn convert_full_row(src: &[u8], channels: usize, y: &mut [u8], cb: &mut [u8], cr: &mut [u8]) {
    match channels {
        4 => convert_row::<4>(src, y, cb, cr),
        _ => convert_row::<3>(src, y, cb, cr),
    }
}

/// Converts one row of `N`-byte pixels (alpha ignored) into the three planes, as far as both reach.
#[inline(always)]
fn convert_row<const N: usize>(src: &[u8], y: &mut [u8], cb: &mut [u8], cr: &mut [u8]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let (src, y, cb, cr) = {
        let done = simd::convert_row::<N>(src, y, cb, cr);
        (src.get(done * N..).unwrap_or(&[]), rest(y, done), rest(cb, done), rest(cr, done))
    };
    for (((p, y), cb), cr) in src.chunks_exact(N).zip(y.iter_mut()).zip(cb.iter_mut()).zip(cr.iter_mut()) {
        let (r, g, b) = (i32::from(p[0]), i32::from(p[1]), i32::from(p[2]));
        *y = ((19595 * r + 38470 * g + 7471 * b + 0x7FFF) >> 16) as u8;
        *cb = ((-11059 * r - 21709 * g + 32768 * b + (128 << 16) + 0x7FFF) >> 16) as u8;
        *cr = ((32768 * r - 27439 * g - 5329 * b + (128 << 16) + 0x7FFF) >> 16) as u8;
    }
}

/// `p[from..]`, empty if `from` is past the end.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn rest(p: &mut [u8], from: usize) -> &mut [u8] {
    p.get_mut(from..).unwrap_or(&mut [])
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
        // The vector loop does whole groups of 16 outputs (an even count, so the bias pattern continues).
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        let (out, a, b) = {
            let done = simd::downsample_row(a, b, out);
            (rest(out, done), a.get(2 * done..).unwrap_or(&[]), b.get(2 * done..).unwrap_or(&[]))
        };
        for (x, ((o, a), b)) in out.iter_mut().zip(a.chunks_exact(2)).zip(b.chunks_exact(2)).enumerate() {
            let sum = u16::from(a[0]) + u16::from(a[1]) + u16::from(b[0]) + u16::from(b[1]);
            *o = ((sum + 1 + (x as u16 & 1)) >> 2) as u8;
        }
    }
}

/// The conversion and the downsampling with wasm `simd128` intrinsics, 16 pixels (outputs) at a time, on the
/// same integer formulas (so bit-exact; compared with the scalar code in wasm by the scratch crate described
/// in `mod.rs`). The callers finish the rows' remainders with the scalar loops.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::*;

    /// A vector as 16 bytes.
    #[inline(always)]
    fn store(v: v128) -> [u8; 16] {
        // SAFETY: both types are 16 bytes of plain data with no invalid bit patterns (lane i = byte i).
        unsafe { core::mem::transmute::<v128, [u8; 16]>(v) }
    }

    /// The first `16·k` pixels of a row (`N` = 3 or 4 bytes each) into the planes; returns `16·k`.
    ///
    /// Each 32-bit lane holds one pixel (R, G, B, X: RGB is spread out by shuffles); `lo` = the 16-bit pairs
    /// (R, B) and `hi` = (G, X), so `i32x4.dot_i16x8_s` with coefficient pairs forms the scalar code's sums.
    /// The coefficients that do not fit `i16` are rewritten exactly: `38470·G = 65536·G − 27066·G` (the
    /// `65536·G` is `hi << 16`), and Cb, Cr as `(C − X) >> 16` with `X` the negated sum, whose `32768·B` /
    /// `32768·R` terms become `−32768`.
    #[inline(always)]
    pub(super) fn convert_row<const N: usize>(src: &[u8], y: &mut [u8], cb: &mut [u8], cr: &mut [u8]) -> usize {
        let pair = |a: i16, b: i16| i16x8(a, b, a, b, a, b, a, b);
        let (y_rb, y_g) = (pair(19595, 7471), pair(-27066, 0));
        let (cb_rb, cb_g) = (pair(11059, -32768), pair(21709, 0));
        let (cr_rb, cr_g) = (pair(-32768, 5329), pair(27439, 0));
        let (y_c, c_c) = (i32x4_splat(0x7FFF), i32x4_splat((128 << 16) + 0x7FFF));
        let low_bytes = u16x8_splat(0x00FF);
        let mut done = 0;
        let planes = y.chunks_exact_mut(16).zip(cb.chunks_exact_mut(16)).zip(cr.chunks_exact_mut(16));
        for (p, ((y, cb), cr)) in src.chunks_exact(16 * N).zip(planes) {
            let px: [v128; 4] = if N == 4 {
                let Ok(a) = <[u8; 64]>::try_from(p) else { break };
                // SAFETY: 64 bytes of plain data as four 16-byte vectors, in order.
                unsafe { core::mem::transmute::<[u8; 64], [v128; 4]>(a) }
            } else {
                let Ok(a) = <[u8; 48]>::try_from(p) else { break };
                // SAFETY: as above, 48 bytes as three vectors.
                let [v0, v1, v2] = unsafe { core::mem::transmute::<[u8; 48], [v128; 3]>(a) };
                [
                    i8x16_shuffle::<0, 1, 2, 0, 3, 4, 5, 0, 6, 7, 8, 0, 9, 10, 11, 0>(v0, v0),
                    i8x16_shuffle::<12, 13, 14, 0, 15, 16, 17, 0, 18, 19, 20, 0, 21, 22, 23, 0>(v0, v1),
                    i8x16_shuffle::<8, 9, 10, 0, 11, 12, 13, 0, 14, 15, 16, 0, 17, 18, 19, 0>(v1, v2),
                    i8x16_shuffle::<4, 5, 6, 0, 7, 8, 9, 0, 10, 11, 12, 0, 13, 14, 15, 0>(v2, v2),
                ]
            };
            let mut ys = [i32x4_splat(0); 4];
            let mut cbs = ys;
            let mut crs = ys;
            for (i, &p) in px.iter().enumerate() {
                let lo = v128_and(p, low_bytes);
                let hi = u16x8_shr(p, 8);
                let yv = i32x4_add(i32x4_add(i32x4_dot_i16x8(lo, y_rb), i32x4_dot_i16x8(hi, y_g)), i32x4_shl(hi, 16));
                ys[i] = i32x4_shr(i32x4_add(yv, y_c), 16);
                let x = i32x4_add(i32x4_dot_i16x8(lo, cb_rb), i32x4_dot_i16x8(hi, cb_g));
                cbs[i] = i32x4_shr(i32x4_sub(c_c, x), 16);
                let x = i32x4_add(i32x4_dot_i16x8(lo, cr_rb), i32x4_dot_i16x8(hi, cr_g));
                crs[i] = i32x4_shr(i32x4_sub(c_c, x), 16);
            }
            // Every value is 0–255, so the saturating narrowings are exact.
            let bytes = |v: [v128; 4]| {
                store(u8x16_narrow_i16x8(i16x8_narrow_i32x4(v[0], v[1]), i16x8_narrow_i32x4(v[2], v[3])))
            };
            y.copy_from_slice(&bytes(ys));
            cb.copy_from_slice(&bytes(cbs));
            cr.copy_from_slice(&bytes(crs));
            done += 16;
        }
        done
    }

    /// The first `16·k` outputs of one downsampled row from full rows `a` and `b`; returns `16·k`.
    #[inline(always)]
    pub(super) fn downsample_row(a: &[u8], b: &[u8], out: &mut [u8]) -> usize {
        let bias = i16x8(1, 2, 1, 2, 1, 2, 1, 2);
        let mut done = 0;
        for ((a, b), out) in a.chunks_exact(32).zip(b.chunks_exact(32)).zip(out.chunks_exact_mut(16)) {
            let (Ok(a), Ok(b)) = (<[u8; 32]>::try_from(a), <[u8; 32]>::try_from(b)) else { break };
            // SAFETY: 32 bytes of plain data as two vectors, in order.
            let [a0, a1] = unsafe { core::mem::transmute::<[u8; 32], [v128; 2]>(a) };
            // SAFETY: as above.
            let [b0, b1] = unsafe { core::mem::transmute::<[u8; 32], [v128; 2]>(b) };
            let half = |a, b| {
                let sum = i16x8_add(u16x8_extadd_pairwise_u8x16(a), u16x8_extadd_pairwise_u8x16(b));
                u16x8_shr(i16x8_add(sum, bias), 2)
            };
            out.copy_from_slice(&store(u8x16_narrow_i16x8(half(a0, b0), half(a1, b1))));
            done += 16;
        }
        done
    }
}
