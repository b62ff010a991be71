//! End-to-end tests of the `wasm` engine on images generated here (no binary fixtures): a deterministic
//! synthetic "photo" (gradients, an ID-card-like block with print, edges, sensor noise, coloured corner markers),
//! encoded with `jpeg-encoder` or `image`'s PNG / lossless WebP encoders, EXIF segments built by hand.
//!
//! `cargo test --release --lib image -- --ignored --nocapture` also prints the calibration table and timings.

use std::time::Instant;

use image::{ImageEncoder, Rgb, RgbImage};

use super::*;
use crate::error::ErrorCode;

// ---------------------------------------------------------------------------------------------------------------
// Generators

/// xorshift64*: deterministic, dependency-free noise.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u32) -> u32 {
        (self.next() >> 33) as u32 % n.max(1)
    }
}

const RED: [u8; 3] = [230, 20, 20];
const GREEN: [u8; 3] = [20, 200, 40];
const BLUE: [u8; 3] = [20, 40, 230];

/// A photo-like test image: a warm background gradient, a pale card with rows of dark "print", a few hard
/// diagonal edges, noise of ±`noise`, and 1/10-side corner markers (red top-left, green top-right, blue
/// bottom-left) to check orientation.
fn photo(width: u32, height: u32, seed: u64, noise: u32) -> RgbImage {
    let mut rng = Rng(seed | 1);
    let mut img = RgbImage::from_fn(width, height, |x, y| {
        let gx = x * 255 / width.max(1);
        let gy = y * 255 / height.max(1);
        Rgb([(90 + gx / 3) as u8, (80 + gy / 3) as u8, (70 + (gx + gy) / 8) as u8])
    });
    // The card: 70 % of the frame, with print lines.
    let (cx0, cy0, cx1, cy1) = (width * 15 / 100, height * 15 / 100, width * 85 / 100, height * 85 / 100);
    let glyph = (height / 60).max(2);
    for y in cy0..cy1 {
        for x in cx0..cx1 {
            let line = (y - cy0) / (glyph * 2);
            let in_text_row = (y - cy0) % (glyph * 2) < glyph && line % 3 != 2;
            let in_glyph = ((x - cx0) / glyph).wrapping_mul(2_654_435_761).wrapping_add(line * 97) % 5 < 3;
            let v = if in_text_row && in_glyph && (x - cx0) % glyph != 0 { 40 } else { 225 };
            img.put_pixel(x, y, Rgb([v, v, (v as u32 * 95 / 100) as u8]));
        }
    }
    // Hard edges: a few dark diagonal bands outside the card.
    for y in 0..height {
        for k in 0..3u32 {
            let x0 = (y / 2 + k * width / 3) % width;
            for x in x0..(x0 + 6).min(width) {
                if !(cx0..cx1).contains(&x) || !(cy0..cy1).contains(&y) {
                    img.put_pixel(x, y, Rgb([30, 30, 60]));
                }
            }
        }
    }
    let m = (width.min(height) / 10).max(2);
    for (x0, y0, c) in [(0, 0, RED), (width - m, 0, GREEN), (0, height - m, BLUE)] {
        for y in y0..y0 + m {
            for x in x0..x0 + m {
                img.put_pixel(x, y, Rgb(c));
            }
        }
    }
    if noise > 0 {
        for p in img.pixels_mut() {
            let d = rng.below(2 * noise + 1) as i32 - noise as i32;
            for c in p.0.iter_mut() {
                *c = (i32::from(*c) + d).clamp(0, 255) as u8;
            }
        }
    }
    img
}

fn jpeg(img: &RgbImage, q: u8) -> Vec<u8> {
    encode::encode_jpeg(img, q).unwrap()
}

fn png(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn webp_lossless(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// Little-endian TIFF block with a single Orientation entry.
fn tiff_orientation(o: u16) -> Vec<u8> {
    let mut t = b"II*\0\x08\0\0\0\x01\0".to_vec();
    t.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0]);
    t.extend_from_slice(&o.to_le_bytes());
    t.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    t
}

