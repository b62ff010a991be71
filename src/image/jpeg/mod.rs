//! Our baseline JPEG encoder, built for rate control: the color conversion, the 4:2:0 downsampling and the
//! forward DCT run once ([`Transformed::new`]); then the file size at any quality ([`Transformed::size_at`])
//! comes from the quantized coefficients' symbol statistics and optimal Huffman code lengths, with no bits
//! written, and the file is written once at the chosen quality ([`Transformed::encode`]).
//!
//! Output: baseline JFIF, 3 components (YCbCr), 4:2:0 chroma (box-averaged at the source size, Lanczos3 when
//! [`SourcePlanes`] scales), one interleaved scan,
//! MS-SSIM-tuned quantization tables (mozjpeg's) scaled by quality as libjpeg does, optimized Huffman tables,
//! no other metadata. Samples, DCT and quantizer are bit-exact with the `jpeg-encoder` crate 0.7.1 configured
//! that way (the reference on which the rate model in `encode.rs` was calibrated); only the scan layout
//! differs (it writes three non-interleaved scans), so sizes match to a fraction of a percent (tested).
//!
//! Parts adapted from `jpeg-encoder` 0.7.1 (<https://github.com/vstroebel/jpeg-encoder>, MIT OR Apache-2.0,
//! itself porting IJG/mozjpeg code): the tables and quantizer (`tables.rs`), the islow DCT (`fdct.rs`), the
//! color conversion and downsampling (`color.rs`) and the optimal Huffman code lengths (`huffman.rs`).
//!
//! Coefficients are kept as `i16` (the DCT output scaled by 8) in zigzag order, six blocks per 16×16 MCU
//! (Y00 Y01 Y10 Y11 Cb Cr) in scan order: 3 bytes per pixel. Quantizing is a multiply-shift over 64 lanes; the
//! statistics pass walks only the non-zero coefficients (a 64-bit mask, `trailing_zeros`).
//!
//! Measured on a 1600×1200 photo-like texture at q80 (`tests::speed`; wasm: the same code built with
//! `+simd128`, run in Node 20): one `jpeg-encoder` encode 16.8 ms native / 19.9 ms wasm; here the transform
//! 7.3 / 4.1 ms (RGBA input: 3.8 ms in wasm), `size_at` 1.1 / 1.4 ms, `encode` 2.7 / 3.5 ms.
//!
//! On wasm with `simd128` the color conversion, the downsampling and the DCT use explicit intrinsics
//! (`color::simd`, `fdct::simd`; 8.2 → 4.1 ms); native builds and `cargo test` run the scalar code, which is
//! the reference. The SIMD paths were checked bit for bit against it in wasm (Node) by a scratch crate that
//! includes these files with `#[path]` next to the scalar versions and compares the DCT on 200 000 random and
//! extreme blocks, the planes on 1 200 strips (RGB and RGBA, widths 1–1024), and `size_at` / `encode` on
//! images of odd sizes; rerun it after changing either path.

mod color;
mod fdct;
mod huffman;
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
mod planes;
mod tables;
#[cfg(test)]
mod tests;
mod writer;

use self::huffman::{Freq, Table};
#[cfg(any(feature = "image-wasm", target_arch = "wasm32"))]
// The lean build: for the `browser` engine's `encode_ours`.
#[cfg_attr(not(feature = "image-wasm"), allow(unused_imports))]
pub(crate) use self::planes::SourcePlanes;
use self::tables::Quantizer;
use crate::error::{EkycError, ErrorCode, Result};

/// Pixels after color conversion, downsampling and the forward DCT, ready to be quantized at any quality.
pub(crate) struct Transformed {
    width: u16,
    height: u16,
    /// Six blocks per MCU, MCUs in raster order; each block in zigzag order.
    blocks: Vec<[i16; 64]>,
}

/// Symbol counts at one quality: DC and AC of luma and chroma (the order of DHT), and the magnitude bits.
struct Stats {
    freq: [Freq; 4],
    extra_bits: u64,
}

/// Which of the four Huffman tables (luma DC, luma AC, chroma DC, chroma AC) block `i % 6` of an MCU uses, as
/// the index of its DC table; and its DC predictor (Y, Cb, Cr).
const BLOCK_TABLE: [usize; 6] = [0, 0, 0, 0, 2, 2];
const BLOCK_COMPONENT: [usize; 6] = [0, 0, 0, 0, 1, 2];

