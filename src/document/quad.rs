//! The quadrilateral search: two pairs of roughly opposite lines whose four intersections lie in the frame,
//! form a convex shape of the document's proportions (judged in 3-D, through the camera model of
//! [`focal_length`]) and are supported by edge pixels along all four sides.

use super::lines::{deg_apart, Line};

/// Opposite sides of a rectangle seen at ≤ 40° tilt stay within this many degrees of parallel.
const MAX_OPPOSITE_DEG: i32 = 32;
/// Adjacent sides meet at no less than this.
const MIN_ADJACENT_DEG: i32 = 48;
/// The corners' share of each side left out of its support (rounded card corners, blur at the corners).
const CORNER_TRIM: f32 = 0.06;
/// Every side must be this well supported, and the sides together (length-weighted) [`MIN_COVER`].
const MIN_SIDE_COVER: f32 = 0.35;
const MIN_COVER: f32 = 0.65;
/// How far the estimated proportions may be from the document's: |ln(estimated / nominal)|.
pub(crate) const MAX_ASPECT_ERROR: f32 = 0.16;
/// A side's line must stop at the corners: beyond each, over this share of the side (at least
/// [`MIN_EXTENSION_PX`]), at most [`MAX_EXTENSION_COVER`] of it may be supported. A quadrilateral closed by a line
/// inside the document (a photo's edge, a colour band) or by texture has a line running on past that corner.
const EXTENSION: f32 = 0.08;
const MIN_EXTENSION_PX: f32 = 5.0;
const MAX_EXTENSION_COVER: f32 = 0.6;
/// Next to each corner, inside, over the same length as [`EXTENSION`], this much should be supported (a side
/// running on past the document to a line in the background has a gap there): less costs score, and an
/// enclosing quadrilateral (below) must have it.
const MIN_END_COVER: f32 = 0.4;
/// A quadrilateral enclosing the best one is taken instead when it scores at most this much less.
const OUTER_SCORE_MARGIN: f32 = 0.3;
/// The smallest side and area considered (working px; share of the frame).
const MIN_SIDE_PX: f32 = 14.0;
const MIN_FILL: f32 = 0.012;

/// The assumed focal length in px for a frame: 0.8 × its longer side (a phone's main camera, ≈ 64° across).
pub(crate) fn focal_length(w: f32, h: f32) -> f32 {
    0.8 * w.max(h)
}

/// A found quadrilateral in working px: corners in order around it (m1, m2, m4, m3 of Zhang & He: along the
/// first pair's first line, then the second pair's second line…), with its scores.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Quad {
    /// Corners in order around the quadrilateral.
    pub corners: [(f32, f32); 4],
    /// The lines of its sides: side i joins corners i and i + 1 (indices into the line list).
    pub sides: [usize; 4],
    /// Length-weighted support of the four sides, 0–1.
    pub cover: f32,
    /// |ln(estimated proportions / nominal)|.
    pub aspect_error: f32,
    pub score: f32,
    /// The least support next to a corner, inside (see [`MIN_END_COVER`]).
    pub ends: f32,
}

