//! Quality lab (ignored test, run by hand): on the `make bench` photos (target/bench/photos, made by
//! scripts/bench/make_photos.py), the SSIM the bench would report for encoder settings, each at the highest
//! quality that fits the budget (an oracle search). It is how the encoder settings in `encode.rs` were chosen:
//! `cargo test --release --lib quality_lab -- --ignored --nocapture`.

use std::path::Path;

use image::RgbImage;
use jpeg_encoder::{ColorType, Encoder, QuantizationTableType, SamplingFactor};

use super::decode::decode;
use super::header::parse;
use super::orient::{self, swaps_axes};
use super::resize::{fit_within, resize_rgb};

fn luma(img: &RgbImage) -> Vec<f64> {
    img.pixels().map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2])).collect()
}

/// The bench's SSIM: uniform 8×8 windows at every position, K1 0.01, K2 0.03, L 255.
fn ssim(a: &[f64], b: &[f64], w: usize, h: usize) -> f64 {
    let win = 8;
    let ww = w + 1;
    let n = ww * (h + 1);
    let mut t = vec![[0f64; 5]; n];
    for y in 0..h {
        let mut r = [0f64; 5];
        for x in 0..w {
            let (p, q) = (a[y * w + x], b[y * w + x]);
            r[0] += p;
            r[1] += q;
            r[2] += p * p;
            r[3] += q * q;
            r[4] += p * q;
            let i = (y + 1) * ww + x + 1;
            for k in 0..5 {
                t[i][k] = t[i - ww][k] + r[k];
            }
        }
    }
    let rect = |k: usize, x: usize, y: usize| {
        t[(y + win) * ww + x + win][k] - t[y * ww + x + win][k] - t[(y + win) * ww + x][k] + t[y * ww + x][k]
    };
    let (c1, c2, nn) = ((0.01f64 * 255.0).powi(2), (0.03f64 * 255.0).powi(2), (win * win) as f64);
    let (mut total, mut count) = (0.0, 0.0);
    for y in 0..=h - win {
        for x in 0..=w - win {
            let (ma, mb) = (rect(0, x, y) / nn, rect(1, x, y) / nn);
            let (va, vb) = (rect(2, x, y) / nn - ma * ma, rect(3, x, y) / nn - mb * mb);
            let cov = rect(4, x, y) / nn - ma * mb;
            total += ((2.0 * ma * mb + c1) * (2.0 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
            count += 1.0;
        }
    }
    total / count
}

fn jpeg_rgb(b: &[u8]) -> RgbImage {
    let mut d = jpeg_decoder::Decoder::new(b);
    let px = d.decode().unwrap();
    let info = d.info().unwrap();
    RgbImage::from_raw(u32::from(info.width), u32::from(info.height), px).unwrap()
}

#[derive(Clone, Copy)]
struct Variant {
    name: &'static str,
    sampling: SamplingFactor,
    huffman: bool,
    tables: fn() -> [QuantizationTableType; 2],
}

fn enc(img: &RgbImage, q: u8, v: &Variant) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = Encoder::new(&mut out, q);
    e.set_sampling_factor(v.sampling);
    e.set_optimized_huffman_tables(v.huffman);
    let [l, c] = (v.tables)();
    e.set_quantization_tables(l, c);
    e.encode(img.as_raw(), img.width() as u16, img.height() as u16, ColorType::Rgb).unwrap();
    out
}

fn best_fit(img: &RgbImage, max: usize, v: &Variant) -> (u8, Vec<u8>) {
    let (mut lo, mut hi, mut best) = (20u8, 98u8, None);
    while lo <= hi {
        let mid = (lo + hi) / 2;
        let out = enc(img, mid, v);
        if out.len() <= max {
            best = Some((mid, out));
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    best.unwrap()
}

#[test]
#[ignore = "needs target/bench/photos (make bench); prints a table"]
fn quality_lab() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/photos");
    let variants = [
        Variant {
            name: "420 std",
            sampling: SamplingFactor::R_4_2_0,
            huffman: false,
            tables: || [QuantizationTableType::Default, QuantizationTableType::Default],
        },
        Variant {
            name: "420 std huff",
            sampling: SamplingFactor::R_4_2_0,
            huffman: true,
            tables: || [QuantizationTableType::Default, QuantizationTableType::Default],
        },
        Variant {
            name: "444 std huff",
            sampling: SamplingFactor::R_4_4_4,
            huffman: true,
            tables: || [QuantizationTableType::Default, QuantizationTableType::Default],
        },
        Variant {
            name: "420 imagick huff",
            sampling: SamplingFactor::R_4_2_0,
            huffman: true,
            tables: || [QuantizationTableType::ImageMagick, QuantizationTableType::ImageMagick],
        },
        Variant {
            name: "420 msssim huff",
            sampling: SamplingFactor::R_4_2_0,
            huffman: true,
            tables: || [QuantizationTableType::CustomMsSsim, QuantizationTableType::CustomMsSsim],
        },
        Variant {
            name: "420 psnrhvs huff",
            sampling: SamplingFactor::R_4_2_0,
            huffman: true,
            tables: || [QuantizationTableType::CustomPsnrHvs, QuantizationTableType::CustomPsnrHvs],
        },
        Variant {
            name: "420 kleinsc huff",
            sampling: SamplingFactor::R_4_2_0,
            huffman: true,
            tables: || [QuantizationTableType::KleinSilversteinCarney, QuantizationTableType::KleinSilversteinCarney],
        },
    ];
    let photos = ["camera.jpg", "camera-o6.jpg", "landscape.jpg", "portrait.jpg", "screenshot.png", "id-card.jpg"];
    let mut sums = vec![0.0; variants.len()];
    let mut n = 0.0;
    for photo in photos {
        let Ok(bytes) = std::fs::read(dir.join(photo)) else {
            println!("no {photo}: run make bench first");
            return;
        };
        for (side, max) in [(1600u32, 300_000usize), (1280, 150_000)] {
            let stem = photo.rsplit_once('.').unwrap().0;
            let reference = image::open(dir.join(format!("{stem}.ref{side}.png"))).unwrap().to_rgb8();
            let parsed = parse(&bytes).unwrap();
            let o = parsed.orientation();
            let swap = swaps_axes(o);
            let (w, h) = if swap { (parsed.height, parsed.width) } else { (parsed.width, parsed.height) };
            let (tw, th) = fit_within(w, h, side);
            let st = if swap { (th, tw) } else { (tw, th) };
            let dec = decode(&bytes, &parsed, st).unwrap();
            let img = orient::apply(resize_rgb(dec, st.0, st.1).unwrap(), o);
            let (cw, ch) = (img.width().min(reference.width()) as usize, img.height().min(reference.height()) as usize);
            let crop = |i: &RgbImage| image::imageops::crop_imm(i, 0, 0, cw as u32, ch as u32).to_image();
            let rl = luma(&crop(&reference));
            let base = ssim(&luma(&crop(&img)), &rl, cw, ch);
            let mut row = format!("{stem:12} {side} resized-only {base:.4} |");
            for (i, v) in variants.iter().enumerate() {
                let (q, out) = best_fit(&img, max, v);
                let decoded = jpeg_rgb(&out);
                let s = ssim(&luma(&crop(&decoded)), &rl, cw, ch);
                sums[i] += s;
                row += &format!(" {}: q{q} {:.0}% {s:.4} |", v.name, out.len() as f64 * 100.0 / max as f64);
            }
            n += 1.0;
            println!("{row}");
        }
    }
    for (i, v) in variants.iter().enumerate() {
        println!("mean {:18} {:.4}", v.name, sums[i] / n);
    }
}

/// The rate control's model on the bench photos with the production encoder: `ln(bpp)` at q80 and
/// `ln(bytes) − ln(bytes at q80)` per quality (the `SHAPE` and `PRIOR_LN_BPP_AT_80` of `encode.rs`), and how
/// many encodes the rate control takes and how much of the budget it uses.
#[test]
#[ignore = "needs target/bench/photos (make bench); prints a table"]
fn rate_model_lab() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/photos");
    let qs = [40u8, 50, 60, 70, 80, 85, 90, 92];
    let mut mean = vec![0.0; qs.len()];
    let mut n = 0.0;
    for photo in ["camera.jpg", "landscape.jpg", "portrait.jpg", "screenshot.png", "id-card.jpg"] {
        let Ok(bytes) = std::fs::read(dir.join(photo)) else { return };
        for (side, max) in [(1600u32, 300_000usize), (1280, 150_000)] {
            let parsed = parse(&bytes).unwrap();
            let (tw, th) = fit_within(parsed.width, parsed.height, side);
            let img = resize_rgb(decode(&bytes, &parsed, (tw, th)).unwrap(), tw, th).unwrap();
            let px = f64::from(tw * th);
            let sizes: Vec<f64> =
                qs.iter().map(|&q| (super::encode::encode_jpeg(&img, q).unwrap().len() as f64).ln()).collect();
            let at80 = sizes[4];
            let rel: Vec<String> = sizes.iter().map(|s| format!("{:+.2}", s - at80)).collect();
            for (m, s) in mean.iter_mut().zip(&sizes) {
                *m += s - at80;
            }
            n += 1.0;
            let mut encodes = 0;
            let source = super::jpeg::SourcePlanes::new(img.as_raw(), tw, th, 3).unwrap();
            let out = super::encode::encode_within(&source, (tw, th), max, 1, &mut |e| encodes = e).unwrap();
            println!(
                "{photo:15} {side}: ln bpp@80 {:+.2} | {} | rc: {encodes} encodes, q{}, {:.0}% of budget",
                (at80.exp() * 8.0 / px).ln(),
                rel.join(" "),
                out.quality,
                out.bytes.len() as f64 * 100.0 / max as f64
            );
        }
    }
    println!("mean shape: {:?}", mean.iter().map(|m| format!("{:+.2}", m / n)).collect::<Vec<_>>());
}