/// Inserts `FF E1 <len> "Exif\0\0" <tiff>` right after SOI, where cameras put it.
fn with_exif_app1(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let len = (2 + 6 + tiff.len()) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The stored image that EXIF orientation `o` turns into `upright`, written from the EXIF definitions of where
/// the stored 0th row and 0th column go (independent of the implementation under test).
fn stored_for(upright: &RgbImage, o: u8) -> RgbImage {
    let (w, h) = upright.dimensions();
    let px = |x: u32, y: u32| *upright.get_pixel(x, y);
    match o {
        2 => RgbImage::from_fn(w, h, |x, y| px(w - 1 - x, y)),
        3 => RgbImage::from_fn(w, h, |x, y| px(w - 1 - x, h - 1 - y)),
        4 => RgbImage::from_fn(w, h, |x, y| px(x, h - 1 - y)),
        5 => RgbImage::from_fn(h, w, |x, y| px(y, x)),
        6 => RgbImage::from_fn(h, w, |x, y| px(w - 1 - y, x)),
        7 => RgbImage::from_fn(h, w, |x, y| px(w - 1 - y, h - 1 - x)),
        8 => RgbImage::from_fn(h, w, |x, y| px(y, h - 1 - x)),
        _ => upright.clone(),
    }
}

fn run(bytes: &[u8], opts: &PrepareOptions) -> crate::Result<PreparedImage> {
    prepare(bytes, opts, &mut |_, _| {})
}

fn decode_output(out: &PreparedImage) -> RgbImage {
    let mut dec = jpeg_decoder::Decoder::new(out.bytes.as_slice());
    let px = dec.decode().unwrap();
    let info = dec.info().unwrap();
    assert_eq!((u32::from(info.width), u32::from(info.height)), (out.width, out.height));
    RgbImage::from_raw(out.width, out.height, px).unwrap()
}

fn close(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) < 60)
}

/// Mean colour of a small patch centred 1/20 of the sides in from corner `(right, bottom)`.
fn corner(img: &RgbImage, right: bool, bottom: bool) -> [u8; 3] {
    let (w, h) = img.dimensions();
    let cx = if right { w - w / 40 - 1 } else { w / 40 };
    let cy = if bottom { h - h / 40 - 1 } else { h / 40 };
    let mut sum = [0u32; 3];
    for y in cy - 2..=cy + 2 {
        for x in cx - 2..=cx + 2 {
            for (s, v) in sum.iter_mut().zip(img.get_pixel(x, y).0) {
                *s += u32::from(v);
            }
        }
    }
    sum.map(|s| (s / 25) as u8)
}

fn assert_upright(out: &PreparedImage) {
    let img = decode_output(out);
    assert!(close(corner(&img, false, false), RED), "top-left {:?}", corner(&img, false, false));
    assert!(close(corner(&img, true, false), GREEN), "top-right {:?}", corner(&img, true, false));
    assert!(close(corner(&img, false, true), BLUE), "bottom-left {:?}", corner(&img, false, true));
}

// ---------------------------------------------------------------------------------------------------------------
// Formats and orientation

#[test]
fn every_input_format_is_prepared_upright() {
    let img = photo(640, 480, 1, 4);
    let mut rgba = image::RgbaImage::from_fn(640, 480, |x, y| {
        let [r, g, b] = img.get_pixel(x, y).0;
        image::Rgba([r, g, b, 255])
    });
    for x in 300..340 {
        rgba.put_pixel(x, 240, image::Rgba([0, 0, 0, 0])); // transparent → white, not black
    }
    let mut rgba_png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut rgba_png)
        .write_image(rgba.as_raw(), 640, 480, image::ExtendedColorType::Rgba8)
        .unwrap();
    for (name, bytes, mime) in [
        ("jpeg", jpeg(&img, 90), "image/jpeg"),
        ("png", png(&img), "image/png"),
        ("png+alpha", rgba_png, "image/png"),
        ("webp", webp_lossless(&img), "image/webp"),
    ] {
        let out = run(&bytes, &PrepareOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((out.width, out.height), (640, 480), "{name}");
        assert_eq!(out.original.mime, mime);
        assert_eq!((out.original.width, out.original.height, out.original.orientation), (640, 480, 1));
        assert_eq!(out.original.bytes as usize, bytes.len());
        assert!(out.bytes.starts_with(&[0xFF, 0xD8, 0xFF]));
        assert_upright(&out);
    }
}

