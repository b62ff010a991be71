//! Synthetic frames drawn here (the photographic set is tests/document_set.rs).

use super::*;

/// A `w × h` RGBA frame: a noisy diagonal gradient with the quadrilateral `q` filled in `fill_rgb`,
/// anti-aliased (4 × 4 samples a pixel).
fn frame(w: usize, h: usize, q: &[(f32, f32); 4], fill_rgb: [u8; 3]) -> Vec<u8> {
    let inside = |x: f32, y: f32| {
        (0..4).all(|i| {
            let (a, b) = (q[i], q[(i + 1) % 4]);
            (b.0 - a.0) * (y - a.1) - (b.1 - a.1) * (x - a.0) >= 0.0
        })
    };
    let mut seed = 12345u32;
    let mut out = Vec::with_capacity(w * h * 4);
    for y in 0..h {
        for x in 0..w {
            let mut cover = 0;
            for s in 0..16 {
                let (sx, sy) = (x as f32 + (s % 4) as f32 * 0.25 + 0.125, y as f32 + (s / 4) as f32 * 0.25 + 0.125);
                cover += u32::from(inside(sx, sy));
            }
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let noise = ((seed >> 16) % 9) as f32 - 4.0;
            let bg = 60.0 + 60.0 * (x + y) as f32 / (w + h) as f32 + noise;
            let t = cover as f32 / 16.0;
            for c in fill_rgb {
                out.push((bg * (1.0 - t) + f32::from(c) * t).clamp(0.0, 255.0) as u8);
            }
            out.push(255);
        }
    }
    out
}

/// A card of ID-1 proportions centred at `c`, `width` px wide, rotated by `deg`, clockwise from top-left.
fn card(c: (f32, f32), width: f32, deg: f32) -> [(f32, f32); 4] {
    let (hw, hh) = (width / 2.0, width / ID1_ASPECT / 2.0);
    let (s, co) = deg.to_radians().sin_cos();
    [(-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)].map(|(x, y)| (c.0 + x * co - y * s, c.1 + x * s + y * co))
}

fn assert_corners(found: &DocumentDetection, truth: &[(f32, f32); 4], tolerance: f64) {
    for (p, t) in found.corners.iter().zip(truth) {
        let d = ((p.x - f64::from(t.0)).powi(2) + (p.y - f64::from(t.1)).powi(2)).sqrt();
        assert!(d <= tolerance, "corner {p:?} is {d:.2} px from {t:?}: {:?}", found.corners);
    }
}

#[test]
fn finds_a_straight_card_with_sub_pixel_corners() {
    let q = card((320.0, 240.0), 300.0, 0.0);
    let f = frame(640, 480, &q, [230, 225, 210]);
    let d = detect_document(&f, 640, 480, &DetectOptions::default()).unwrap().expect("a card");
    assert_corners(&d, &q, 1.5);
    assert!(d.confidence > 0.8, "{d:?}");
    assert!(d.tilt < 3.0, "{d:?}");
    let fill = 300.0 * 300.0 / f64::from(ID1_ASPECT) / (640.0 * 480.0);
    assert!((d.fill - fill).abs() < 0.01, "{} vs {fill}", d.fill);
}

#[test]
fn finds_a_rotated_card_in_its_own_corner_order() {
    for deg in [-25.0, -12.0, 18.0, 25.0] {
        let q = card((650.0, 380.0), 560.0, deg);
        let f = frame(1280, 720, &q, [40, 50, 120]);
        let d = detect_document(&f, 1280, 720, &DetectOptions::default()).unwrap().expect("a card");
        assert_corners(&d, &q, 3.0);
    }
}

#[test]
fn finds_a_card_in_perspective_and_reports_its_tilt() {
    // A card tilted back by 30° about its horizontal axis, seen by the camera the detector assumes.
    let (f, tilt) = (0.8 * 1280.0, 30f32.to_radians());
    let (hw, hh, z) = (43.0f32, 27.0f32, 180.0f32);
    let q = [(-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)].map(|(x, y)| {
        let (yy, zz) = (y * tilt.cos(), z + y * tilt.sin());
        (640.0 + f * x / zz, 360.0 + f * yy / zz)
    });
    let f = frame(1280, 720, &q, [235, 235, 235]);
    let d = detect_document(&f, 1280, 720, &DetectOptions::default()).unwrap().expect("a card");
    assert_corners(&d, &q, 3.0);
    assert!((d.tilt - 30.0).abs() < 3.0, "{d:?}");
}

#[test]
fn a_page_is_found_as_a_document() {
    let (w, h) = (300.0f32, 300.0 * A_SERIES_ASPECT);
    let q = [(490.0, 120.0), (490.0 + w, 120.0), (490.0 + w, 120.0 + h), (490.0, 120.0 + h)];
    let f = frame(1280, 720, &q, [245, 245, 240]);
    let opts = DetectOptions { kind: Some(DocumentKind::Document) };
    let d = detect_document(&f, 1280, 720, &opts).unwrap().expect("a page");
    assert_corners(&d, &q, 3.0);
}