/// The best quadrilateral among `lines` for a document of proportions `aspect` (long / short side), or `None`.
pub(crate) fn best_quad(lines: &[Line], w: usize, h: usize, aspect: f32) -> Option<Quad> {
    let (wf, hf) = (w as f32, h as f32);
    let frame_area = wf * hf;
    let f = focal_length(wf, hf);
    let centre = (wf / 2.0, hf / 2.0);
    let mut pairs = Vec::new();
    for i in 0..lines.len() {
        for j in i + 1..lines.len() {
            if deg_apart(lines[i].deg, lines[j].deg) <= MAX_OPPOSITE_DEG {
                pairs.push((i, j));
            }
        }
    }
    let mut best: Option<Quad> = None;
    let mut candidates = Vec::new();
    for (pi, &(a, b)) in pairs.iter().enumerate() {
        for &(c, d) in &pairs[pi + 1..] {
            if a == c || a == d || b == c || b == d {
                continue;
            }
            let (la, lb, lc, ld) = (&lines[a], &lines[b], &lines[c], &lines[d]);
            if [(la, lc), (la, ld), (lb, lc), (lb, ld)].iter().any(|(p, q)| deg_apart(p.deg, q.deg) < MIN_ADJACENT_DEG)
            {
                continue;
            }
            let (Some(p0), Some(p1), Some(p2), Some(p3)) = (la.meet(lc), la.meet(ld), lb.meet(ld), lb.meet(lc)) else {
                continue;
            };
            let corners = [p0, p1, p2, p3];
            if !corners.iter().all(|&(x, y)| x >= 0.0 && y >= 0.0 && x <= wf - 1.0 && y <= hf - 1.0) {
                continue;
            }
            if !convex(&corners) {
                continue;
            }
            let sides = [a, d, b, c];
            let len: [f32; 4] = std::array::from_fn(|i| dist(corners[i], corners[(i + 1) % 4]));
            if len.iter().any(|&l| l < MIN_SIDE_PX) || area(&corners) < MIN_FILL * frame_area {
                continue;
            }
            // Cheap proportions first: mean of opposite sides, generous (perspective), then the 3-D estimate.
            let r = (len[0] + len[2]) / (len[1] + len[3]);
            let r = r.max(1.0 / r);
            if (r / aspect).ln().abs() > 0.45 {
                continue;
            }
            let mut cover_sum = 0.0;
            let mut extension_sum = 0.0;
            let mut ends = 1.0f32;
            let mut weak = false;
            for (i, &s) in sides.iter().enumerate() {
                let line = &lines[s];
                let (ta, tb) = (line.t_of(corners[i]), line.t_of(corners[(i + 1) % 4]));
                let trim = (tb - ta) * CORNER_TRIM;
                let c = line.support(ta + trim, tb - trim);
                weak |= c < MIN_SIDE_COVER;
                cover_sum += c * len[i];
                let ext = (tb - ta).signum() * (len[i] * EXTENSION).max(MIN_EXTENSION_PX);
                let gap = (tb - ta).signum() * 1.5;
                let (e1, e2) = (line.support(ta - gap, ta - ext), line.support(tb + gap, tb + ext));
                weak |= e1 > MAX_EXTENSION_COVER || e2 > MAX_EXTENSION_COVER;
                // …and reach them: a side running on past the document to a line in the background has a gap.
                let (s1, s2) = (line.support(ta + trim, ta + trim + ext), line.support(tb - trim, tb - trim - ext));
                ends = ends.min(s1).min(s2);
                extension_sum += e1 + e2;
            }
            let cover = cover_sum / len.iter().sum::<f32>();
            if weak || cover < MIN_COVER {
                continue;
            }
            let Some(est) = proportions(&corners, f, centre) else { continue };
            let aspect_error = (est.max(1.0 / est) / aspect).ln().abs();
            if aspect_error > MAX_ASPECT_ERROR {
                continue;
            }
            let fill = area(&corners) / frame_area;
            let score = cover - 0.8 * aspect_error + 0.15 * fill.sqrt()
                - 0.1 * extension_sum / 8.0
                - 0.3 * (1.0 - ends / MIN_END_COVER).max(0.0);
            let q = Quad { corners, sides, cover, aspect_error, score, ends };
            if best.as_ref().map_or(true, |b| score > b.score) {
                best = Some(q);
            }
            candidates.push(q);
        }
    }
    // The document is the outermost of the shapes that fit: a photo, a colour band or a text block inside a card
    // can make a crisper quadrilateral than the card's own edge against the background.
    let best = best?;
    candidates
        .into_iter()
        .filter(|c| {
            let outer = c.ends >= MIN_END_COVER && c.score >= best.score - OUTER_SCORE_MARGIN;
            outer && best.corners.iter().all(|&p| contains(&c.corners, p))
        })
        .max_by(|a, b| area(&a.corners).total_cmp(&area(&b.corners)))
        .or(Some(best))
}

/// Whether `p` lies inside the convex quadrilateral `q` (or within 2 px of it).
fn contains(q: &[(f32, f32); 4], p: (f32, f32)) -> bool {
    let s = signed_area(q).signum();
    (0..4).all(|i| {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        let cross = (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0);
        s * cross / dist(a, b).max(1e-3) >= -2.0
    })
}

pub(crate) fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// Shoelace area (absolute).
pub(crate) fn area(p: &[(f32, f32); 4]) -> f32 {
    signed_area(p).abs()
}

/// Positive when the corners go clockwise on screen (y down).
pub(crate) fn signed_area(p: &[(f32, f32); 4]) -> f32 {
    (0..4).map(|i| p[i].0 * p[(i + 1) % 4].1 - p[(i + 1) % 4].0 * p[i].1).sum::<f32>() / 2.0
}

