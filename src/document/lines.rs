//! Straight lines through the edge pixels: a Hough transform in which each edge pixel votes only near its own
//! gradient direction (a few bins instead of all 180, so texture adds little), peaks refined to sub-bin
//! precision, and for each line a profile of where along it edge pixels of its direction lie, so that the
//! support of any segment of it is two look-ups.

use super::edges::Edges;

/// Bins of the line direction: 1° each.
const THETA_BINS: usize = 180;
/// Each edge pixel votes for its direction ± this many degrees.
const VOTE_SPREAD: i32 = 3;
/// At most this many lines go on to the quadrilateral search.
const MAX_LINES: usize = 64;
/// Two peaks closer than this (degrees and px) are one line.
const SAME_LINE_DEG: f32 = 4.0;
const SAME_LINE_PX: f32 = 5.0;
/// An edge pixel supports a line when its direction is within this many degrees of the line's normal and it
/// lies within [`SUPPORT_PX`] of it.
pub(crate) const SUPPORT_DEG: i32 = 10;
const SUPPORT_PX: isize = 2;

/// A line `x cos θ + y sin θ = ρ` (working px, pixel centres on integers) and where edge pixels support it.
pub(crate) struct Line {
    /// The normal (cos θ, sin θ).
    pub n: (f32, f32),
    pub rho: f32,
    /// θ in whole degrees 0–179 (for comparing with edge directions).
    pub deg: i32,
    /// `cum[i]` = supported steps among the first `i` unit steps from `t0` along the direction (−sin θ, cos θ),
    /// for edges whose gradient points along the normal (`.0`) and against it (`.1`): a document's side has
    /// one polarity along its length, a line through text or texture both.
    cum: Vec<(u16, u16)>,
    t0: f32,
}

impl Line {
    /// The position along the line's direction of a point on (or near) it.
    pub fn t_of(&self, p: (f32, f32)) -> f32 {
        -p.0 * self.n.1 + p.1 * self.n.0
    }

    /// The share of unit steps between positions `a` and `b` (either order) that edge pixels of one polarity
    /// support (the better one); the part outside the image counts as unsupported.
    pub fn support(&self, a: f32, b: f32) -> f32 {
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        let span = hi - lo;
        if span < 1.0 {
            return 0.0;
        }
        let last = self.cum.len().saturating_sub(1) as f32;
        let i = (lo - self.t0).clamp(0.0, last) as usize;
        let j = (hi - self.t0).clamp(0.0, last) as usize;
        let (ci, cj) = (self.cum.get(i).copied().unwrap_or((0, 0)), self.cum.get(j).copied().unwrap_or((0, 0)));
        f32::from(cj.0.saturating_sub(ci.0).max(cj.1.saturating_sub(ci.1))) / span
    }

    /// Whether edges along the normal (`true`) or against it dominate between positions `a` and `b`.
    pub fn polarity_between(&self, a: f32, b: f32) -> bool {
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        let last = self.cum.len().saturating_sub(1) as f32;
        let i = (lo - self.t0).clamp(0.0, last) as usize;
        let j = (hi - self.t0).clamp(0.0, last) as usize;
        let (ci, cj) = (self.cum.get(i).copied().unwrap_or((0, 0)), self.cum.get(j).copied().unwrap_or((0, 0)));
        cj.0.saturating_sub(ci.0) >= cj.1.saturating_sub(ci.1)
    }

    /// The intersection with another line, `None` when (nearly) parallel.
    pub fn meet(&self, o: &Line) -> Option<(f32, f32)> {
        intersect((self.n, self.rho), (o.n, o.rho))
    }
}

/// The intersection of two lines given as (normal, ρ).
pub(crate) fn intersect(((a1, b1), r1): ((f32, f32), f32), ((a2, b2), r2): ((f32, f32), f32)) -> Option<(f32, f32)> {
    let det = a1 * b2 - a2 * b1;
    if det.abs() < 1e-3 {
        return None;
    }
    Some(((r1 * b2 - r2 * b1) / det, (a1 * r2 - a2 * r1) / det))
}

/// Whether an edge pixel of direction `o` (0–359) supports a line of normal `deg` (0–179): `Some(true)` when its
/// gradient points along the normal, `Some(false)` against it, `None` when not parallel.
pub(crate) fn polarity(o: u16, deg: i32) -> Option<bool> {
    let m = i32::from(o % 180);
    if deg_apart(m, deg) > SUPPORT_DEG {
        return None;
    }
    // Near 0°/180° the normal and the pixel's direction may sit on either side of the wrap.
    let wrapped = (m - deg).abs() > 90;
    Some((o < 180) != wrapped)
}

/// Angle between two directions in whole degrees modulo 180, 0–90.
pub(crate) fn deg_apart(a: i32, b: i32) -> i32 {
    let d = (a - b).rem_euclid(180);
    d.min(180 - d)
}

