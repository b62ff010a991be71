//! The working image: a box-filtered grey copy at most [`WORK_SIDE`] px long, smoothed, its Sobel gradient and
//! thin (non-maximum-suppressed) edges with their direction.
//!
//! Why so small: a card filling 20 % of a 1280 px frame is still ~85 × 54 px at 426 px, its edge lines are fitted
//! to sub-pixel precision from dozens of points each, and every later stage costs in proportion to the pixels.

/// The working image's longer side is at most this many px (the source is box-filtered by an integer factor).
pub(crate) const WORK_SIDE: usize = 480;

/// Edge pixels weaker than this (L1 Sobel magnitude on the ×4 grey scale) are ignored: a step of ~6 grey levels
/// after smoothing, above the sensor noise and JPEG ringing the box filter leaves.
const EDGE_THRESHOLD: u16 = 72;

/// Marks a pixel that is not an edge in [`Edges::orient`].
pub(crate) const NO_EDGE: u16 = u16::MAX;

/// The gradient of the working image.
pub(crate) struct Edges {
    /// Working width and height, px.
    pub w: usize,
    pub h: usize,
    /// Source px per working px (the box filter's factor).
    pub factor: usize,
    /// L1 gradient magnitude per pixel (0 on the 1-px border).
    pub mag: Vec<u16>,
    /// The gradient's direction (towards the brighter side) in whole degrees 0–359 on thin edges; [`NO_EDGE`]
    /// elsewhere. Modulo 180 it is the direction of a line's normal; the half tells the edge's polarity.
    pub orient: Vec<u16>,
    /// The edge pixels as `(x, y, direction 0–359)`, in raster order.
    pub points: Vec<(u16, u16, u16)>,
}

impl Edges {
    /// The direction at `(x, y)` when it is an edge pixel within the image.
    pub fn edge_at(&self, x: isize, y: isize) -> Option<u16> {
        if x < 0 || y < 0 || x as usize >= self.w || y as usize >= self.h {
            return None;
        }
        self.orient.get(y as usize * self.w + x as usize).copied().filter(|&o| o != NO_EDGE)
    }

    /// The magnitude at `(x, y)`, 0 outside.
    pub fn mag_at(&self, x: isize, y: isize) -> f32 {
        if x < 0 || y < 0 || x as usize >= self.w || y as usize >= self.h {
            return 0.0;
        }
        self.mag.get(y as usize * self.w + x as usize).map_or(0.0, |&m| f32::from(m))
    }
}

/// The box-filter factor for a `width × height` source.
pub(crate) fn factor_for(width: usize, height: usize) -> usize {
    width.max(height).div_ceil(WORK_SIDE).max(1)
}

/// Computes the working image's edges from RGBA (`bpp` 4) or RGB (`bpp` 3) pixels (`pixels.len() == width *
/// height * bpp`, checked by the caller; a shorter buffer only yields a darker image, never a panic).
pub(crate) fn edges(pixels: &[u8], width: usize, height: usize, bpp: usize) -> Edges {
    let factor = factor_for(width, height);
    let (w, h) = (width / factor, height / factor);
    if w < 3 || h < 3 {
        return Edges { w, h, factor, mag: vec![0; w * h], orient: vec![NO_EDGE; w * h], points: Vec::new() };
    }
    let grey = smooth(&box_grey(pixels, width, bpp, factor, w, h), w, h);
    gradient(&grey, w, h, factor)
}

/// Luma (×4, 0–1020) averaged over `factor × factor` blocks.
fn box_grey(pixels: &[u8], width: usize, bpp: usize, factor: usize, w: usize, h: usize) -> Vec<u16> {
    let mut out = Vec::with_capacity(w * h);
    let mut acc = vec![0u32; w];
    let divisor = (64 * factor * factor) as u32;
    let mut rows = pixels.chunks_exact(width * bpp);
    for _ in 0..h {
        acc.iter_mut().for_each(|a| *a = 0);
        for _ in 0..factor {
            let Some(row) = rows.next() else { break };
            for (a, block) in acc.iter_mut().zip(row.chunks_exact(factor * bpp)) {
                let mut s = 0u32;
                for p in block.chunks_exact(bpp) {
                    s += 77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2]);
                }
                *a += s;
            }
        }
        out.extend(acc.iter().map(|&a| (a / divisor) as u16));
    }
    out
}

/// A separable [1 2 1] / 4 blur in both directions (edges clamped).
fn smooth(src: &[u16], w: usize, h: usize) -> Vec<u16> {
    if w < 3 || h < 3 {
        return src.to_vec();
    }
    let mut tmp = vec![0u16; w * h];
    for (out, row) in tmp.chunks_exact_mut(w).zip(src.chunks_exact(w)) {
        out[0] = row[0];
        out[w - 1] = row[w - 1];
        for x in 1..w - 1 {
            out[x] = (row[x - 1] + 2 * row[x] + row[x + 1] + 2) / 4;
        }
    }
    let mut out = tmp.clone();
    for y in 1..h - 1 {
        let (above, rest) = tmp.split_at(y * w);
        let above = &above[(y - 1) * w..];
        let (mid, below) = rest.split_at(w);
        for (x, o) in out[y * w..(y + 1) * w].iter_mut().enumerate() {
            *o = (above[x] + 2 * mid[x] + below[x] + 2) / 4;
        }
    }
    out
}