#[test]
fn every_exif_orientation_is_applied() {
    // Landscape upright 400×300 after resize to maxSide 320 → 320×240 whatever the stored orientation.
    let upright = photo(400, 300, 2, 3);
    for o in 1..=8u8 {
        let stored = stored_for(&upright, o);
        let bytes = with_exif_app1(&jpeg(&stored, 92), &tiff_orientation(u16::from(o)));
        let header = probe(&bytes).unwrap();
        assert_eq!((header.width, header.height, header.orientation), (400, 300, o));
        let opts = PrepareOptions { max_side: Some(320), ..Default::default() };
        let out = run(&bytes, &opts).unwrap();
        assert_eq!((out.width, out.height), (320, 240), "orientation {o}");
        assert_eq!(out.original.orientation, o);
        assert_upright(&out);
        assert!(!out.bytes.windows(6).any(|w| w == b"Exif\0\0"), "output must carry no EXIF");
    }
}

/// CRC-32 (PNG polynomial) for hand-made chunks.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn png_exif_orientation_is_applied() {
    let upright = photo(300, 200, 3, 2);
    let stored = png(&stored_for(&upright, 6));
    // Insert an eXIf chunk after IHDR (8 + 25 bytes).
    let tiff = tiff_orientation(6);
    let mut chunk = (tiff.len() as u32).to_be_bytes().to_vec();
    let mut body = b"eXIf".to_vec();
    body.extend_from_slice(&tiff);
    chunk.extend_from_slice(&body);
    chunk.extend_from_slice(&crc32(&body).to_be_bytes());
    let bytes = [&stored[..33], &chunk, &stored[33..]].concat();
    let out = run(&bytes, &PrepareOptions::default()).unwrap();
    assert_eq!((out.width, out.height, out.original.orientation), (300, 200, 6));
    assert_upright(&out);
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

fn code(bytes: &[u8], opts: &PrepareOptions) -> ErrorCode {
    run(bytes, opts).unwrap_err().code
}