impl Transformed {
    /// `pixels`: `channels` = 3 (RGB) or 4 (RGBA, alpha ignored: the caller has composited it), row-major, no
    /// padding. `invalid_input` on a wrong length, a zero side or a side over 65535. (Both engines go through
    /// [`SourcePlanes`], which equals this at the source size: this is the reference the tests compare with.)
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn new(pixels: &[u8], width: u32, height: u32, channels: usize) -> Result<Self> {
        let bad = |m: String| EkycError::new(ErrorCode::InvalidInput, m);
        if channels != 3 && channels != 4 {
            return Err(bad(format!("JPEG encoding takes RGB or RGBA pixels, not {channels} channels")));
        }
        let (w, h) = checked_size(width, height)?;
        let expected = w.checked_mul(h).and_then(|n| n.checked_mul(channels));
        if expected != Some(pixels.len()) {
            return Err(bad(format!(
                "{} bytes of pixels for a {width}×{height} image with {channels} channels",
                pixels.len()
            )));
        }
        Self::from_strips(w, h, |strip, top| strip.fill(pixels, w, h, channels, top))
    }

    /// The blocks of a `w`×`h` image (checked by [`checked_size`]) whose 16-row strips `fill(strip, top)`
    /// provides (luma padded to the MCU width, chroma downsampled).
    fn from_strips(w: usize, h: usize, mut fill: impl FnMut(&mut color::Strip, usize)) -> Result<Self> {
        let bad = |m: String| EkycError::new(ErrorCode::InvalidInput, m);
        let (Ok(w16), Ok(h16)) = (u16::try_from(w), u16::try_from(h)) else {
            return Err(bad(format!("{w}×{h} exceeds the JPEG limit of 65535 px a side")));
        };
        let (width, height) = (w, h);
        let (mcu_cols, mcu_rows) = (w.div_ceil(16), h.div_ceil(16));
        let count = mcu_cols
            .checked_mul(mcu_rows)
            .and_then(|n| n.checked_mul(6))
            .ok_or_else(|| bad(format!("{width}×{height} is too large to encode")))?;
        let mut blocks: Vec<[i16; 64]> = Vec::new();
        blocks
            .try_reserve_exact(count)
            .map_err(|_| bad(format!("{width}×{height} is too large to encode in memory")))?;

        // Luma blocks inside the image; the MCUs' others are dummies (the right and bottom edge).
        let (real_cols, real_rows) = (w.div_ceil(8), h.div_ceil(8));
        let stride = mcu_cols * 16;
        let mut strip = color::Strip::new(stride);
        for my in 0..mcu_rows {
            fill(&mut strip, my * 16);
            for mx in 0..mcu_cols {
                for (i, (plane, plane_stride, x0, y0)) in [
                    (&strip.y, stride, mx * 16, 0),
                    (&strip.y, stride, mx * 16 + 8, 0),
                    (&strip.y, stride, mx * 16, 8),
                    (&strip.y, stride, mx * 16 + 8, 8),
                    (&strip.cb2, stride / 2, mx * 8, 0),
                    (&strip.cr2, stride / 2, mx * 8, 0),
                ]
                .into_iter()
                .enumerate()
                {
                    // A luma block wholly outside the image is coded as libjpeg does (jccoefct.c): no AC, the
                    // DC of the previous block of the MCU (left, or the row above for the bottom row), so it
                    // costs a few bits. Block 0 of an MCU is always inside.
                    if i < 4 && (2 * mx + i % 2 >= real_cols || 2 * my + i / 2 >= real_rows) {
                        let mut dummy = [0i16; 64];
                        dummy[0] = blocks.last().map_or(0, |b| b[0]);
                        blocks.push(dummy);
                        continue;
                    }
                    blocks.push(block_dct(plane, plane_stride, x0, y0));
                }
            }
        }
        Ok(Transformed { width: w16, height: h16, blocks })
    }

    /// The file size at quality `q` (1–100) with optimized Huffman tables: exact except for the 0x00 bytes
    /// stuffed after each 0xFF byte of the entropy-coded data, estimated as one per [`STUFF_EVERY`] bytes of it
    /// (Huffman-coded data is close to random bytes; measured on photos and textures in the tests).
    pub(crate) fn size_at(&self, q: u8) -> usize {
        let quant = quantizers(q);
        let stats = self.stats(&quant);
        let tables = stats.freq.each_ref().map(Table::optimal);
        let entropy = entropy_bytes(&stats, &tables);
        header_bytes(&tables) + entropy + entropy / STUFF_EVERY
    }

