//! `detectDocument` (API.md §7): the four corners of a whole ID-1 card or A-series page in a photo or a video
//! frame, in pure Rust (no I/O, no wasm-bindgen), tested natively on a generated set (tests/document_set.rs).
//!
//! How: a grey copy at most 480 px long ([`edges`]) → thin edges with their direction → a Hough transform in
//! which each edge pixel votes only near its own direction ([`lines`]) → every pair of roughly opposite line
//! pairs whose intersections make a convex quadrilateral inside the frame, scored by how much of each side edge
//! pixels support and by how close its proportions, recovered in 3-D through a pinhole camera model, are to
//! the document's ([`quad`]) → each side refitted to its edge pixels at sub-pixel precision and the corners
//! taken where the lines meet ([`refine`]). A document with a corner outside the frame has no quadrilateral
//! inside it, so a cut card gives `None`.
//!
//! | module | holds                                                              |
//! |--------|--------------------------------------------------------------------|
//! | edges  | box-filtered grey, smoothing, Sobel, non-maximum suppression       |
//! | lines  | direction-guided Hough transform, per-line support profiles        |
//! | quad   | quadrilateral search and scoring, proportions and tilt in 3-D      |
//! | refine | sub-pixel side fitting, corners                                    |

mod edges;
mod lines;
mod quad;
mod refine;

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::error::{EkycError, ErrorCode, Result};
use crate::image::{MAX_PIXELS, MAX_SIDE};

/// ID-1 (ISO/IEC 7810: identity cards, driving licences): 85.60 × 53.98 mm.
pub const ID1_ASPECT: f32 = 85.60 / 53.98;
/// A-series paper (ISO 216): 1 : √2.
pub const A_SERIES_ASPECT: f32 = std::f32::consts::SQRT_2;

/// Frames whose shorter side is below this give `None` (nothing can be told apart).
const MIN_FRAME_SIDE: u32 = 48;

/// What to look for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// An ID-1 card (85.60 × 53.98 mm): identity cards, driving licences.
    #[default]
    IdCard,
    /// An A-series page (1 : √2), portrait or landscape.
    Document,
}

impl DocumentKind {
    /// Long side / short side.
    pub fn aspect(self) -> f32 {
        match self {
            DocumentKind::IdCard => ID1_ASPECT,
            DocumentKind::Document => A_SERIES_ASPECT,
        }
    }
}

/// The options of `detectDocument`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DetectOptions {
    /// `"id-card"` (default) or `"document"`.
    #[serde(default)]
    #[tsify(optional)]
    pub kind: Option<DocumentKind>,
}

/// A point in pixels of the frame; its top-left pixel covers `[0, 1) × [0, 1)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Tsify)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// A whole document found in a frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct DocumentDetection {
    /// The document's own top-left, top-right, bottom-right and bottom-left corners, where its edge lines meet
    /// (not the rounded corners of a card), in pixels of the upright frame. "Own" assumes the document is within
    /// ±45° of upright; the top side is the one facing the frame's top.
    pub corners: [Point; 4],
    /// 0–1: how completely edge pixels support the four sides and how close the proportions are to the kind's.
    pub confidence: f64,
    /// The document's share of the frame's area, 0–1.
    pub fill: f64,
    /// Degrees away from a straight-on view, estimated assuming a phone's main camera (focal length 0.8 × the
    /// frame's longer side).
    pub tilt: f64,
}

/// Finds a whole document in an RGBA frame (`rgba.len() == width × height × 4`). `Ok(None)` when no whole
/// document is in view (none, or one cut by the frame's edge).
///
/// Errors: `invalid_input` when the buffer's length does not match the size, `image_too_large` beyond
/// [`MAX_SIDE`] / [`MAX_PIXELS`].
///
/// ```
/// use ekyc_bridge::document::{detect_document, DetectOptions};
/// let frame = vec![128u8; 320 * 240 * 4]; // a flat grey frame
/// assert_eq!(detect_document(&frame, 320, 240, &DetectOptions::default())?, None);
/// # Ok::<(), ekyc_bridge::EkycError>(())
/// ```
pub fn detect_document(
    rgba: &[u8],
    width: u32,
    height: u32,
    options: &DetectOptions,
) -> Result<Option<DocumentDetection>> {
    detect_pixels(rgba, width, height, 4, options.kind.unwrap_or_default())
}

/// [`detect_document`] for RGB pixels (3 bytes a pixel), as the wasm decoders produce.
pub fn detect_document_rgb(
    rgb: &[u8],
    width: u32,
    height: u32,
    options: &DetectOptions,
) -> Result<Option<DocumentDetection>> {
    detect_pixels(rgb, width, height, 3, options.kind.unwrap_or_default())
}

