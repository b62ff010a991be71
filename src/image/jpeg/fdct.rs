//! The accurate integer forward DCT (libjpeg's `jpeg_fdct_islow`, Loeffler–Ligtenberg–Moschytz), as ported
//! from mozjpeg to Rust in the `jpeg-encoder` crate 0.7.1 (MIT OR Apache-2.0; the IJG code it derives from:
//! "this software is based in part on the work of the Independent JPEG Group"). Output is scaled by 8 relative
//! to an orthonormal DCT, which the quantizer divides out; it fits `i16` for 8-bit samples.
//!
//! Restructured for the compiler: both passes run over all 8 rows (or columns) at once as arrays of 8 lanes,
//! so each step is one 8-wide operation. On wasm `simd128` the explicit-intrinsics version (`simd`) is used
//! instead (the compiler left the transposes and the zigzag scalar); this one is the reference and fallback.

const CONST_BITS: i32 = 13;
const PASS1_BITS: i32 = 2;

const FIX_0_298631336: i32 = 2446;
const FIX_0_390180644: i32 = 3196;
const FIX_0_541196100: i32 = 4433;
const FIX_0_765366865: i32 = 6270;
const FIX_0_899976223: i32 = 7373;
const FIX_1_175875602: i32 = 9633;
const FIX_1_501321110: i32 = 12299;
const FIX_1_847759065: i32 = 15137;
const FIX_1_961570560: i32 = 16069;
const FIX_2_053119869: i32 = 16819;
const FIX_2_562915447: i32 = 20995;
const FIX_3_072711026: i32 = 25172;

#[cfg_attr(all(target_arch = "wasm32", target_feature = "simd128"), allow(dead_code))]
type Lanes = [i32; 8];

#[cfg_attr(all(target_arch = "wasm32", target_feature = "simd128"), allow(dead_code))]
#[inline(always)]
fn map2(a: &Lanes, b: &Lanes, f: impl Fn(i32, i32) -> i32) -> Lanes {
    let mut o = [0; 8];
    for i in 0..8 {
        o[i] = f(a[i], b[i]);
    }
    o
}

