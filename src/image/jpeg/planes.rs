//! Resizing in YCbCr: the source is converted to full-resolution Y, Cb, Cr planes once, then for any target
//! size the luma is resized to the target and the chroma straight to the 4:2:0 size (Lanczos3, one channel
//! each): 1.5 channel-resizes instead of 3 (RGB) or 4 (RGBA) before the encoder's own conversion.
//!
//! The color conversion is affine, so it commutes with the (linear) resampling up to rounding and the 0–255
//! clamp; the files match an RGB resize then [`Transformed::new`] within a few hundredths of a dB
//! (`tests::planes_*`). Resampling the chroma directly also replaces the 2×2 box average of the resized
//! chroma by a Lanczos3 of the source's: the same siting (each sample at the center of its 2×2 luma block),
//! except for odd target sides, where the ⌈n/2⌉ chroma samples span the n luma samples (not n + 1 with the
//! last repeated): at most ¼ chroma sample off at the far edge.
//!
//! Measured in wasm (`+simd128`, Node 20; a scratch crate including these files, like the one in `mod.rs`),
//! `SourcePlanes::new` + `transform` against the RGB(A) resize + [`Transformed::new`]:
//!
//! | source → target           | RGBA (browser)  | RGB (wasm engine) |
//! |---------------------------|-----------------|-------------------|
//! | 1920×1080 → 1600×900      | 11.7 → 10.7 ms  | 9.8 → 11.1 ms     |
//! | 2016×1512 → 1600×1200     | 16.2 → 14.1 ms  | 13.0 → 14.5 ms    |
//!
//! Less than the channel count promises: `fast_image_resize`'s one-channel Lanczos3 costs 3.9 ms for the luma
//! (1920×1080 → 1600×900) and 1.75 ms per chroma plane, where 4 channels cost 8.8 ms (its horizontal pass
//! works per pixel, whatever the channel count; Cb and Cr as one 2-channel plane: 3.05 ms, not worth the
//! interleave). The `wasm` engine still gains overall: its checks read the source luma (0.4 ms) instead of
//! converting the resized RGB (2.7 ms), and a fallback shrink resizes from the source.
//!
//! At the source size nothing is resized: the chroma is box-averaged exactly as [`Transformed::new`] does,
//! and the result equals it bit for bit.

use super::{checked_size, color, Transformed};
use crate::error::{EkycError, ErrorCode, Result};
use crate::image::resize::resize_plane;

/// Color-converted source planes (full resolution), ready to be scaled and transformed at any target size.
pub(crate) struct SourcePlanes {
    width: u32,
    height: u32,
    y: Vec<u8>,
    cb: Vec<u8>,
    cr: Vec<u8>,
}

impl SourcePlanes {
    /// `pixels`: `channels` = 3 (RGB) or 4 (RGBA, alpha ignored: the caller has composited it), row-major, no
    /// padding. `invalid_input` on a wrong length, a zero side or a side over 65535.
    pub(crate) fn new(pixels: &[u8], width: u32, height: u32, channels: usize) -> Result<Self> {
        let bad = |m: String| EkycError::new(ErrorCode::InvalidInput, m);
        if channels != 3 && channels != 4 {
            return Err(bad(format!("JPEG encoding takes RGB or RGBA pixels, not {channels} channels")));
        }
        let (w, h) = checked_size(width, height)?;
        let n = w * h;
        if n.checked_mul(channels) != Some(pixels.len()) {
            return Err(bad(format!(
                "{} bytes of pixels for a {width}×{height} image with {channels} channels",
                pixels.len()
            )));
        }
        let plane = || -> Result<Vec<u8>> {
            let mut p = Vec::new();
            p.try_reserve_exact(n).map_err(|_| bad(format!("{width}×{height} is too large to encode in memory")))?;
            p.resize(n, 0);
            Ok(p)
        };
        let (mut y, mut cb, mut cr) = (plane()?, plane()?, plane()?);
        let rows = y.chunks_exact_mut(w).zip(cb.chunks_exact_mut(w)).zip(cr.chunks_exact_mut(w));
        for (src, ((y, cb), cr)) in pixels.chunks_exact(w * channels).zip(rows) {
            color::convert_full_row(src, channels, y, cb, cr);
        }
        Ok(SourcePlanes { width, height, y, cb, cr })
    }

    /// Lanczos3 to `width`×`height` (never larger than the source, else `invalid_input`; equal size = no
    /// resize: luma copied, chroma box-averaged exactly as [`Transformed::new`] does), then the DCT.
    pub(crate) fn transform(&self, width: u32, height: u32) -> Result<Transformed> {
        let (w, h) = checked_size(width, height)?;
        if width > self.width || height > self.height {
            return Err(EkycError::new(
                ErrorCode::InvalidInput,
                format!("cannot scale {}×{} up to {width}×{height}", self.width, self.height),
            ));
        }
        if (width, height) == (self.width, self.height) {
            let planes = [self.y.as_slice(), &self.cb, &self.cr];
            return Transformed::from_strips(w, h, |strip, top| strip.fill_planes(planes, w, h, top));
        }
        let src = (self.width, self.height);
        let chroma = (width.div_ceil(2), height.div_ceil(2));
        let y = resize_plane(&self.y, src, (width, height))?;
        let cb = resize_plane(&self.cb, src, chroma)?;
        let cr = resize_plane(&self.cr, src, chroma)?;
        Transformed::from_strips(w, h, |strip, top| strip.fill_420(&y, [&cb, &cr], w, h, top))
    }

    /// The source size.
    pub(crate) fn dimensions(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// The full-resolution luma (JFIF Y: BT.601 weights), rows of `width` samples.
    pub(crate) fn luma(&self) -> &[u8] {
        &self.y
    }
}