/// The strongest lines of the edge image, at least `min_votes` edge pixels each.
pub(crate) fn lines(e: &Edges, min_votes: u16) -> Vec<Line> {
    let min_votes = min_votes.saturating_mul(4); // votes are counted in quarters
    let (cos, sin): (Vec<f32>, Vec<f32>) =
        (0..THETA_BINS).map(|b| (b as f32).to_radians()).map(|t| (t.cos(), t.sin())).unzip();
    // ρ is measured from the image's centre, so that a peak's small error in θ turns the line about the
    // middle of the frame (where documents are) rather than about a corner, and duplicates are near in ρ.
    let (cx, cy) = (e.w as f32 / 2.0, e.h as f32 / 2.0);
    let half_diag = ((e.w * e.w + e.h * e.h) as f32).sqrt() / 2.0;
    let offset = half_diag as i32 + 2;
    let n_rho = (2 * offset + 1) as usize;
    let mut acc = vec![0u16; THETA_BINS * n_rho];
    for &(x, y, o) in &e.points {
        let (x, y) = (f32::from(x) - cx, f32::from(y) - cy);
        for db in -VOTE_SPREAD..=VOTE_SPREAD {
            let b = (i32::from(o % 180) + db).rem_euclid(THETA_BINS as i32) as usize;
            // The vote is shared by the two nearest ρ bins (in quarters), so a line between bins peaks as high.
            let r = x * cos[b] + y * sin[b] + offset as f32;
            let r0 = r.floor();
            let high = ((r - r0) * 4.0).round() as u16;
            for (ri, weight) in [(r0 as i64, 4 - high), (r0 as i64 + 1, high)] {
                let cell = usize::try_from(ri).ok().filter(|&r| r < n_rho).and_then(|r| acc.get_mut(b * n_rho + r));
                if let Some(cell) = cell {
                    *cell = cell.saturating_add(weight);
                }
            }
        }
    }
    // Local maxima (3 × 3) above the floor, strongest first.
    let at = |b: usize, r: usize| acc.get(b * n_rho + r).copied().unwrap_or(0);
    let mut peaks = Vec::new();
    for b in 0..THETA_BINS {
        for r in 1..n_rho - 1 {
            let v = at(b, r);
            if v < min_votes {
                continue;
            }
            let (bp, bn) = ((b + THETA_BINS - 1) % THETA_BINS, (b + 1) % THETA_BINS);
            let higher = [(bp, r - 1), (bp, r), (bp, r + 1), (b, r - 1), (b, r + 1), (bn, r - 1), (bn, r), (bn, r + 1)]
                .iter()
                .any(|&(bb, rr)| at(bb, rr) > v || (at(bb, rr) == v && (bb, rr) < (b, r)));
            if !higher {
                peaks.push((v, b, r));
            }
        }
    }
    peaks.sort_unstable_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut kept: Vec<(f32, f32)> = Vec::new(); // (θ degrees, ρ from the centre)
    for &(v, b, r) in &peaks {
        if kept.len() >= MAX_LINES {
            break;
        }
        // Sub-bin peak by a parabola through the neighbours in θ and in ρ.
        let vf = f32::from(v);
        let sub = |lo: u16, hi: u16| {
            let (lo, hi) = (f32::from(lo), f32::from(hi));
            let d = lo - 2.0 * vf + hi;
            if d < 0.0 {
                (0.5 * (lo - hi) / d).clamp(-0.5, 0.5)
            } else {
                0.0
            }
        };
        let theta = b as f32 + sub(at((b + THETA_BINS - 1) % THETA_BINS, r), at((b + 1) % THETA_BINS, r));
        let rho = (r as i32 - offset) as f32 + sub(at(b, r - 1), at(b, r + 1));
        let same = kept.iter().any(|&(t, p)| {
            let d = (theta - t).abs();
            if d <= SAME_LINE_DEG {
                (rho - p).abs() <= SAME_LINE_PX
            } else if 180.0 - d <= SAME_LINE_DEG {
                (rho + p).abs() <= SAME_LINE_PX // across 0°/180° the same line has −ρ
            } else {
                false
            }
        });
        if !same {
            kept.push((theta, rho));
        }
    }
    kept.into_iter()
        .map(|(theta, rho)| {
            let (s, c) = theta.to_radians().sin_cos();
            profile(e, theta, rho + cx * c + cy * s) // ρ from the origin again
        })
        .collect()
}

/// Walks the line through the image and records which unit steps have a supporting edge pixel.
fn profile(e: &Edges, theta_deg: f32, rho: f32) -> Line {
    let t = theta_deg.to_radians();
    let n = (t.cos(), t.sin());
    let deg = (theta_deg.round() as i32).rem_euclid(180);
    let d = (-n.1, n.0);
    // The t-range inside [2, w − 3] × [2, h − 3] (slab clipping).
    let (mut lo, mut hi) = (f32::MIN, f32::MAX);
    for (p0, dir, max) in [(rho * n.0, d.0, e.w as f32 - 3.0), (rho * n.1, d.1, e.h as f32 - 3.0)] {
        if dir.abs() < 1e-6 {
            if p0 < 2.0 || p0 > max {
                (lo, hi) = (0.0, -1.0);
            }
        } else {
            let (a, b) = ((2.0 - p0) / dir, (max - p0) / dir);
            lo = lo.max(a.min(b));
            hi = hi.min(a.max(b));
        }
    }
    let mut cum = vec![(0u16, 0u16)];
    if hi > lo {
        let steps = (hi - lo) as usize;
        cum.reserve(steps);
        let along_x = n.0.abs() >= n.1.abs();
        let (mut pos, mut neg) = (0u16, 0u16);
        for i in 0..steps {
            let tt = lo + i as f32;
            let (x, y) = (rho * n.0 + tt * d.0, rho * n.1 + tt * d.1);
            let (xi, yi) = (x.round() as isize, y.round() as isize);
            let (mut p, mut q) = (false, false);
            for k in -SUPPORT_PX..=SUPPORT_PX {
                let (px, py) = if along_x { (xi + k, yi) } else { (xi, yi + k) };
                match e.edge_at(px, py).and_then(|o| polarity(o, deg)) {
                    Some(true) => p = true,
                    Some(false) => q = true,
                    None => {}
                }
            }
            pos += u16::from(p);
            neg += u16::from(q);
            cum.push((pos, neg));
        }
    }
    Line { n, rho, deg, cum, t0: if hi > lo { lo } else { 0.0 } }
}