fn detect_pixels(
    pixels: &[u8],
    width: u32,
    height: u32,
    bpp: usize,
    kind: DocumentKind,
) -> Result<Option<DocumentDetection>> {
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(EkycError::new(
            ErrorCode::ImageTooLarge,
            format!("{width}×{height} px is over the limits ({MAX_SIDE} px a side, {MAX_PIXELS} pixels)"),
        ));
    }
    let (w, h) = (width as usize, height as usize);
    if pixels.len() != w * h * bpp {
        return Err(EkycError::invalid_input(format!(
            "a {width}×{height} frame has {} bytes of pixels, not {}",
            w * h * bpp,
            pixels.len()
        )));
    }
    if width.min(height) < MIN_FRAME_SIDE {
        return Ok(None);
    }
    let e = edges::edges(pixels, w, h, bpp);
    let min_votes = ((e.w.min(e.h) as f32 * 0.05) as u16).max(12);
    let lines = lines::lines(&e, min_votes);
    let Some(q) = quad::best_quad(&lines, e.w, e.h, kind.aspect()) else { return Ok(None) };
    // Refit each side; a side with too few edge pixels keeps its Hough line.
    let fitted: [((f32, f32), f32); 4] = std::array::from_fn(|i| {
        let line = &lines[q.sides[i]];
        let (a, b) = (q.corners[i], q.corners[(i + 1) % 4]);
        let along = line.polarity_between(line.t_of(a), line.t_of(b));
        refine::fit_side(&e, a, b, line.deg, along).unwrap_or((line.n, line.rho))
    });
    // The refit moves corners by a few px at most; farther means a fit to something else along the side.
    let reach = 3.0 + 0.04 * quad::dist(q.corners[0], q.corners[2]);
    let near = |a: &[(f32, f32); 4]| (0..4).all(|i| quad::dist(a[i], q.corners[i]) <= reach);
    let corners = refine::corners_of(&fitted).filter(near).unwrap_or(q.corners);
    // To source pixels: working pixel i covers source [i·k, (i+1)·k), its centre is (i + 0.5)·k.
    let k = e.factor as f32;
    let mut src: [(f32, f32); 4] = corners.map(|(x, y)| ((x + 0.5) * k, (y + 0.5) * k));
    let (wf, hf) = (width as f32, height as f32);
    if !src.iter().all(|&(x, y)| x >= 0.0 && y >= 0.0 && x <= wf && y <= hf) {
        return Ok(None);
    }
    order_corners(&mut src);
    let f = quad::focal_length(wf, hf);
    let centre = (wf / 2.0, hf / 2.0);
    let fill = quad::area(&src) / (wf * hf);
    let tilt = quad::tilt_degrees(&src, f, centre);
    let confidence = (q.cover * (1.0 - 0.5 * q.aspect_error / quad::MAX_ASPECT_ERROR)).clamp(0.0, 1.0);
    let point = |(x, y): (f32, f32)| Point { x: round2(x), y: round2(y) };
    Ok(Some(DocumentDetection {
        corners: src.map(point),
        confidence: round2(confidence),
        fill: f64::from(fill),
        tilt: round2(tilt),
    }))
}

/// Rounds to 1/100 (the corners' precision is a fraction of a pixel at best; shorter JSON).
fn round2(v: f32) -> f64 {
    (f64::from(v) * 100.0).round() / 100.0
}

/// Puts the corners clockwise on screen, starting with the top-left: the first corner of the side whose
/// outward direction points most upwards.
fn order_corners(c: &mut [(f32, f32); 4]) {
    if quad::signed_area(c) < 0.0 {
        c.reverse();
    }
    let (cx, cy) = (c.iter().map(|p| p.0).sum::<f32>() / 4.0, c.iter().map(|p| p.1).sum::<f32>() / 4.0);
    // The side i → i+1 whose midpoint lies most above the centre, relative to its distance.
    let top = (0..4)
        .min_by(|&a, &b| {
            let up = |i: usize| {
                let (p, q) = (c[i], c[(i + 1) % 4]);
                let (mx, my) = ((p.0 + q.0) / 2.0 - cx, (p.1 + q.1) / 2.0 - cy);
                my / (mx * mx + my * my).sqrt().max(1e-6)
            };
            up(a).total_cmp(&up(b))
        })
        .unwrap_or(0);
    c.rotate_left(top);
}

#[cfg(test)]
mod tests;