#[test]
fn a_card_cut_by_the_frame_is_none() {
    let q = card((80.0, 240.0), 300.0, 8.0); // its left corners lie outside
    let f = frame(640, 480, &q, [230, 225, 210]);
    assert_eq!(detect_document(&f, 640, 480, &DetectOptions::default()).unwrap(), None);
}

#[test]
fn a_square_is_not_a_card() {
    let q = [(200.0, 120.0), (440.0, 120.0), (440.0, 360.0), (200.0, 360.0)];
    let f = frame(640, 480, &q, [230, 225, 210]);
    assert_eq!(detect_document(&f, 640, 480, &DetectOptions::default()).unwrap(), None);
}

#[test]
fn empty_tiny_and_wrong_buffers() {
    let opts = DetectOptions::default();
    assert_eq!(detect_document(&[], 0, 0, &opts).unwrap(), None);
    assert_eq!(detect_document(&vec![0; 10 * 10 * 4], 10, 10, &opts).unwrap(), None);
    assert_eq!(detect_document(&vec![7; 200 * 100 * 4], 200, 100, &opts).unwrap(), None);
    let e = detect_document(&[0; 12], 2, 2, &opts).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let e = detect_document(&[], 100_000, 1, &opts).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooLarge);
    // One row or one column of pixels: no panic.
    assert_eq!(detect_document(&vec![9; 4000 * 4], 4000, 1, &opts).unwrap(), None);
    assert_eq!(detect_document(&vec![9; 4000 * 4], 1, 4000, &opts).unwrap(), None);
}

#[test]
fn rgb_and_rgba_agree() {
    let q = card((320.0, 240.0), 300.0, 10.0);
    let f = frame(640, 480, &q, [230, 225, 210]);
    let rgb: Vec<u8> = f.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let a = detect_document(&f, 640, 480, &DetectOptions::default()).unwrap();
    let b = detect_document_rgb(&rgb, 640, 480, &DetectOptions::default()).unwrap();
    assert!(a.is_some());
    assert_eq!(a, b);
}

/// Diagnostics for one frame of the generated set: `EKYC_DOCSET_FRAME=path.jpg EKYC_DOCSET_TRUTH="x,y x,y x,y
/// x,y" cargo test --lib explain_frame -- --ignored --nocapture`.
#[test]
#[ignore = "a diagnostic tool, not a test"]
fn explain_frame() {
    let path = std::env::var("EKYC_DOCSET_FRAME").unwrap();
    let truth: Vec<(f32, f32)> = std::env::var("EKYC_DOCSET_TRUTH")
        .unwrap()
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    let file = std::fs::read(path).unwrap();
    let mut d = jpeg_decoder::Decoder::new(file.as_slice());
    let rgb = d.decode().unwrap();
    let info = d.info().unwrap();
    let (w, h) = (usize::from(info.width), usize::from(info.height));
    let e = edges::edges(&rgb, w, h, 3);
    let k = e.factor as f32;
    let t: Vec<(f32, f32)> = truth.iter().map(|&(x, y)| (x / k - 0.5, y / k - 0.5)).collect();
    let lines = lines::lines(&e, ((e.w.min(e.h) as f32 * 0.05) as u16).max(12));
    eprintln!("{} edge px, {} lines", e.points.len(), lines.len());
    for i in 0..4 {
        let (a, b) = (t[i], t[(i + 1) % 4]);
        let best = lines
            .iter()
            .enumerate()
            .map(|(j, l)| {
                let da = (a.0 * l.n.0 + a.1 * l.n.1 - l.rho).abs();
                let db = (b.0 * l.n.0 + b.1 * l.n.1 - l.rho).abs();
                (j, da.max(db))
            })
            .min_by(|x, y| x.1.total_cmp(&y.1))
            .unwrap();
        let l = &lines[best.0];
        let (ta, tb) = (l.t_of(a), l.t_of(b));
        let ext = (tb - ta).signum() * (quad::dist(a, b) * 0.08).max(5.0);
        let gap = (tb - ta).signum() * 1.5;
        let trim = (tb - ta) * 0.06;
        eprintln!(
            "side {i}: line {} off {:.1} px, deg {}, support {:.2}, ext {:.2} / {:.2}, ends {:.2} / {:.2}",
            best.0,
            best.1,
            l.deg,
            l.support(ta + trim, tb - trim),
            l.support(ta - gap, ta - ext),
            l.support(tb + gap, tb + ext),
            l.support(ta + trim, ta + trim + ext),
            l.support(tb - trim, tb - trim - ext)
        );
    }
    let tq = [t[0], t[1], t[2], t[3]];
    let (wf, hf) = (e.w as f32, e.h as f32);
    let est = quad::proportions(&tq, quad::focal_length(wf, hf), (wf / 2.0, hf / 2.0));
    eprintln!("truth proportions {est:?}, best quad {:?}", quad::best_quad(&lines, e.w, e.h, ID1_ASPECT));
}