fn convex(p: &[(f32, f32); 4]) -> bool {
    let cross = |i: usize| {
        let (a, b, c) = (p[i], p[(i + 1) % 4], p[(i + 2) % 4]);
        (b.0 - a.0) * (c.1 - b.1) - (b.1 - a.1) * (c.0 - b.0)
    };
    let s: [f32; 4] = std::array::from_fn(cross);
    s.iter().all(|&v| v > 0.0) || s.iter().all(|&v| v < 0.0)
}

/// The 3-D directions (camera coordinates, up to scale) of the rectangle's two side directions seen as the
/// quadrilateral `p` (in order around it) by a pinhole camera of focal length `f` centred on `c`, after Zhang &
/// He, "Whiteboard scanning and image enhancement" (2007): `(along p0→p1, along p0→p3)`.
fn side_directions(p: &[(f32, f32); 4], f: f32, c: (f32, f32)) -> Option<([f64; 3], [f64; 3])> {
    let h = |q: (f32, f32)| [f64::from(q.0), f64::from(q.1), 1.0];
    // Zhang & He's m1..m4: m1 = p0, m2 = p1, m4 = p2, m3 = p3.
    let (m1, m2, m4, m3) = (h(p[0]), h(p[1]), h(p[2]), h(p[3]));
    let m14 = cross(m1, m4);
    let (den2, den3) = (dot(cross(m2, m4), m3), dot(cross(m3, m4), m2));
    if den2.abs() < 1e-9 || den3.abs() < 1e-9 {
        return None;
    }
    let (k2, k3) = (dot(m14, m3) / den2, dot(m14, m2) / den3);
    let n2 = [k2 * m2[0] - m1[0], k2 * m2[1] - m1[1], k2 * m2[2] - m1[2]];
    let n3 = [k3 * m3[0] - m1[0], k3 * m3[1] - m1[1], k3 * m3[2] - m1[2]];
    let (f, u0, v0) = (f64::from(f), f64::from(c.0), f64::from(c.1));
    let unproject = |n: [f64; 3]| [(n[0] - u0 * n[2]) / f, (n[1] - v0 * n[2]) / f, n[2]];
    Some((unproject(n2), unproject(n3)))
}

/// The rectangle's proportions |p0p1| / |p0p3| in 3-D (see [`side_directions`]).
pub(crate) fn proportions(p: &[(f32, f32); 4], f: f32, c: (f32, f32)) -> Option<f32> {
    let (a, b) = side_directions(p, f, c)?;
    let (na, nb) = (dot(a, a), dot(b, b));
    (na > 0.0 && nb > 0.0).then(|| (na / nb).sqrt() as f32).filter(|r| r.is_finite() && *r > 0.0)
}

/// Degrees between the rectangle's normal and the camera's axis (0: seen straight on).
pub(crate) fn tilt_degrees(p: &[(f32, f32); 4], f: f32, c: (f32, f32)) -> f32 {
    let Some((a, b)) = side_directions(p, f, c) else { return 0.0 };
    let n = cross(a, b);
    let len = dot(n, n).sqrt();
    if len <= 0.0 || !len.is_finite() {
        return 0.0;
    }
    ((n[2].abs() / len).clamp(0.0, 1.0).acos().to_degrees()) as f32
}

fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3:2 rectangle rotated about the x axis by 30° and projected: the proportions and tilt come back.
    #[test]
    fn proportions_and_tilt_of_a_projected_rectangle() {
        let (f, c) = (800.0f32, (500.0f32, 400.0f32));
        let t = 30f32.to_radians();
        let project = |x: f32, y: f32| {
            let (yy, zz) = (y * t.cos(), 1000.0 + y * t.sin());
            (c.0 + f * x / zz, c.1 + f * yy / zz)
        };
        let q = [project(-150.0, -100.0), project(150.0, -100.0), project(150.0, 100.0), project(-150.0, 100.0)];
        let r = proportions(&q, f, c).unwrap();
        assert!((r - 1.5).abs() < 0.01, "{r}");
        let tilt = tilt_degrees(&q, f, c);
        assert!((tilt - 30.0).abs() < 0.5, "{tilt}");
        let flat = [(100.0, 100.0), (400.0, 100.0), (400.0, 300.0), (100.0, 300.0)];
        assert!((proportions(&flat, f, c).unwrap() - 1.5).abs() < 1e-4);
        assert!(tilt_degrees(&flat, f, c) < 0.1);
    }
}