/// One 1-D DCT on 8 vectors `v[0..8]` (each holding 8 independent lanes), in place. `shift_even` is the left
/// shift of outputs 0 and 4 (pass 1) or, if negative, their rounding right shift (pass 2); `descale` the
/// rounding right shift of the others.
#[cfg_attr(all(target_arch = "wasm32", target_feature = "simd128"), allow(dead_code))]
#[inline(always)]
fn dct_1d(v: &mut [Lanes; 8], pass1: bool) {
    let descale_bits = if pass1 { CONST_BITS - PASS1_BITS } else { CONST_BITS + PASS1_BITS };
    let round = 1 << (descale_bits - 1);
    let tmp0 = map2(&v[0], &v[7], |a, b| a + b);
    let tmp7 = map2(&v[0], &v[7], |a, b| a - b);
    let tmp1 = map2(&v[1], &v[6], |a, b| a + b);
    let tmp6 = map2(&v[1], &v[6], |a, b| a - b);
    let tmp2 = map2(&v[2], &v[5], |a, b| a + b);
    let tmp5 = map2(&v[2], &v[5], |a, b| a - b);
    let tmp3 = map2(&v[3], &v[4], |a, b| a + b);
    let tmp4 = map2(&v[3], &v[4], |a, b| a - b);

    // Even part.
    let tmp10 = map2(&tmp0, &tmp3, |a, b| a + b);
    let tmp13 = map2(&tmp0, &tmp3, |a, b| a - b);
    let tmp11 = map2(&tmp1, &tmp2, |a, b| a + b);
    let tmp12 = map2(&tmp1, &tmp2, |a, b| a - b);
    if pass1 {
        v[0] = map2(&tmp10, &tmp11, |a, b| (a + b) << PASS1_BITS);
        v[4] = map2(&tmp10, &tmp11, |a, b| (a - b) << PASS1_BITS);
    } else {
        let r = 1 << (PASS1_BITS - 1);
        v[0] = map2(&tmp10, &tmp11, |a, b| (a + b + r) >> PASS1_BITS);
        v[4] = map2(&tmp10, &tmp11, |a, b| (a - b + r) >> PASS1_BITS);
    }
    let z1 = map2(&tmp12, &tmp13, |a, b| (a + b) * FIX_0_541196100);
    v[2] = map2(&z1, &tmp13, |z, t| (z + t * FIX_0_765366865 + round) >> descale_bits);
    v[6] = map2(&z1, &tmp12, |z, t| (z - t * FIX_1_847759065 + round) >> descale_bits);

    // Odd part.
    let z1 = map2(&tmp4, &tmp7, |a, b| (a + b) * -FIX_0_899976223);
    let z2 = map2(&tmp5, &tmp6, |a, b| (a + b) * -FIX_2_562915447);
    let z3 = map2(&tmp4, &tmp6, |a, b| a + b);
    let z4 = map2(&tmp5, &tmp7, |a, b| a + b);
    let z5 = map2(&z3, &z4, |a, b| (a + b) * FIX_1_175875602);
    let z3 = map2(&z3, &z5, |a, b| a * -FIX_1_961570560 + b);
    let z4 = map2(&z4, &z5, |a, b| a * -FIX_0_390180644 + b);
    let mut o = [0; 8];
    for i in 0..8 {
        o[i] = (tmp4[i] * FIX_0_298631336 + z1[i] + z3[i] + round) >> descale_bits;
    }
    v[7] = o;
    for i in 0..8 {
        o[i] = (tmp5[i] * FIX_2_053119869 + z2[i] + z4[i] + round) >> descale_bits;
    }
    v[5] = o;
    for i in 0..8 {
        o[i] = (tmp6[i] * FIX_3_072711026 + z2[i] + z3[i] + round) >> descale_bits;
    }
    v[3] = o;
    for i in 0..8 {
        o[i] = (tmp7[i] * FIX_1_501321110 + z1[i] + z4[i] + round) >> descale_bits;
    }
    v[1] = o;
}

/// The forward DCT of one 8×8 block of samples minus 128 (`input[y][x]`), as `jpeg_fdct_islow`; the result in
/// natural (row-major) order.
#[cfg_attr(all(target_arch = "wasm32", target_feature = "simd128"), allow(dead_code))]
pub(super) fn fdct(input: &[[i16; 8]; 8], out: &mut [i16; 64]) {
    // Pass 1 (rows): lane i = row i, vector u = column u. Transposing the input makes the row DCT 8-wide.
    let mut v = [[0i32; 8]; 8];
    for (y, row) in input.iter().enumerate() {
        for (x, &s) in row.iter().enumerate() {
            v[x][y] = i32::from(s);
        }
    }
    dct_1d(&mut v, true);
    // Now v[u][y]: frequency u of row y. Pass 2 (columns) needs vector y, lane u: transpose.
    let mut t = [[0i32; 8]; 8];
    for (u, lanes) in v.iter().enumerate() {
        for (y, &c) in lanes.iter().enumerate() {
            t[y][u] = c;
        }
    }
    dct_1d(&mut t, false);
    // t[v][u]: vertical frequency v, horizontal u — natural order is v·8 + u.
    for (r, lanes) in t.iter().enumerate() {
        for (c, &x) in lanes.iter().enumerate() {
            out[r * 8 + c] = x as i16;
        }
    }
}

