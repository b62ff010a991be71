//! The `wasm` engine of `prepareImage` (decode + orient + resize + encode within a budget + checks). The input
//! is `<4 option bytes><image bytes>`; images the header says exceed 4 MP are skipped after the header check
//! (they are refused or decoded the same way, only slower: a run stays meaningful). Checks: typed errors only;
//! a result is a JPEG within `maxBytes` and `maxSide`, never larger than the source, with progress in 0–1.
#![no_main]

use ekyc_bridge::image::{prepare, probe, PrepareOptions, Preset};
use libfuzzer_sys::fuzz_target;

/// Skip decoding above this many pixels (the real limit, MAX_PIXELS, is 50 MP).
const FUZZ_MAX_PIXELS: u64 = 4_000_000;

fuzz_target!(|data: &[u8]| {
    let Some((opts, image)) = data.split_first_chunk::<4>() else { return };
    let Ok(header) = probe(image) else {
        // Header errors are typed; prepare must give one too without decoding.
        assert!(prepare(image, &PrepareOptions::default(), &mut |_, _| {}).is_err());
        return;
    };
    if u64::from(header.width) * u64::from(header.height) > FUZZ_MAX_PIXELS {
        return;
    }
    let options = PrepareOptions {
        preset: [None, Some(Preset::IdCard), Some(Preset::Selfie), Some(Preset::Document)][usize::from(opts[0] & 3)],
        max_side: [None, Some(64), Some(200), Some(1), Some(40_000), Some(640), Some(97), Some(16_384)]
            .get(usize::from(opts[1] & 7))
            .copied()
            .flatten(),
        max_bytes: [
            None,
            Some(10_000),
            Some(12_345),
            Some(5),
            Some(u32::MAX),
            Some(200_000),
            Some(60_000),
            Some(1_000_000),
        ]
        .get(usize::from(opts[2] & 7))
        .copied()
        .flatten(),
        min_side: [None, Some(0), Some(1), Some(16), Some(64), Some(480), Some(10_000), Some(33)]
            .get(usize::from(opts[3] & 7))
            .copied()
            .flatten(),
        data_url: opts[0] & 4 != 0,
        engine: None,
        checks: opts[0] & 8 == 0,
    };
    let mut last = 0.0f64;
    let mut progress = |_: &str, f: f64| {
        assert!((0.0..=1.0).contains(&f) && f >= last, "progress {f} after {last}");
        last = f;
    };
    match prepare(image, &options, &mut progress) {
        Ok(out) => {
            let settings = options.resolve().expect("a successful call had valid options");
            assert!(out.bytes.len() as u64 <= u64::from(settings.max_bytes), "over maxBytes");
            assert!(out.width.max(out.height) <= settings.max_side, "over maxSide");
            assert!(out.width <= header.width.max(header.height) && out.height <= header.width.max(header.height));
            assert!(out.bytes.starts_with(&[0xFF, 0xD8]), "not a JPEG");
        }
        Err(e) => {
            let _ = format!("{e} {e:?}");
        }
    }
});