    /// The JPEG file at quality `q` (1–100): SOI, JFIF APP0, DQT, SOF0 (4:2:0, 3 components), DHT (optimized),
    /// SOS, data, EOI. No EXIF.
    pub(crate) fn encode(&self, q: u8) -> Vec<u8> {
        let quant = quantizers(q);
        let stats = self.stats(&quant);
        let tables = stats.freq.each_ref().map(Table::optimal);
        let entropy = entropy_bytes(&stats, &tables);
        let mut out = Vec::with_capacity(header_bytes(&tables) + entropy + entropy / 64 + 16);
        writer::headers(&mut out, self.width, self.height, &quant, &tables);
        self.write_scan(&quant, &tables, &mut out);
        out.extend_from_slice(&[0xFF, 0xD9]);
        out
    }

    /// Quantizes every block and counts the Huffman symbols they need.
    fn stats(&self, quant: &[Quantizer; 2]) -> Stats {
        let mut s = Stats { freq: [[0; 257]; 4], extra_bits: 0 };
        self.walk(quant, &mut s);
        s
    }

    /// Writes the entropy-coded scan: the same walk as [`Self::stats`], emitting codes and magnitude bits.
    fn write_scan(&self, quant: &[Quantizer; 2], tables: &[Table; 4], out: &mut Vec<u8>) {
        let mut scan = Scan { w: writer::BitWriter::new(out), tables };
        self.walk(quant, &mut scan);
        scan.w.finish();
    }

    /// Quantizes every block in scan order and hands its symbols to `sink` (Annex F.1.2): the DC difference
    /// from the component's previous block; each non-zero AC coefficient after its run of zeros, with a ZRL
    /// for every 16 zeros of a longer run; an EOB unless the block ends on a non-zero. The one place these
    /// rules live, so that `size_at` counts exactly what `encode` writes.
    fn walk(&self, quant: &[Quantizer; 2], sink: &mut impl Symbols) {
        let mut pred = [0i16; 3];
        let mut qb = [0i16; 64];
        for mcu in self.blocks.chunks_exact(6) {
            for (i, block) in mcu.iter().enumerate() {
                let t = BLOCK_TABLE[i];
                let c = BLOCK_COMPONENT[i];
                quant[t / 2].quantize(block, &mut qb);
                let diff = qb[0].wrapping_sub(pred[c]);
                pred[c] = qb[0];
                sink.dc(t, diff, magnitude_bits(diff));
                let mut rest = nonzero_mask(&qb) & !1;
                let mut last = 0u32;
                while rest != 0 {
                    let k = rest.trailing_zeros();
                    rest &= rest - 1;
                    let mut run = k - last - 1;
                    last = k;
                    while run > 15 {
                        sink.ac_symbol(t, 0xF0);
                        run -= 16;
                    }
                    let v = qb[(k & 63) as usize];
                    sink.ac(t, run, v, magnitude_bits(v));
                }
                if last != 63 {
                    sink.ac_symbol(t, 0x00);
                }
            }
        }
    }
}

/// What [`Transformed::walk`] does with the symbols of the scan; `t` is the DC table of the block's
/// component (0 luma, 2 chroma), its AC table is `t + 1`.
trait Symbols {
    /// A DC difference `diff` of size category `nb`.
    fn dc(&mut self, t: usize, diff: i16, nb: u32);
    /// The AC coefficient `v` of size `nb` after `run` (0–15) zeros.
    fn ac(&mut self, t: usize, run: u32, v: i16, nb: u32);
    /// An AC symbol without magnitude bits: ZRL (0xF0) or EOB (0x00).
    fn ac_symbol(&mut self, t: usize, symbol: usize);
}

/// Counting: symbol frequencies and magnitude bits, for the optimal tables and the size.
impl Symbols for Stats {
    fn dc(&mut self, t: usize, _diff: i16, nb: u32) {
        self.freq[t & 2][nb as usize & 0xFF] += 1;
        self.extra_bits += u64::from(nb);
    }

    fn ac(&mut self, t: usize, run: u32, _v: i16, nb: u32) {
        self.freq[(t & 2) + 1][((run << 4) | nb) as usize & 0xFF] += 1;
        self.extra_bits += u64::from(nb);
    }

    fn ac_symbol(&mut self, t: usize, symbol: usize) {
        self.freq[(t & 2) + 1][symbol & 0xFF] += 1;
    }
}

/// Writing: each symbol's Huffman code, then its magnitude bits.
struct Scan<'a, 'o> {
    w: writer::BitWriter<'o>,
    tables: &'a [Table; 4],
}

impl Symbols for Scan<'_, '_> {
    fn dc(&mut self, t: usize, diff: i16, nb: u32) {
        let (dc, sym) = (&self.tables[t & 2], nb as usize & 0xFF);
        self.w.put(u32::from(dc.code[sym]), u32::from(dc.len[sym]));
        self.w.put(magnitude_value(diff, nb), nb);
    }