#[test]
fn unsupported_and_garbage_inputs() {
    let d = PrepareOptions::default();
    assert_eq!(code(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", &d), ErrorCode::ImageUnsupported);
    assert_eq!(code(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", &d), ErrorCode::ImageUnsupported);
    assert_eq!(code(b"GIF89a\x10\0\x10\0", &d), ErrorCode::ImageUnsupported);
    let mut rng = Rng(7);
    let garbage: Vec<u8> = (0..4096).map(|_| rng.next() as u8).collect();
    assert_eq!(code(&garbage, &d), ErrorCode::ImageUnsupported);
    assert_eq!(code(&[], &d), ErrorCode::InvalidInput);
    let msg = run(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", &d).unwrap_err().message;
    assert!(msg.contains("HEIC"), "{msg}");
}

#[test]
fn truncated_inputs_are_decode_errors() {
    let img = photo(320, 240, 4, 3);
    for bytes in [jpeg(&img, 85), png(&img), webp_lossless(&img)] {
        for cut in [40, bytes.len() / 2, bytes.len() - 8] {
            let e = run(&bytes[..cut], &PrepareOptions::default()).unwrap_err();
            assert_eq!(e.code, ErrorCode::ImageDecode, "cut {cut} of {}: {e}", bytes.len());
        }
    }
}

#[test]
fn absurd_declared_dimensions_are_refused_before_decoding() {
    // PNG IHDR declaring 65535 × 65535 (4.3 G pixels, 12.9 GB of RGB): refused from the header.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&65_535u32.to_be_bytes());
    png.extend_from_slice(&65_535u32.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0]);
    let crc = crc32(&png[12..29]);
    png.extend_from_slice(&crc.to_be_bytes());
    png.extend_from_slice(&[0; 64]);
    let start = Instant::now();
    assert_eq!(code(&png, &PrepareOptions::default()), ErrorCode::ImageTooLarge);
    assert!(start.elapsed().as_millis() < 50, "took {:?}", start.elapsed());

    // A real JPEG whose SOF is patched to declare 50 000 px of width.
    let mut j = jpeg(&photo(64, 48, 5, 0), 80);
    let sof = j.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    j[sof + 7..sof + 9].copy_from_slice(&50_000u16.to_be_bytes());
    let start = Instant::now();
    let e = run(&j, &PrepareOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooLarge, "{e}");
    assert!(start.elapsed().as_millis() < 50);
}

#[test]
fn small_sources_fail_with_image_too_small() {
    let bytes = jpeg(&photo(400, 300, 6, 2), 85);
    let opts = PrepareOptions { preset: Some(Preset::IdCard), ..Default::default() }; // min short side 480
    let e = run(&bytes, &opts).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooSmall, "{e}");
    // The upright short side counts: stored 300×600 with orientation 6 is 600×300 upright.
    let stored = with_exif_app1(&jpeg(&photo(300, 600, 7, 2), 85), &tiff_orientation(6));
    let e = run(&stored, &PrepareOptions { min_side: Some(301), ..Default::default() }).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooSmall);
    let out = run(&stored, &PrepareOptions { min_side: Some(300), ..Default::default() }).unwrap();
    assert_eq!((out.width, out.height), (600, 300));
}

#[test]
fn impossible_budgets_fail_with_image_cannot_fit() {
    // Heavy noise, 10 kB, yet at least 900 px on the short side: no quality or size can do it.
    let bytes = png(&photo(1200, 900, 8, 60));
    let opts = PrepareOptions { max_bytes: Some(10_000), min_side: Some(900), ..Default::default() };
    let e = run(&bytes, &opts).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageCannotFit, "{e}");
}

#[test]
fn invalid_options_are_refused_before_reading_the_image() {
    let opts = PrepareOptions { max_bytes: Some(100), ..Default::default() };
    assert_eq!(code(b"not even an image", &opts), ErrorCode::InvalidInput);
}

#[test]
fn mutated_inputs_never_panic() {
    let img = photo(96, 64, 9, 5);
    let mut rng = Rng(11);
    for base in [jpeg(&img, 80), png(&img), webp_lossless(&img)] {
        for _ in 0..150 {
            let mut m = base.clone();
            for _ in 0..1 + rng.below(6) {
                let i = rng.below(m.len() as u32) as usize;
                m[i] = rng.next() as u8;
            }
            if rng.below(4) == 0 {
                m.truncate(rng.below(m.len() as u32) as usize);
            }
            // Any outcome but a panic is fine.
            let _ = run(&m, &PrepareOptions::default());
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Size, budget, encodes

#[test]
fn never_upscales() {
    let bytes = jpeg(&photo(800, 600, 12, 3), 90);
    let out = run(&bytes, &PrepareOptions { max_side: Some(4000), ..Default::default() }).unwrap();
    assert_eq!((out.width, out.height), (800, 600));
}

#[test]
fn budgets_are_met_in_few_encodes() {
    // (source size, noise, maxSide, maxBytes)
    let cases = [
        ((1200, 900), 4, 1600, 500_000),
        ((1200, 900), 4, 1600, 150_000),
        ((1200, 900), 4, 1024, 60_000),
        ((1200, 900), 10, 1200, 200_000),
        ((900, 1200), 2, 800, 30_000),
        ((1600, 1200), 6, 1280, 200_000),
        ((1600, 1200), 6, 1600, 300_000),
    ];
    for (i, ((w, h), noise, max_side, max_bytes)) in cases.into_iter().enumerate() {
        let bytes = jpeg(&photo(w, h, 20 + i as u64, noise), 92);
        let opts = PrepareOptions { max_side: Some(max_side), max_bytes: Some(max_bytes), ..Default::default() };
        let out = run(&bytes, &opts).unwrap();
        let (tw, th) = fit_within(w, h, max_side);
        println!(
            "{w}×{h} noise {noise} → {}×{} ≤ {max_bytes}: {} bytes, q {:.2}, {} encodes",
            out.width,
            out.height,
            out.bytes.len(),
            out.quality,
            out.encodes
        );
        assert!(out.bytes.len() <= max_bytes as usize, "case {i}: {} > {max_bytes}", out.bytes.len());
        assert_eq!((out.width, out.height), (tw, th), "case {i}: no downscale fallback on typical photos");
        assert!(out.encodes <= 3, "case {i}: {} encodes", out.encodes);
        assert!((0.4..=0.92).contains(&out.quality));
    }
}

#[test]
fn tight_budgets_downscale_instead_of_failing() {
    let bytes = png(&photo(1200, 900, 30, 40));
    let opts = PrepareOptions { max_bytes: Some(20_000), ..Default::default() };
    let out = run(&bytes, &opts).unwrap();
    assert!(out.bytes.len() <= 20_000);
    // Shrunk, then the best quality that fits at the smaller size (not necessarily the lowest).
    assert!(out.width < 1200 && out.quality >= 0.4, "{}×{} q {}", out.width, out.height, out.quality);
    let aspect = f64::from(out.width) / f64::from(out.height);
    assert!((aspect - 4.0 / 3.0).abs() < 0.01, "aspect kept: {aspect}");
}

// ---------------------------------------------------------------------------------------------------------------
// Output shape

#[test]
fn base64_progress_and_json_names() {
    let bytes = jpeg(&photo(640, 480, 40, 3), 90);
    let mut stages: Vec<(String, f64)> = Vec::new();
    let opts = PrepareOptions { data_url: true, ..Default::default() };
    let out = prepare(&bytes, &opts, &mut |s, f| stages.push((s.to_owned(), f))).unwrap();
    assert!(out.base64.starts_with("data:image/jpeg;base64,/9j/"));
    assert!(stages.windows(2).all(|w| w[0].1 <= w[1].1), "{stages:?}");
    assert_eq!(stages.last().unwrap(), &("done".to_owned(), 1.0));
    for s in ["decode", "resize", "encode", "checks"] {
        assert!(stages.iter().any(|(n, _)| n == s), "{s} missing from {stages:?}");
    }

    let plain = run(&bytes, &PrepareOptions { checks: false, ..Default::default() }).unwrap();
    use ::base64::Engine as _;
    assert_eq!(::base64::engine::general_purpose::STANDARD.decode(&plain.base64).unwrap(), plain.bytes);
    assert!(plain.checks.is_none());

    let json = serde_json::to_value(&out).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected =
        vec!["base64", "mime", "width", "height", "quality", "original", "checks", "engine", "elapsedMs"];
    expected.sort_unstable();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    assert_eq!(keys_sorted, expected);
    assert_eq!(json["mime"], "image/jpeg");
    assert_eq!(json["engine"], "wasm");
    let original: Vec<&String> = json["original"].as_object().unwrap().keys().collect();
    assert_eq!(original.len(), 5);
    for k in ["width", "height", "bytes", "mime", "orientation"] {
        assert!(json["original"].get(k).is_some(), "original.{k}");
    }
    for k in ["ok", "sharpness", "brightness", "glare", "resolution", "issues"] {
        assert!(json["checks"].get(k).is_some(), "checks.{k}");
    }
    assert!(json["checks"]["sharpness"].get("score").is_some());
    assert!(json["checks"]["brightness"].get("mean").is_some());
    assert!(json["checks"]["glare"].get("fraction").is_some());
    assert_eq!(serde_json::to_value(&plain).unwrap()["checks"], serde_json::Value::Null);
}

#[test]
fn raw_rgba_pixels_are_prepared() {
    let img = photo(640, 480, 41, 3);
    let rgba: Vec<u8> = img.pixels().flat_map(|p| [p[0], p[1], p[2], 255]).collect();
    let out =
        prepare_rgba(&rgba, 640, 480, &PrepareOptions { max_side: Some(320), ..Default::default() }, &mut |_, _| {})
            .unwrap();
    assert_eq!((out.width, out.height, out.original.mime.as_str()), (320, 240, RAW_RGBA_MIME));
    assert_upright(&out);
    let e = prepare_rgba(&rgba[1..], 640, 480, &PrepareOptions::default(), &mut |_, _| {}).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let e = prepare_rgba(&[], 0, 0, &PrepareOptions::default(), &mut |_, _| {}).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let e = prepare_rgba(&[], 20_000, 20_000, &PrepareOptions::default(), &mut |_, _| {}).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooLarge);
}

// ---------------------------------------------------------------------------------------------------------------
// Quality checks

/// Three passes of a separable box blur of radius `r` (close to a Gaussian of σ ≈ r).
fn blur(img: &RgbImage, r: u32) -> RgbImage {
    let mut cur = img.clone();
    let (w, h) = cur.dimensions();
    for _ in 0..3 {
        for horizontal in [true, false] {
            let src = cur.clone();
            for y in 0..h {
                for x in 0..w {
                    let mut sum = [0u32; 3];
                    let mut n = 0;
                    for d in -(r as i64)..=r as i64 {
                        let (sx, sy) = if horizontal { (x as i64 + d, y as i64) } else { (x as i64, y as i64 + d) };
                        if sx >= 0 && sy >= 0 && sx < w as i64 && sy < h as i64 {
                            for (s, v) in sum.iter_mut().zip(src.get_pixel(sx as u32, sy as u32).0) {
                                *s += u32::from(v);
                            }
                            n += 1;
                        }
                    }
                    cur.put_pixel(x, y, Rgb(sum.map(|s| (s / n) as u8)));
                }
            }
        }
    }
    cur
}

fn map(img: &RgbImage, f: impl Fn(u8) -> u8) -> RgbImage {
    let mut out = img.clone();
    out.pixels_mut().for_each(|p| p.0 = p.0.map(&f));
    out
}

/// A white elliptical reflection covering about 6 % of the frame.
fn with_glare(img: &RgbImage) -> RgbImage {
    let mut out = img.clone();
    let (w, h) = out.dimensions();
    let (cx, cy, rx, ry) = (w as f64 * 0.6, h as f64 * 0.4, w as f64 * 0.16, h as f64 * 0.12);
    for (x, y, p) in out.enumerate_pixels_mut() {
        let d = ((x as f64 - cx) / rx).powi(2) + ((y as f64 - cy) / ry).powi(2);
        if d < 1.0 {
            p.0 = [255, 255, 255];
        }
    }
    out
}

fn checks_of(img: &RgbImage) -> QualityChecks {
    let out = run(&png(img), &PrepareOptions { max_bytes: Some(1_000_000), ..Default::default() }).unwrap();
    out.checks.unwrap()
}

#[test]
fn quality_checks_on_generated_images() {
    // 960×720 keeps the debug-build blur fast; the checks run on a ≤ 512 px grey copy either way.
    let sharp = photo(960, 720, 50, 4);
    let cases: Vec<(&str, RgbImage, Vec<QualityIssue>)> = vec![
        ("sharp", sharp.clone(), vec![]),
        ("blurred r=2", blur(&sharp, 2), vec![QualityIssue::Blurry]),
        ("blurred r=4", blur(&sharp, 4), vec![QualityIssue::Blurry]),
        ("dark", map(&sharp, |v| (u32::from(v) * 22 / 100) as u8), vec![QualityIssue::TooDark]),
        ("bright", map(&sharp, |v| 255 - ((255 - u32::from(v)) * 35 / 100) as u8), vec![QualityIssue::TooBright]),
        ("glare", with_glare(&sharp), vec![QualityIssue::Glare]),
    ];
    for (name, img, expected) in cases {
        let c = checks_of(&img);
        println!(
            "{name:12} sharpness {:8.1}  brightness {:6.1}  glare {:.4}  issues {:?}",
            c.sharpness.score, c.brightness.mean, c.glare.fraction, c.issues
        );
        assert_eq!(c.issues, expected, "{name}: {c:?}");
        assert_eq!(c.ok, expected.is_empty());
    }
    // Low resolution: without minSide the check's floor is 480 px on the short side.
    let small = photo(400, 300, 51, 4);
    let c = checks_of(&small);
    assert!(c.issues.contains(&QualityIssue::LowResolution), "{c:?}");
}

// ---------------------------------------------------------------------------------------------------------------
// Measurements (release): `cargo test --release --lib image -- --ignored --nocapture`

#[test]
#[ignore = "measurement; run in release"]
fn measure_size_versus_quality() {
    for (name, img) in [
        ("photo noise 3", photo(1600, 1200, 60, 3)),
        ("photo noise 8", photo(1600, 1200, 61, 8)),
        ("photo noise 15", photo(1600, 1200, 62, 15)),
        ("blurred", blur(&photo(1600, 1200, 63, 3), 2)),
    ] {
        let px = f64::from(img.width() * img.height());
        let row: Vec<String> = [40u8, 50, 60, 70, 80, 85, 90, 92]
            .iter()
            .map(|&q| {
                let bpp = encode::encode_jpeg(&img, q).unwrap().len() as f64 * 8.0 / px;
                format!("q{q}: {bpp:.3} (ln {:.2})", bpp.ln())
            })
            .collect();
        println!("{name:16} {}", row.join("  "));
    }
    // Encodes per image over a sweep of content, sizes and budgets.
    let mut histogram = [0u32; 8];
    let mut fill = Vec::new();
    for (i, noise) in [1u32, 3, 6, 10, 16].into_iter().enumerate() {
        let src = photo(2400, 1800, 80 + i as u64, noise);
        let bytes = jpeg(&src, 95);
        for max_side in [800, 1280, 1600, 2000] {
            for max_bytes in [40_000, 80_000, 150_000, 300_000, 500_000, 1_000_000] {
                let opts =
                    PrepareOptions { max_side: Some(max_side), max_bytes: Some(max_bytes), ..Default::default() };
                let out = run(&bytes, &opts).unwrap();
                assert!(out.bytes.len() <= max_bytes as usize);
                histogram[(out.encodes as usize).min(7)] += 1;
                if out.quality < 0.92 {
                    fill.push(out.bytes.len() as f64 / f64::from(max_bytes));
                }
            }
        }
    }
    fill.sort_by(f64::total_cmp);
    println!(
        "encodes per image over 120 runs: {:?} (index = encodes); budget use when q < 0.92: min {:.2} median {:.2}",
        histogram,
        fill.first().unwrap_or(&0.0),
        fill.get(fill.len() / 2).unwrap_or(&0.0)
    );
    if let Ok(path) = std::env::var("EKYC_CALIBRATE_JPEG") {
        let bytes = std::fs::read(&path).unwrap();
        let header = probe(&bytes).unwrap();
        let parsed = header::parse(&bytes).unwrap();
        let (w, h) = fit_within(header.width, header.height, 1600);
        let img = resize::resize_rgb(decode::decode(&bytes, &parsed, (w, h)).unwrap(), w, h).unwrap();
        let px = f64::from(w * h);
        for q in [40u8, 50, 60, 70, 80, 85, 90, 92] {
            let bpp = encode::encode_jpeg(&img, q).unwrap().len() as f64 * 8.0 / px;
            println!("{path} {w}×{h} q{q}: {bpp:.3} bpp (ln {:.2})", bpp.ln());
        }
        for max_bytes in [60_000, 120_000, 250_000, 400_000] {
            let opts = PrepareOptions { max_side: Some(1600), max_bytes: Some(max_bytes), ..Default::default() };
            let out = run(&bytes, &opts).unwrap();
            println!("  ≤ {max_bytes}: {} bytes q {:.2} in {} encodes", out.bytes.len(), out.quality, out.encodes);
        }
    }
}

#[test]
#[ignore = "measurement; run in release"]
fn measure_12_megapixel_photo() {
    let src = jpeg(&photo(4032, 3024, 70, 5), 92);
    let opts = PrepareOptions { max_side: Some(1600), max_bytes: Some(300_000), ..Default::default() };
    for round in 0..3 {
        let start = Instant::now();
        let mut marks = Vec::new();
        let out = prepare(&src, &opts, &mut |s, _| marks.push((s.to_owned(), start.elapsed().as_millis()))).unwrap();
        println!(
            "round {round}: {} KB source → {}×{} {} bytes q {:.2}, {} encodes in {} ms; stages {marks:?}",
            src.len() / 1000,
            out.width,
            out.height,
            out.bytes.len(),
            out.quality,
            out.encodes,
            start.elapsed().as_millis()
        );
    }
    // Resize filter cost on the post-DCT size.
    let big = photo(2016, 1512, 71, 5);
    for filter in [fast_image_resize::FilterType::CatmullRom, fast_image_resize::FilterType::Lanczos3] {
        let start = Instant::now();
        for _ in 0..5 {
            let src =
                fast_image_resize::images::ImageRef::new(2016, 1512, big.as_raw(), fast_image_resize::PixelType::U8x3)
                    .unwrap();
            let mut dst = fast_image_resize::images::Image::new(1600, 1200, fast_image_resize::PixelType::U8x3);
            let o =
                fast_image_resize::ResizeOptions::new().resize_alg(fast_image_resize::ResizeAlg::Convolution(filter));
            fast_image_resize::Resizer::new().resize(&src, &mut dst, &o).unwrap();
        }
        println!("{filter:?}: {:.1} ms per 2016×1512 → 1600×1200", start.elapsed().as_secs_f64() * 200.0);
    }
}
