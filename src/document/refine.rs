//! Sub-pixel edge lines: each side of the found quadrilateral is fitted again (total least squares) to the edge
//! pixels along it, placed between pixels by a parabola through the gradient magnitude, with outliers dropped.

use super::edges::Edges;
use super::lines::{intersect, polarity};

/// How far across the side edge pixels are looked for, working px.
const SEARCH_PX: isize = 3;
/// Points farther than this from the first fit are dropped before the second.
const OUTLIER_PX: f32 = 1.0;

/// The line through the edge pixels along the segment `a`–`b` whose normal is `deg` (degrees) and whose
/// polarity is `along` (see [`polarity`]), as (normal, ρ); `None` when too few edge pixels are found (the caller
/// keeps the Hough line).
pub(crate) fn fit_side(e: &Edges, a: (f32, f32), b: (f32, f32), deg: i32, along: bool) -> Option<((f32, f32), f32)> {
    let len = super::quad::dist(a, b);
    let steps = len as usize;
    if steps < 8 {
        return None;
    }
    let (dx, dy) = ((b.0 - a.0) / len, (b.1 - a.1) / len);
    let along_x = dy.abs() > dx.abs(); // a steep side: search across it along x
    let mut pts = Vec::with_capacity(steps);
    let (from, to) = ((steps as f32 * 0.06) as usize, (steps as f32 * 0.94) as usize);
    for i in from..to {
        let (x, y) = (a.0 + dx * i as f32, a.1 + dy * i as f32);
        let (xi, yi) = (x.round() as isize, y.round() as isize);
        // The edge pixel of the side's direction nearest to the predicted line.
        let mut found: Option<(isize, f32)> = None;
        for k in -SEARCH_PX..=SEARCH_PX {
            let (px, py) = if along_x { (xi + k, yi) } else { (xi, yi + k) };
            if e.edge_at(px, py).and_then(|o| polarity(o, deg)) == Some(along) {
                let off = if along_x { px as f32 - x } else { py as f32 - y }.abs();
                if found.map_or(true, |(_, best)| off < best) {
                    found = Some((k, off));
                }
            }
        }
        let Some((k, _)) = found else { continue };
        let (px, py) = if along_x { (xi + k, yi) } else { (xi, yi + k) };
        let (m0, m1, m2) = if along_x {
            (e.mag_at(px - 1, py), e.mag_at(px, py), e.mag_at(px + 1, py))
        } else {
            (e.mag_at(px, py - 1), e.mag_at(px, py), e.mag_at(px, py + 1))
        };
        let d = m0 - 2.0 * m1 + m2;
        let sub = if d < 0.0 { (0.5 * (m0 - m2) / d).clamp(-0.5, 0.5) } else { 0.0 };
        pts.push(if along_x { (px as f32 + sub, y) } else { (x, py as f32 + sub) });
    }
    if pts.len() < 8 || pts.len() * 10 < steps * 3 {
        return None;
    }
    let first = tls(&pts)?;
    let kept: Vec<(f32, f32)> =
        pts.iter().copied().filter(|&(x, y)| (x * first.0 .0 + y * first.0 .1 - first.1).abs() <= OUTLIER_PX).collect();
    if kept.len() < 8 {
        return Some(first);
    }
    tls(&kept)
}

/// Total least squares line through points: (unit normal, ρ).
fn tls(pts: &[(f32, f32)]) -> Option<((f32, f32), f32)> {
    let n = pts.len() as f64;
    let (mx, my) = pts.iter().fold((0.0, 0.0), |(sx, sy), &(x, y)| (sx + f64::from(x), sy + f64::from(y)));
    let (mx, my) = (mx / n, my / n);
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y) in pts {
        let (u, v) = (f64::from(x) - mx, f64::from(y) - my);
        sxx += u * u;
        sxy += u * v;
        syy += v * v;
    }
    // The normal is the eigenvector of the smaller eigenvalue of the scatter matrix.
    let theta = 0.5 * (2.0 * sxy).atan2(sxx - syy); // the direction of the line
    let normal = (-(theta.sin()), theta.cos());
    let rho = normal.0 * mx + normal.1 * my;
    (rho.is_finite()).then_some(((normal.0 as f32, normal.1 as f32), rho as f32))
}

/// The corners of four fitted side lines (side i joins corner i and i + 1, so corner i = side i−1 ∩ side i).
pub(crate) fn corners_of(sides: &[((f32, f32), f32); 4]) -> Option<[(f32, f32); 4]> {
    let mut out = [(0.0, 0.0); 4];
    for (i, c) in out.iter_mut().enumerate() {
        *c = intersect(sides[(i + 3) % 4], sides[i])?;
    }
    Some(out)
}