/// The same DCT with wasm `simd128` intrinsics: the block as 8 `i16x8` rows, transposed so that each 1-D pass
/// runs over all 8 rows (columns) at once as two `i32x4` halves, the pass-1 output narrowed back to 16 bits
/// (it is below 4100 in magnitude) for the second transpose. Every step is the scalar code's integer
/// arithmetic on 32-bit lanes, so the output is bit-exact with [`fdct`] (compared on random blocks in wasm by
/// the scratch crate described in `mod.rs`).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(super) mod simd {
    use super::*;
    use core::arch::wasm32::*;

    /// 8 bytes of samples as the low half of a vector.
    #[inline(always)]
    pub(in super::super) fn row_u8(bytes: [u8; 8]) -> v128 {
        u64x2(u64::from_le_bytes(bytes), 0)
    }

    /// The forward DCT of 8 rows of 8 samples (`rows[y]`, the low 8 bytes of each vector, unsigned), in zigzag
    /// order.
    #[inline(always)]
    pub(in super::super) fn fdct_zigzag(rows: &[v128; 8]) -> [i16; 64] {
        let bias = i16x8_splat(128);
        let samples = rows.map(|r| i16x8_sub(u16x8_extend_low_u8x16(r), bias));
        // Pass 1 over rows: vector x holds column x of all 8 rows.
        let cols = transpose(&samples);
        let mut lo = cols.map(|c| i32x4_extend_low_i16x8(c));
        let mut hi = cols.map(|c| i32x4_extend_high_i16x8(c));
        dct_1d(&mut lo, true);
        dct_1d(&mut hi, true);
        // Now vector u, lane y: frequency u of row y. Pass 2 needs vector y, lane u.
        let freq: [v128; 8] = core::array::from_fn(|u| i16x8_narrow_i32x4(lo[u], hi[u]));
        let rows2 = transpose(&freq);
        let mut lo = rows2.map(|c| i32x4_extend_low_i16x8(c));
        let mut hi = rows2.map(|c| i32x4_extend_high_i16x8(c));
        dct_1d(&mut lo, false);
        dct_1d(&mut hi, false);
        // Vector v, lane u: natural row v. The outputs fit 16 bits (|DC| ≤ 8192), so the narrowing is exact.
        let n: [v128; 8] = core::array::from_fn(|v| i16x8_narrow_i32x4(lo[v], hi[v]));
        let zz = zigzag(&n);
        // SAFETY: `[v128; 8]` and `[i16; 64]` are both 128 bytes of plain integers with no invalid bit patterns;
        // a v128 holds its eight i16 lanes in little-endian lane order, which is the array order.
        unsafe { core::mem::transmute::<[v128; 8], [i16; 64]>(zz) }
    }

    /// 8×8 transpose of 16-bit lanes: `out[x]` lane `y` = `m[y]` lane `x`.
    #[inline(always)]
    fn transpose(m: &[v128; 8]) -> [v128; 8] {
        let lo = |a, b| i16x8_shuffle::<0, 8, 1, 9, 2, 10, 3, 11>(a, b);
        let hi = |a, b| i16x8_shuffle::<4, 12, 5, 13, 6, 14, 7, 15>(a, b);
        let (a0, a1, a2, a3) = (lo(m[0], m[1]), hi(m[0], m[1]), lo(m[2], m[3]), hi(m[2], m[3]));
        let (a4, a5, a6, a7) = (lo(m[4], m[5]), hi(m[4], m[5]), lo(m[6], m[7]), hi(m[6], m[7]));
        let lo32 = |a, b| i32x4_shuffle::<0, 4, 1, 5>(a, b);
        let hi32 = |a, b| i32x4_shuffle::<2, 6, 3, 7>(a, b);
        let (b0, b1, b2, b3) = (lo32(a0, a2), hi32(a0, a2), lo32(a1, a3), hi32(a1, a3));
        let (c0, c1, c2, c3) = (lo32(a4, a6), hi32(a4, a6), lo32(a5, a7), hi32(a5, a7));
        let lo64 = |a, b| i64x2_shuffle::<0, 2>(a, b);
        let hi64 = |a, b| i64x2_shuffle::<1, 3>(a, b);
        [lo64(b0, c0), hi64(b0, c0), lo64(b1, c1), hi64(b1, c1), lo64(b2, c2), hi64(b2, c2), lo64(b3, c3), hi64(b3, c3)]
    }

    /// [`super::dct_1d`] on 4 lanes.
    #[inline(always)]
    fn dct_1d(v: &mut [v128; 8], pass1: bool) {
        let descale = if pass1 { CONST_BITS - PASS1_BITS } else { CONST_BITS + PASS1_BITS } as u32;
        let round = i32x4_splat(1 << (descale - 1));
        let k = i32x4_splat;
        let (add, sub, mul) = (i32x4_add, i32x4_sub, i32x4_mul);
        let tmp0 = add(v[0], v[7]);
        let tmp7 = sub(v[0], v[7]);
        let tmp1 = add(v[1], v[6]);
        let tmp6 = sub(v[1], v[6]);
        let tmp2 = add(v[2], v[5]);
        let tmp5 = sub(v[2], v[5]);
        let tmp3 = add(v[3], v[4]);
        let tmp4 = sub(v[3], v[4]);

        let tmp10 = add(tmp0, tmp3);
        let tmp13 = sub(tmp0, tmp3);
        let tmp11 = add(tmp1, tmp2);
        let tmp12 = sub(tmp1, tmp2);
        if pass1 {
            v[0] = i32x4_shl(add(tmp10, tmp11), PASS1_BITS as u32);
            v[4] = i32x4_shl(sub(tmp10, tmp11), PASS1_BITS as u32);
        } else {
            let r = k(1 << (PASS1_BITS - 1));
            v[0] = i32x4_shr(add(add(tmp10, tmp11), r), PASS1_BITS as u32);
            v[4] = i32x4_shr(add(sub(tmp10, tmp11), r), PASS1_BITS as u32);
        }
        let z1 = mul(add(tmp12, tmp13), k(FIX_0_541196100));
        v[2] = i32x4_shr(add(add(z1, mul(tmp13, k(FIX_0_765366865))), round), descale);
        v[6] = i32x4_shr(add(sub(z1, mul(tmp12, k(FIX_1_847759065))), round), descale);

        let z1 = mul(add(tmp4, tmp7), k(-FIX_0_899976223));
        let z2 = mul(add(tmp5, tmp6), k(-FIX_2_562915447));
        let z3 = add(tmp4, tmp6);
        let z4 = add(tmp5, tmp7);
        let z5 = mul(add(z3, z4), k(FIX_1_175875602));
        let z3 = add(mul(z3, k(-FIX_1_961570560)), z5);
        let z4 = add(mul(z4, k(-FIX_0_390180644)), z5);
        let out = |t, c, a, b| i32x4_shr(add(add(add(mul(t, k(c)), a), b), round), descale);
        v[7] = out(tmp4, FIX_0_298631336, z1, z3);
        v[5] = out(tmp5, FIX_2_053119869, z2, z4);
        v[3] = out(tmp6, FIX_3_072711026, z2, z3);
        v[1] = out(tmp7, FIX_1_501321110, z1, z4);
    }

    /// Natural-order rows → zigzag order, 8 coefficients per vector, each gathered from the rows it spans by a
    /// chain of two-input shuffles (generated from `tables::ZIGZAG`).
    #[inline(always)]
    fn zigzag(n: &[v128; 8]) -> [v128; 8] {
        [
            i16x8_shuffle::<0, 1, 2, 8, 4, 5, 6, 7>(i16x8_shuffle::<0, 1, 8, 0, 9, 2, 3, 10>(n[0], n[1]), n[2]),
            i16x8_shuffle::<0, 1, 8, 3, 4, 5, 6, 7>(
                i16x8_shuffle::<0, 8, 2, 9, 4, 5, 6, 7>(
                    i16x8_shuffle::<9, 1, 2, 3, 10, 5, 6, 7>(
                        i16x8_shuffle::<0, 0, 0, 0, 0, 11, 4, 5>(n[0], n[1]),
                        n[2],
                    ),
                    n[3],
                ),
                n[4],
            ),
            i16x8_shuffle::<0, 1, 2, 3, 4, 8, 6, 7>(
                i16x8_shuffle::<0, 1, 2, 3, 8, 5, 9, 7>(
                    i16x8_shuffle::<0, 1, 2, 9, 4, 5, 6, 10>(
                        i16x8_shuffle::<0, 1, 10, 3, 4, 5, 6, 7>(
                            i16x8_shuffle::<4, 11, 0, 0, 0, 0, 0, 0>(n[1], n[2]),
                            n[3],
                        ),
                        n[4],
                    ),
                    n[5],
                ),
                n[6],
            ),
            i16x8_shuffle::<11, 1, 2, 3, 4, 5, 6, 12>(
                i16x8_shuffle::<0, 12, 2, 3, 4, 5, 13, 7>(i16x8_shuffle::<0, 0, 13, 6, 7, 14, 0, 0>(n[0], n[1]), n[2]),
                n[3],
            ),
            i16x8_shuffle::<0, 1, 2, 8, 9, 5, 6, 7>(
                i16x8_shuffle::<0, 1, 9, 3, 4, 10, 6, 7>(i16x8_shuffle::<3, 10, 0, 0, 0, 0, 11, 4>(n[4], n[5]), n[6]),
                n[7],
            ),
            i16x8_shuffle::<0, 1, 2, 3, 4, 5, 6, 11>(
                i16x8_shuffle::<0, 1, 2, 3, 4, 5, 12, 7>(
                    i16x8_shuffle::<0, 1, 2, 3, 4, 13, 6, 7>(
                        i16x8_shuffle::<13, 1, 2, 3, 14, 5, 6, 7>(
                            i16x8_shuffle::<0, 14, 7, 15, 0, 0, 0, 0>(n[1], n[2]),
                            n[3],
                        ),
                        n[4],
                    ),
                    n[5],
                ),
                n[6],
            ),
            i16x8_shuffle::<10, 11, 2, 3, 4, 5, 6, 7>(
                i16x8_shuffle::<0, 1, 12, 3, 4, 5, 6, 7>(
                    i16x8_shuffle::<0, 1, 2, 13, 4, 5, 6, 14>(
                        i16x8_shuffle::<0, 0, 0, 0, 14, 7, 15, 0>(n[3], n[4]),
                        n[5],
                    ),
                    n[6],
                ),
                n[7],
            ),
            i16x8_shuffle::<0, 12, 13, 3, 4, 5, 14, 15>(i16x8_shuffle::<13, 0, 0, 14, 7, 15, 0, 0>(n[5], n[6]), n[7]),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::fdct;

    // From jpeg-encoder's test (libjpeg's jpeg_fdct_islow on a typical image).
    const INPUT2: [i16; 64] = [
        21, 28, 11, 24, -45, -37, -55, -103, 38, -8, 31, 17, -19, 49, 15, -76, 22, -48, -36, -31, -23, 35, -23, -72,
        13, -30, -45, -42, -44, -15, -20, -44, 13, -30, -45, -42, -44, -15, -20, -44, 13, -30, -45, -42, -44, -15, -20,
        -44, 13, -30, -45, -42, -44, -15, -20, -44, 13, -30, -45, -42, -44, -15, -20, -44,
    ];
    const OUTPUT2: [i16; 64] = [
        -1420, 717, 187, 910, -244, 579, 222, -191, 461, 487, -497, -29, -220, 179, 63, -95, 213, 414, -235, -187,
        -108, 74, -73, -70, -63, 311, 13, -290, 17, -38, -180, -47, -254, 201, 116, -247, 102, -109, -185, -36, -310,
        107, 73, -91, 126, -121, -99, -37, -253, 43, -15, 53, 101, -91, -3, -37, -136, 12, -44, 81, 53, -45, 31, -24,
    ];

    #[test]
    fn matches_libjpeg_islow() {
        let mut input = [[0i16; 8]; 8];
        for (i, &s) in INPUT2.iter().enumerate() {
            input[i / 8][i % 8] = s;
        }
        let mut out = [0i16; 64];
        fdct(&input, &mut out);
        assert_eq!(out, OUTPUT2);
    }
}