/// Sobel gradient, non-maximum suppression along the gradient, and the direction of each surviving pixel.
fn gradient(p: &[u16], w: usize, h: usize, factor: usize) -> Edges {
    let mut mag = vec![0u16; w * h];
    let mut gxs = vec![0i16; w * h];
    let mut gys = vec![0i16; w * h];
    for y in 1..h.saturating_sub(1) {
        let (r0, r1, r2) = (&p[(y - 1) * w..y * w], &p[y * w..(y + 1) * w], &p[(y + 1) * w..(y + 2) * w]);
        for x in 1..w - 1 {
            let (a, b, c) = (i32::from(r0[x - 1]), i32::from(r0[x]), i32::from(r0[x + 1]));
            let (d, f) = (i32::from(r1[x - 1]), i32::from(r1[x + 1]));
            let (g, hh, i) = (i32::from(r2[x - 1]), i32::from(r2[x]), i32::from(r2[x + 1]));
            let gx = (c + 2 * f + i) - (a + 2 * d + g);
            let gy = (g + 2 * hh + i) - (a + 2 * b + c);
            let at = y * w + x;
            mag[at] = (gx.abs() + gy.abs()).min(i32::from(u16::MAX)) as u16;
            gxs[at] = gx as i16;
            gys[at] = gy as i16;
        }
    }
    let mut orient = vec![NO_EDGE; w * h];
    let mut points = Vec::new();
    for y in 1..h.saturating_sub(1) {
        for x in 1..w - 1 {
            let at = y * w + x;
            let m = mag[at];
            if m < EDGE_THRESHOLD {
                continue;
            }
            let (gx, gy) = (i32::from(gxs[at]), i32::from(gys[at]));
            // The two neighbours along the gradient, by its sector (tan 22.5° ≈ 0.4142).
            let (ax, ay) = (gx.abs(), gy.abs());
            let (n1, n2) = if ay * 1000 <= ax * 414 {
                (at - 1, at + 1)
            } else if ax * 1000 <= ay * 414 {
                (at - w, at + w)
            } else if (gx > 0) == (gy > 0) {
                (at - w - 1, at + w + 1)
            } else {
                (at - w + 1, at + w - 1)
            };
            if m > mag[n1] && m >= mag[n2] {
                let deg = direction_degrees(gx as f32, gy as f32);
                orient[at] = deg;
                points.push((x as u16, y as u16, deg));
            }
        }
    }
    Edges { w, h, factor, mag, orient, points }
}

/// The direction of `(gx, gy)` in whole degrees 0–359 (a fast atan2, within 0.3°).
pub(crate) fn direction_degrees(gx: f32, gy: f32) -> u16 {
    let a = fast_atan2(gy, gx).to_degrees();
    let a = if a < 0.0 { a + 360.0 } else { a };
    (a as u32 % 360) as u16
}

/// atan2 within ~0.004 rad (Rajan et al.'s first-order approximation), without libm's cost in wasm.
fn fast_atan2(y: f32, x: f32) -> f32 {
    use std::f32::consts::{FRAC_PI_2, FRAC_PI_4, PI};
    if x == 0.0 && y == 0.0 {
        return 0.0;
    }
    let (ax, ay) = (x.abs(), y.abs());
    let (z, swap) = if ay > ax { (ax / ay, true) } else { (ay / ax, false) };
    let mut a = z * (FRAC_PI_4 + 0.273 * (1.0 - z));
    if swap {
        a = FRAC_PI_2 - a;
    }
    if x < 0.0 {
        a = PI - a;
    }
    if y < 0.0 {
        -a
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_atan2_is_close_to_atan2() {
        for i in 0..360 {
            let t = (i as f32).to_radians();
            let (y, x) = (t.sin() * 3.0, t.cos() * 3.0);
            let d = (fast_atan2(y, x) - y.atan2(x)).abs();
            assert!(d < 0.005 || (d - 2.0 * std::f32::consts::PI).abs() < 0.005, "{i}: {d}");
        }
    }

    #[test]
    fn a_vertical_step_is_one_thin_edge_at_0_degrees() {
        let (w, h) = (40, 30);
        let mut rgba = vec![0u8; w * h * 4];
        for (i, p) in rgba.chunks_exact_mut(4).enumerate() {
            let v = if i % w >= 20 { 200 } else { 40 };
            p.copy_from_slice(&[v, v, v, 255]);
        }
        let e = edges(&rgba, w, h, 4);
        assert_eq!(e.factor, 1);
        let row: Vec<u16> = (0..w).map(|x| e.orient[15 * w + x]).collect();
        let found: Vec<usize> = (0..w).filter(|&x| row[x] != NO_EDGE).collect();
        assert_eq!(found.len(), 1, "{row:?}");
        assert!(found[0] == 19 || found[0] == 20);
        assert_eq!(row[found[0]], 0); // brighter to the right: the gradient points along +x
    }
}