    fn ac(&mut self, t: usize, run: u32, v: i16, nb: u32) {
        let (ac, sym) = (&self.tables[(t & 2) + 1], ((run << 4) | nb) as usize & 0xFF);
        let len = u32::from(ac.len[sym]);
        self.w.put((u32::from(ac.code[sym]) << nb) | magnitude_value(v, nb), len + nb);
    }

    fn ac_symbol(&mut self, t: usize, symbol: usize) {
        let (ac, sym) = (&self.tables[(t & 2) + 1], symbol & 0xFF);
        self.w.put(u32::from(ac.code[sym]), u32::from(ac.len[sym]));
    }
}

/// `width`×`height` as `usize` if both sides are 1–65535 (the JPEG limit), else `invalid_input`.
fn checked_size(width: u32, height: u32) -> Result<(usize, usize)> {
    let bad = |m: String| EkycError::new(ErrorCode::InvalidInput, m);
    let (Ok(w16), Ok(h16)) = (u16::try_from(width), u16::try_from(height)) else {
        return Err(bad(format!("{width}×{height} exceeds the JPEG limit of 65535 px a side")));
    };
    if width == 0 || height == 0 {
        return Err(bad(format!("cannot encode an empty {width}×{height} image")));
    }
    Ok((usize::from(w16), usize::from(h16)))
}

/// The DCT of the 8×8 samples of `plane` (rows of `stride`) from (`x0`, `y0`), in zigzag order. The strip
/// always holds the block (a row out of it would read as zeros).
#[inline(always)]
fn block_dct(plane: &[u8], stride: usize, x0: usize, y0: usize) -> [i16; 64] {
    let row = |r: usize| -> [u8; 8] {
        let start = (y0 + r) * stride + x0;
        plane.get(start..start + 8).and_then(|s| s.try_into().ok()).unwrap_or([128; 8])
    };
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        fdct::simd::fdct_zigzag(&core::array::from_fn(|r| fdct::simd::row_u8(row(r))))
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let samples: [[i16; 8]; 8] = core::array::from_fn(|r| row(r).map(|s| i16::from(s) - 128));
        let mut natural = [0i16; 64];
        fdct::fdct(&samples, &mut natural);
        tables::ZIGZAG.map(|n| natural[n])
    }
}

/// Entropy-coded bytes are assumed to hold one 0xFF (followed by a stuffed 0x00) per this many bytes: the
/// expectation for uniformly random bytes, which Huffman-coded data approaches.
pub(crate) const STUFF_EVERY: usize = 256;

fn quantizers(q: u8) -> [Quantizer; 2] {
    [Quantizer::new(q, true), Quantizer::new(q, false)]
}

/// Entropy-coded bytes before stuffing: codes plus magnitude bits, the last byte padded.
fn entropy_bytes(stats: &Stats, tables: &[Table; 4]) -> usize {
    let bits: u64 = tables.iter().zip(&stats.freq).map(|(t, f)| t.cost(f)).sum::<u64>() + stats.extra_bits;
    usize::try_from(bits.div_ceil(8)).unwrap_or(usize::MAX)
}

/// Every byte of the file but the entropy-coded data.
fn header_bytes(tables: &[Table; 4]) -> usize {
    writer::FIXED_BYTES + tables.iter().map(writer::dht_table_bytes).sum::<usize>()
}

/// Bit `k` set when coefficient `k` is non-zero. The flags are bytes (a vectorized compare), gathered 8 at a
/// time into one byte by a multiply: with bytes `b0..b7` ∈ {0, 1}, `x · 0x0102040810204080` puts `bi` at bit
/// `56 + i` and every cross term at a distinct bit below 56 or past 63, so no carry reaches the top byte.
#[inline(always)]
fn nonzero_mask(qb: &[i16; 64]) -> u64 {
    let mut flags = [0u8; 64];
    for (f, &v) in flags.iter_mut().zip(qb) {
        *f = u8::from(v != 0);
    }
    let mut mask = 0u64;
    for (i, chunk) in flags.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
        mask |= (x.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * i);
    }
    mask
}

/// The size category of a value: the number of bits of `|v|` (0 for 0).
#[inline(always)]
fn magnitude_bits(v: i16) -> u32 {
    16 - v.unsigned_abs().leading_zeros()
}

/// The `nb` magnitude bits of `v`: `v` itself if positive, else `v − 1` (ones' complement), low `nb` bits.
#[inline(always)]
fn magnitude_value(v: i16, nb: u32) -> u32 {
    let v = i32::from(v) - i32::from(v < 0);
    (v as u32) & ((1u32 << nb) - 1)
}
