//! The accurate integer forward DCT (libjpeg's `jpeg_fdct_islow`, Loeffler–Ligtenberg–Moschytz), as ported
//! from mozjpeg to Rust in the `jpeg-encoder` crate 0.7.1 (MIT OR Apache-2.0; the IJG code it derives from:
//! "this software is based in part on the work of the Independent JPEG Group"). Output is scaled by 8 relative
//! to an orthonormal DCT, which the quantizer divides out; it fits `i16` for 8-bit samples.
//!
//! Restructured for the compiler: both passes run over all 8 rows (or columns) at once as arrays of 8 lanes,
//! so each step is one 8-wide operation (two `i32x4` on wasm `simd128`).

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

type Lanes = [i32; 8];

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
