//! `prepareImage` in a browser (API.md §1): the platform's own decoder, driven from Rust, then our resize and
//! JPEG encoder (`auto`), or the platform's scaler and encoder too (`engine: "browser"`).
//!
//! 1. **Limits first.** The format, stored size and EXIF orientation come from our header parser
//!    (`crate::image::header`) on the file's first bytes, so a 65535² header is refused (`image_too_large`)
//!    before the browser decodes anything.
//! 2. **Decode + orient natively** with WebCodecs' `ImageDecoder` (a JPEG at least twice the target size at
//!    1/2, 1/4 or 1/8 scale straight from the DCT: see [`decoded_frame`]), else `createImageBitmap` with
//!    `imageOrientation: "from-image"`.
//! 3. `auto` ([`Encoder::Ours`]): the frame's pixels (`VideoFrame.copyTo`, or a canvas read back) are
//!    color-converted once and scaled by our Lanczos3 on the YCbCr planes ([`SourcePlanes`], as the `wasm`
//!    engine), then our encoder sizes every quality exactly and writes the file once ([`fit`]); the checks read
//!    the source's luma. `engine: "browser"` ([`Encoder::Platform`]): Skia scales while drawing on a canvas
//!    (`imageSmoothingQuality: "high"`), the platform encodes (`toDataURL` in a page, `convertToBlob` in a
//!    worker) under the [`RateControl`] state machine (2–3 encodes), the checks read a tiny canvas copy.
//!
//! Why `auto` uses our resize and encoder after the platform's decode (Chromium 156, 2 cores, the bench
//! photos): the platform encoder costs ≈ 10 ms a 1600×900 encode through the synchronous `toDataURL`
//! (`toBlob` and `convertToBlob` resolve a frame later: ≈ 16.7 ms whatever the size) and needs 2–3 of them to
//! find the quality; ours costs about as much for one DCT, 3–4 exact sizes and one write, and its tables
//! (MS-SSIM-tuned, optimized Huffman) keep more detail per byte; Skia's scaling was faster than our Lanczos3
//! but blurrier (bench mean SSIM 0.953 against 0.957 with ours, where @jsquash makes 0.955). README
//! *Benchmark* has the numbers. Synchronous work blocks the page for that long, as the peers' does.
//!
//! The output never carries EXIF (neither encoder writes it) and is upright.

use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, ImageBitmap, ImageBitmapOptions,
    ImageEncodeOptions, ImageOrientation, OffscreenCanvas, OffscreenCanvasRenderingContext2d, ResizeQuality,
};

use crate::error::{EkycError, ErrorCode, Result};
use crate::image::encode::{shrunk_size, Encoded, RateControl, Step, Trials, NATIVE_MODEL, Q_MIN};
use crate::image::header::{check_limits, probe, ImageHeader};
use crate::image::jpeg::SourcePlanes;
use crate::image::orient;
use crate::image::pipeline::{
    check_min_side, encode_prepared, encode_progress, prepared, AT_CHECKS, AT_DECODE, AT_ENCODE, AT_RESIZE,
};
use base64::Engine as _;

use crate::image::{
    assess_small_rgba, fit_within, to_base64, EngineUsed, OriginalImage, PreparedImage, QualityChecks, Settings,
    CHECK_SIDE, RAW_RGBA_MIME,
};

/// Bytes read from the start of a file for the header scan: the frame header follows EXIF (≤ 64 KiB), XMP and
/// ICC segments in any camera JPEG we know; a file whose header lies further is read whole.
const HEADER_PREFIX: usize = 256 * 1024;

#[wasm_bindgen]
extern "C" {
    /// The global `createImageBitmap` (windows and workers alike); a `ReferenceError` where there is none.
    #[wasm_bindgen(js_name = createImageBitmap, catch)]
    fn create_image_bitmap(source: &JsValue, options: &ImageBitmapOptions) -> std::result::Result<Promise, JsValue>;
}

/// Whether this runtime has what the `browser` engine needs: `createImageBitmap` and a 2D canvas
/// (`OffscreenCanvas`, or a `document` to make a `<canvas>`). False in Node and in workerd.
pub(crate) fn available() -> bool {
    let global = js_sys::global();
    let has = |name: &str| Reflect::get(&global, &name.into()).map(|v| v.is_function()).unwrap_or(false);
    let has_document = Reflect::get(&global, &"document".into()).map(|v| v.is_object()).unwrap_or(false);
    has("createImageBitmap") && (has("OffscreenCanvas") || has_document)
}

/// What the input is, for the native decoder.
enum Input {
    /// A file's bytes (a `Blob`/`File` as is, an `ArrayBuffer`/`Uint8Array` wrapped in a `Blob`).
    File { blob: Blob, head: Vec<u8>, size: usize },
    /// Something `createImageBitmap` takes directly and that has no EXIF: a bitmap, canvas or video frame.
    Pixels { source: JsValue, width: u32, height: u32 },
}

/// Runs the `browser` engine on any accepted input.
pub(crate) async fn prepare(
    input: &JsValue,
    settings: &Settings,
    max_input_bytes: usize,
    encoder: Encoder,
    progress: &mut dyn FnMut(&str, f64),
) -> std::result::Result<PreparedImage, Failure> {
    let input = classify(input, max_input_bytes).await?;
    // 1. Limits and orientation from our header parser, before the browser decodes anything.
    let (source, original) = match input {
        Input::File { blob, head, size } => {
            let header = match probe(&head) {
                Ok(header) => header,
                // The frame header lies beyond the prefix: read the whole file (still no pixels).
                Err(e) if e.code == ErrorCode::ImageDecode && size > head.len() => {
                    return Box::pin(prepare_file_whole(blob, settings, encoder, progress)).await;
                }
                Err(e) => return Err(e.into()),
            };
            (JsValue::from(blob), original_of(&header, size))
        }
        Input::Pixels { source, width, height } => {
            check_limits(crate::image::Format::Png, width, height)?;
            let bytes = u32::try_from(u64::from(width) * u64::from(height) * 4).unwrap_or(u32::MAX);
            let original = OriginalImage { width, height, bytes, mime: RAW_RGBA_MIME.to_owned(), orientation: 1 };
            (source, original)
        }
    };
    check_min_side(original.width, original.height, settings)?;
    run(&source, original, settings, encoder, progress).await
}

async fn prepare_file_whole(
    blob: Blob,
    settings: &Settings,
    encoder: Encoder,
    progress: &mut dyn FnMut(&str, f64),
) -> std::result::Result<PreparedImage, Failure> {
    let whole = read_blob(&blob).await?;
    let original = original_of(&probe(&whole)?, whole.len());
    check_min_side(original.width, original.height, settings)?;
    run(&blob.into(), original, settings, encoder, progress).await
}

/// The file as the result describes it: upright size (from the header), bytes, type, EXIF orientation.
fn original_of(header: &ImageHeader, size: usize) -> OriginalImage {
    OriginalImage {
        width: header.width,
        height: header.height,
        bytes: u32::try_from(size).unwrap_or(u32::MAX),
        mime: header.format.mime().to_owned(),
        orientation: header.orientation,
    }
}

/// Decode + orient natively; scale (natively for the platform encoder, our Lanczos3 for ours); encode; check.
async fn run(
    source: &JsValue,
    original: OriginalImage,
    settings: &Settings,
    encoder: Encoder,
    progress: &mut dyn FnMut(&str, f64),
) -> std::result::Result<PreparedImage, Failure> {
    let target = fit_within(original.width, original.height, settings.max_side);
    progress("decode", AT_DECODE);
    match encoder {
        Encoder::Ours => {
            // Our Lanczos3 on the YCbCr planes and our encoder, as the `wasm` engine.
            let (rgba, (w, h)) = decode_pixels(source, &original, target).await?;
            progress("resize", AT_RESIZE);
            let source = SourcePlanes::new(&rgba, w, h, 4)?;
            drop(rgba);
            Ok(encode_prepared(&source, target, original, EngineUsed::Browser, settings, progress)?)
        }
        Encoder::Platform => {
            // Skia scales while drawing; the platform encodes.
            let mut surface = decode_scaled(source, &original, target).await?;
            progress("resize", AT_RESIZE);
            let (encoded, base64) = match encode_native(&mut surface, target, settings, progress).await {
                Err(e) if e.code == ErrorCode::InvalidInput && e.message == NO_JPEG_ENCODER => {
                    return Err(Failure::Unusable(e))
                }
                other => other?,
            };
            let checks = canvas_checks(&surface, (encoded.width, encoded.height), settings, progress)?;
            Ok(prepared(encoded, base64, checks, original, EngineUsed::Browser, progress))
        }
    }
}

/// `engine: "browser"`: the image decoded by the platform, upright, scaled to `target` by Skia's high-quality
/// filter while drawn on a canvas on white (JPEG has no alpha: transparent PNG areas must not turn black).
async fn decode_scaled(
    source: &JsValue,
    original: &OriginalImage,
    target: (u32, u32),
) -> std::result::Result<Surface, Failure> {
    if let Some((frame, _)) = decoded_frame(source, original, target).await {
        let drawn = on_canvas(&frame, target);
        close(&frame);
        return drawn.map_err(canvas_failure);
    }
    Ok(bitmap_on_canvas(source, target).await?.0)
}

/// `auto`: the image decoded by the platform, upright, as opaque RGBA: copied straight out of `ImageDecoder`'s
/// frame when [`frame_rgba`] can (at the decoded size: the JPEG DCT scale, never below `target`), else read
/// back from a canvas on white no larger than twice the target ([`working_size`]). Returns the pixels and
/// their size.
async fn decode_pixels(
    source: &JsValue,
    original: &OriginalImage,
    target: (u32, u32),
) -> std::result::Result<(Vec<u8>, (u32, u32)), Failure> {
    if let Some((frame, decoded)) = decoded_frame(source, original, target).await {
        let pixels = match frame_rgba(&frame, decoded).await {
            Some(rgba) => Ok((rgba, decoded)),
            None => {
                let size = working_size(decoded, target);
                on_canvas(&frame, size).and_then(|s| s.rgba(size.0, size.1)).map(|rgba| (rgba, size))
            }
        };
        close(&frame);
        return pixels.map_err(canvas_failure);
    }
    let (surface, size) = bitmap_on_canvas(source, working_size((original.width, original.height), target)).await?;
    Ok((surface.rgba(size.0, size.1).map_err(canvas_failure)?, size))
}

/// The size a canvas holds the decoded image at for our Lanczos3: as decoded up to twice the target, else
/// scaled by the platform to twice the target (its high-quality filter; ours does the last factor ≤ 2). A
/// 48 MP photo never becomes a 48 MP canvas (iOS refuses canvases over 16.7 MP) nor 200 MB of pixels.
fn working_size(decoded: (u32, u32), (tw, th): (u32, u32)) -> (u32, u32) {
    let limit = tw.max(th).saturating_mul(2);
    fit_within(decoded.0, decoded.1, limit)
}

/// A canvas that failed on a decoded image: a tainted one is the caller's input (`invalid_input`); anything
/// else (no canvas of that size, a failed draw or read) is this platform, where `auto` falls back to `wasm`.
fn canvas_failure(e: EkycError) -> Failure {
    if e.message == TAINTED {
        Failure::Input(e)
    } else {
        Failure::Unusable(e)
    }
}

/// `image` (a `VideoFrame` or an `ImageBitmap`) drawn on a new canvas of `size`, on white.
fn on_canvas(image: &JsValue, (w, h): (u32, u32)) -> Result<Surface> {
    let surface = Surface::new(w, h)?;
    surface.draw_source(image, w, h)?;
    Ok(surface)
}

/// `createImageBitmap` (with `imageOrientation: "from-image"` and, unless `size` is the upright original's,
/// resize options) drawn on a canvas: where there is no `ImageDecoder` or it failed (then it reports the
/// error). A bitmap of another size than asked (a browser that ignores the options, orientation included)
/// makes the engine [`Failure::Unusable`].
async fn bitmap_on_canvas(source: &JsValue, size: (u32, u32)) -> std::result::Result<(Surface, (u32, u32)), Failure> {
    let bitmap = bitmap(source, size, ResizeQuality::High).await?;
    let got = (bitmap.width(), bitmap.height());
    if got != size {
        bitmap.close();
        return Err(Failure::Unusable(EkycError::new(
            ErrorCode::InvalidInput,
            format!(
                "the browser decoded {}×{} px where {}×{} was asked: its createImageBitmap ignores the options \
                 (size or EXIF orientation), so it cannot prepare images here",
                got.0, got.1, size.0, size.1
            ),
        )));
    }
    let drawn = on_canvas(bitmap.as_ref(), size);
    bitmap.close();
    Ok((drawn.map_err(canvas_failure)?, size))
}

/// The frame's pixels as RGBA by `VideoFrame.copyTo(…, { format: "RGBA" })` — no canvas draw and read-back,
/// 5–7 ms less for a 3 MP frame (Chromium 156) — for an opaque format (a PNG decodes to BGRA, whose alpha the
/// canvas composites on white). A JPEG with EXIF orientation decodes to a frame with `rotation` / `flip` set,
/// which `copyTo` ignores: [`orient::upright_rgba`] applies them. `None` otherwise, or where `copyTo` cannot convert.
async fn frame_rgba(frame: &JsValue, (w, h): (u32, u32)) -> Option<Vec<u8>> {
    const OPAQUE: [&str; 6] = ["BGRX", "RGBX", "I420", "I422", "I444", "NV12"];
    let get = |key: &str| Reflect::get(frame, &key.into()).ok();
    let format = get("format")?.as_string()?;
    let number = |key: &str| get(key).and_then(|v| v.as_f64()).unwrap_or(0.0);
    let rotation = number("rotation");
    let flip = get("flip").is_some_and(|v| v.is_truthy());
    if !OPAQUE.contains(&format.as_str())
        || (number("displayWidth"), number("displayHeight")) != (f64::from(w), f64::from(h))
    {
        return None;
    }
    // The stored pixels (the visible rect): the display size, turned back by the rotation.
    let quarter = match rotation as u32 {
        0 | 180 => false,
        90 | 270 => true,
        _ => return None,
    };
    let (w, h) = if quarter { (h, w) } else { (w, h) };
    let len = (w as usize).checked_mul(h as usize)?.checked_mul(4)?;
    let buffer = Uint8Array::new_with_length(u32::try_from(len).ok()?);
    let options = js_sys::Object::new();
    Reflect::set(&options, &"format".into(), &"RGBA".into()).ok()?;
    let copy = get("copyTo")?.dyn_into::<js_sys::Function>().ok()?;
    let promise = copy.call2(frame, &buffer, &options).ok()?.dyn_into::<Promise>().ok()?;
    let layout = JsFuture::from(promise).await.ok()?;
    // One plane, rows of exactly w·4 bytes from the start: anything else is not the buffer we read.
    let plane = js_sys::Array::from(&layout).get(0);
    let at = |key: &str| Reflect::get(&plane, &key.into()).ok().and_then(|v| v.as_f64());
    if at("offset") != Some(0.0) || at("stride") != Some(f64::from(w) * 4.0) {
        return None;
    }
    let stored = buffer.to_vec();
    if rotation == 0.0 && !flip {
        return Some(stored);
    }
    Some(orient::upright_rgba(&stored, (w, h), rotation as u32, flip))
}

/// Which encoder follows the platform's decode and scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoder {
    /// The platform's (`toDataURL` / `convertToBlob`) under the shared [`RateControl`]: `engine: "browser"`.
    Platform,
    /// Ours ([`crate::image::jpeg`]) on the pixels read back: exact sizes, one encode, MS-SSIM tables and
    /// optimized Huffman tables (`engine: "auto"`; README *Benchmark* has the numbers).
    Ours,
}

/// Why the `browser` engine failed: the input (final), or a platform that cannot do the job (a browser that
/// ignores `createImageBitmap`'s resize options, a canvas that cannot encode JPEG), where `auto` falls back to
/// the `wasm` engine if the build has it.
#[derive(Debug)]
pub(crate) enum Failure {
    Input(EkycError),
    Unusable(EkycError),
}

impl From<EkycError> for Failure {
    fn from(e: EkycError) -> Self {
        Failure::Input(e)
    }
}

impl From<Failure> for EkycError {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Input(e) | Failure::Unusable(e) => e,
        }
    }
}

/// The checks on a tiny copy of the canvas (a synchronous draw: `createImageBitmap` would resolve a task later).
fn canvas_checks(
    surface: &Surface,
    (w, h): (u32, u32),
    settings: &Settings,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<Option<QualityChecks>> {
    if !settings.checks {
        return Ok(None);
    }
    progress("checks", AT_CHECKS);
    let (cw, ch) = fit_within(w, h, CHECK_SIDE);
    let tiny = Surface::new(cw, ch)?;
    tiny.draw_surface(surface, cw, ch, "medium")?;
    Ok(Some(assess_small_rgba(&tiny.rgba(cw, ch)?, cw, ch, w.min(h), settings.resolution_floor)?))
}

/// The file decoded by WebCodecs' `ImageDecoder`, oriented by it; a JPEG at least twice the target size at 1/2,
/// 1/4 or 1/8 scale straight from the DCT (libjpeg-turbo's scaled decoding, through `desiredWidth` /
/// `desiredHeight`), which `createImageBitmap` never does: a 12 MP photo in ≈ 34 ms at 1/2 instead of ≈ 50 ms.
/// Returns the `VideoFrame` and its displayed size, or `None` where `ImageDecoder` is missing or fails — then `createImageBitmap`
/// decodes the file and reports any error as usual.
async fn decoded_frame(
    source: &JsValue,
    original: &OriginalImage,
    (tw, th): (u32, u32),
) -> Option<(JsValue, (u32, u32))> {
    let blob = source.dyn_ref::<Blob>()?;
    let (w, h) = (original.width, original.height);
    let scaled = original.mime == "image/jpeg";
    let d = [8u32, 4, 2].into_iter().find(|d| scaled && w.div_ceil(*d) >= tw && h.div_ceil(*d) >= th).unwrap_or(1);
    let class = Reflect::get(&js_sys::global(), &"ImageDecoder".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    // The whole file as an ArrayBuffer: a `stream()` made a 1920×1080 JPEG take 17 ms instead of 8.
    let data = JsFuture::from(blob.array_buffer()).await.ok()?;
    let init = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&init, &key.into(), value).ok();
    set("data", &data)?;
    set("type", &original.mime.as_str().into())?;
    if d > 1 {
        // In the stored orientation (measured: Chromium 156 reads them so; upright ones for EXIF 5–8 made it
        // decode a 12 MP photo at 6/8 instead of 1/2).
        let (sw, sh) = if matches!(original.orientation, 5..=8) { (h, w) } else { (w, h) };
        set("desiredWidth", &sw.div_ceil(d).into())?;
        set("desiredHeight", &sh.div_ceil(d).into())?;
    }
    let decoder = Reflect::construct(&class, &js_sys::Array::of1(&init)).ok()?;
    let decode = Reflect::get(&decoder, &"decode".into()).ok()?.dyn_into::<js_sys::Function>().ok();
    let promise = decode.and_then(|f| f.call0(&decoder).ok()).and_then(|p| p.dyn_into::<Promise>().ok());
    let frame = match promise {
        Some(p) => JsFuture::from(p).await.ok().and_then(|r| Reflect::get(&r, &"image".into()).ok()),
        None => None,
    };
    close(&decoder);
    let frame = frame.filter(|f| f.is_object())?;
    // The frame must show the upright picture: its `rotation` / `flip` must be the EXIF orientation's (a
    // decoder that ignores EXIF, or one without those attributes, would show it turned or mirrored), its
    // aspect the upright one, and it must not be smaller than the target. Else `createImageBitmap`
    // (`imageOrientation: "from-image"`) decodes.
    let get = |key: &str| Reflect::get(&frame, &key.into()).ok();
    let side = |key: &str| get(key).and_then(|v| v.as_f64()).unwrap_or(0.0);
    let shown = (side("rotation") as u32, get("flip").is_some_and(|v| v.is_truthy()));
    let (fw, fh) = (side("displayWidth"), side("displayHeight"));
    let skew = (fw * f64::from(h) - fh * f64::from(w)).abs() / (f64::from(w) * f64::from(h)).max(1.0);
    if shown != orient::frame_transform(original.orientation)
        || fw < f64::from(tw)
        || fh < f64::from(th)
        || skew * f64::from(d) > 0.02
    {
        close(&frame);
        return None;
    }
    Some((frame, (fw as u32, fh as u32)))
}

/// Calls `value.close()` if it has one (a `VideoFrame`, an `ImageDecoder`): frees the decoder's memory now.
fn close(value: &JsValue) {
    if let Some(f) = Reflect::get(value, &"close".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        let _ = f.call0(value);
    }
}

/// The platform's encoder under the shared rate control.
async fn encode_native(
    surface: &mut Surface,
    (mut w, mut h): (u32, u32),
    settings: &Settings,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<(Encoded, String)> {
    progress("encode", AT_ENCODE);
    let max_bytes = settings.max_bytes as usize;
    let (mut rc, q0) = RateControl::new(&NATIVE_MODEL, max_bytes, f64::from(w) * f64::from(h));
    let mut outputs = Trials::new();
    let mut encodes = 0u32;
    let mut step = Step::Encode(q0);
    let (quality, jpeg) = loop {
        match step {
            Step::Encode(q) => {
                let jpeg = surface.jpeg(q).await?;
                encodes += 1;
                progress("encode", encode_progress(encodes));
                let size = jpeg.size()?;
                step = rc.observe(q, size);
                outputs.push(q, size, jpeg);
            }
            Step::Accept(q) => break (q, outputs.take(q)?),
            Step::Shrink(factor) => {
                let floor = settings.min_side.unwrap_or(1);
                let (nw, nh) = shrunk_size((w, h), factor, floor, max_bytes, outputs.smallest())?;
                let smaller = Surface::new(nw, nh)?;
                smaller.draw_surface(surface, nw, nh, "high")?;
                (*surface, w, h) = (smaller, nw, nh);
                outputs.clear();
                step = Step::Encode(Q_MIN);
            }
        }
    };
    let (bytes, base64) = jpeg.into_output(settings.data_url).await?;
    Ok((Encoded { bytes, quality, encodes, width: w, height: h }, base64))
}

/// Classifies the input; byte inputs keep a copy of their first [`HEADER_PREFIX`] bytes for the header scan.
async fn classify(input: &JsValue, max_input_bytes: usize) -> Result<Input> {
    let too_big = |n: usize| {
        EkycError::new(
            ErrorCode::ImageTooLarge,
            format!("the file has {n} bytes; at most {max_input_bytes} are accepted"),
        )
    };
    let from_array = |a: &Uint8Array| -> Result<Input> {
        let size = a.length() as usize;
        if size == 0 {
            return Err(EkycError::invalid_input("the image is empty"));
        }
        if size > max_input_bytes {
            return Err(too_big(size));
        }
        let head = a.subarray(0, size.min(HEADER_PREFIX) as u32).to_vec();
        let parts = js_sys::Array::of1(a);
        let blob =
            Blob::new_with_u8_array_sequence(&parts).map_err(|e| js_error(ErrorCode::ImageDecode, "Blob", &e))?;
        Ok(Input::File { blob, head, size })
    };
    if let Some(a) = input.dyn_ref::<Uint8Array>() {
        return from_array(a);
    }
    if let Some(b) = input.dyn_ref::<js_sys::ArrayBuffer>() {
        return from_array(&Uint8Array::new(b));
    }
    if let Some(blob) = input.dyn_ref::<Blob>() {
        let size = blob.size() as usize;
        if size == 0 {
            return Err(EkycError::invalid_input("the image is empty"));
        }
        if size > max_input_bytes {
            return Err(too_big(size));
        }
        let prefix = blob
            .slice_with_f64_and_f64(0.0, size.min(HEADER_PREFIX) as f64)
            .map_err(|e| js_error(ErrorCode::ImageDecode, "the file could not be read", &e))?;
        let head = read_blob(&prefix).await?;
        return Ok(Input::File { blob: blob.clone(), head, size });
    }
    let (width, height) = if let Some(b) = input.dyn_ref::<ImageBitmap>() {
        (b.width(), b.height())
    } else if let Some(c) = input.dyn_ref::<HtmlCanvasElement>() {
        (c.width(), c.height())
    } else if let Some(c) = input.dyn_ref::<OffscreenCanvas>() {
        (c.width(), c.height())
    } else if let Some(v) = input.dyn_ref::<HtmlVideoElement>() {
        // HAVE_CURRENT_DATA: a frame exists to be drawn.
        if v.ready_state() < 2 || v.video_width() == 0 {
            return Err(EkycError::invalid_input("the <video> has no frame yet: wait until it is playing"));
        }
        (v.video_width(), v.video_height())
    } else {
        return Err(EkycError::invalid_input(
            "prepareImage takes a Blob, File, ArrayBuffer, Uint8Array, ImageBitmap, canvas or <video>",
        ));
    };
    if width == 0 || height == 0 {
        return Err(EkycError::invalid_input("the image source is empty (0 px)"));
    }
    Ok(Input::Pixels { source: input.clone(), width, height })
}

/// `createImageBitmap(source, { resizeWidth, resizeHeight, resizeQuality, imageOrientation: "from-image" })`.
async fn bitmap(source: &JsValue, (width, height): (u32, u32), quality: ResizeQuality) -> Result<ImageBitmap> {
    let options = ImageBitmapOptions::new();
    options.set_resize_width(width);
    options.set_resize_height(height);
    options.set_resize_quality(quality);
    options.set_image_orientation(ImageOrientation::FromImage);
    let promise = create_image_bitmap(source, &options)
        .map_err(|e| js_error(ErrorCode::InvalidInput, "createImageBitmap is not available", &e))?;
    let value = JsFuture::from(promise)
        .await
        .map_err(|e| platform_error(&e, ErrorCode::ImageDecode, "the browser could not decode the image"))?;
    value.dyn_into::<ImageBitmap>().map_err(|_| EkycError::new(ErrorCode::Internal, "createImageBitmap gave no bitmap"))
}

async fn read_blob(blob: &Blob) -> Result<Vec<u8>> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| js_error(ErrorCode::ImageDecode, "the file could not be read", &e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn js_error(code: ErrorCode, what: &str, e: &JsValue) -> EkycError {
    EkycError::new(code, what.to_owned()).with_cause(crate::transport::fetch::describe(e))
}

/// A failed platform encode. A `SecurityError` means the input was cross-origin without CORS (a tainted canvas,
/// `<video>` or bitmap): the caller's input, not our bug.
fn encode_error(e: &JsValue) -> EkycError {
    platform_error(e, ErrorCode::Internal, "the canvas could not be encoded")
}

/// A failed read or encode of the canvas: `code`, or `invalid_input` for a tainted one.
pub(crate) fn platform_error(e: &JsValue, code: ErrorCode, what: &str) -> EkycError {
    if super::error_name(e) == "SecurityError" {
        return js_error(ErrorCode::InvalidInput, TAINTED, e);
    }
    js_error(code, what, e)
}

const TAINTED: &str =
    "the image comes from another origin without CORS (a tainted canvas or video): its pixels cannot be read";

/// A 2D canvas: `OffscreenCanvas` where it exists (windows and workers), else a detached `<canvas>`.
enum Surface {
    Offscreen(OffscreenCanvas, OffscreenCanvasRenderingContext2d),
    Element(HtmlCanvasElement, CanvasRenderingContext2d),
}

impl Surface {
    /// A `<canvas>` where there is a document (its `toDataURL` encodes synchronously), else an `OffscreenCanvas`.
    fn new(width: u32, height: u32) -> Result<Surface> {
        let unavailable = |e: &JsValue| js_error(ErrorCode::InvalidInput, "no 2D canvas in this runtime", e);
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(document) = document {
            let canvas: HtmlCanvasElement =
                document.create_element("canvas").map_err(|e| unavailable(&e))?.unchecked_into();
            canvas.set_width(width);
            canvas.set_height(height);
            let context = canvas
                .get_context_with_context_options("2d", &read_often())
                .map_err(|e| unavailable(&e))?
                .ok_or_else(|| unavailable(&JsValue::NULL))?
                .unchecked_into::<CanvasRenderingContext2d>();
            return Ok(Surface::Element(canvas, context));
        }
        let global = js_sys::global();
        let has_offscreen = Reflect::get(&global, &"OffscreenCanvas".into()).map(|v| v.is_function()).unwrap_or(false);
        if has_offscreen {
            let canvas = OffscreenCanvas::new(width, height).map_err(|e| unavailable(&e))?;
            let context = canvas
                .get_context_with_context_options("2d", &read_often())
                .map_err(|e| unavailable(&e))?
                .ok_or_else(|| unavailable(&JsValue::NULL))?
                .unchecked_into::<OffscreenCanvasRenderingContext2d>();
            return Ok(Surface::Offscreen(canvas, context));
        }
        Err(unavailable(&JsValue::NULL))
    }

    /// White background (a JPEG has no alpha; transparent PNG areas must not turn black), then `source` (an
    /// `ImageBitmap` or a `VideoFrame`) scaled to `width`×`height` with the high-quality filter.
    fn draw_source(&self, source: &JsValue, width: u32, height: u32) -> Result<()> {
        let (w, h) = (f64::from(width), f64::from(height));
        let context: &JsValue = match self {
            Surface::Offscreen(_, c) => {
                c.set_fill_style_str("#fff");
                c.fill_rect(0.0, 0.0, w, h);
                c
            }
            Surface::Element(_, c) => {
                c.set_fill_style_str("#fff");
                c.fill_rect(0.0, 0.0, w, h);
                c
            }
        };
        // web-sys has no setter for imageSmoothingQuality, and no drawImage overload for a VideoFrame here.
        let _ = Reflect::set(context, &"imageSmoothingQuality".into(), &"high".into());
        let args = js_sys::Array::of5(source, &0.into(), &0.into(), &w.into(), &h.into());
        Reflect::get(context, &"drawImage".into())
            .and_then(|f| f.dyn_into::<js_sys::Function>())
            .and_then(|f| f.apply(context, &args))
            .map(|_| ())
            .map_err(|e| js_error(ErrorCode::ImageDecode, "the image could not be drawn", &e))
    }

    /// Draws `other` scaled to `width`×`height` with `imageSmoothingQuality` `quality` (the rate control's
    /// shrink fallback: "high"; the checks' tiny copy: "medium", an area-like filter).
    fn draw_surface(&self, other: &Surface, width: u32, height: u32, quality: &str) -> Result<()> {
        let (w, h) = (f64::from(width), f64::from(height));
        let drawn = match (self, other) {
            (Surface::Offscreen(_, c), Surface::Offscreen(o, _)) => {
                // web-sys has no setter for imageSmoothingQuality.
                let _ = Reflect::set(c, &"imageSmoothingQuality".into(), &quality.into());
                c.draw_image_with_offscreen_canvas_and_dw_and_dh(o, 0.0, 0.0, w, h)
            }
            (Surface::Element(_, c), Surface::Element(o, _)) => {
                let _ = Reflect::set(c, &"imageSmoothingQuality".into(), &quality.into());
                c.draw_image_with_html_canvas_element_and_dw_and_dh(o, 0.0, 0.0, w, h)
            }
            _ => return Err(EkycError::new(ErrorCode::Internal, "mixed canvas kinds")),
        };
        drawn.map_err(|e| js_error(ErrorCode::Internal, "the image could not be scaled", &e))
    }

    fn rgba(&self, width: u32, height: u32) -> Result<Vec<u8>> {
        let (w, h) = (f64::from(width), f64::from(height));
        let data = match self {
            Surface::Offscreen(_, c) => c.get_image_data(0.0, 0.0, w, h),
            Surface::Element(_, c) => c.get_image_data(0.0, 0.0, w, h),
        }
        .map_err(|e| platform_error(&e, ErrorCode::ImageDecode, "the pixels could not be read"))?;
        Ok(data.data().0)
    }

    /// One JPEG encode by the platform at quality `q` (1–100): `toDataURL` on a `<canvas>` (synchronous: ≈ 10 ms
    /// for 1600×900 in Chromium 156, where `toBlob` and `convertToBlob` resolve a frame later, ≈ 16.7 ms for
    /// any size), `convertToBlob` on an `OffscreenCanvas` (workers).
    async fn jpeg(&self, q: u8) -> Result<NativeJpeg> {
        let quality = f64::from(q) / 100.0;
        match self {
            Surface::Element(c, _) => {
                let url = c.unchecked_ref::<DataUrlCanvas>().to_data_url("image/jpeg", quality);
                let url = url.map_err(|e| encode_error(&e))?;
                NativeJpeg::from_data_url(url)
            }
            Surface::Offscreen(c, _) => {
                let options = ImageEncodeOptions::new();
                options.set_type("image/jpeg");
                options.set_quality(quality);
                let promise = c.convert_to_blob_with_options(&options).map_err(|e| encode_error(&e))?;
                let value = JsFuture::from(promise).await.map_err(|e| encode_error(&e))?;
                let blob = value
                    .dyn_into::<Blob>()
                    .map_err(|_| EkycError::new(ErrorCode::Internal, "the canvas gave no JPEG"))?;
                // A browser without a JPEG encoder answers with PNG: not a silent success.
                if blob.type_() != "image/jpeg" {
                    return Err(no_jpeg_encoder());
                }
                Ok(NativeJpeg::Blob(blob))
            }
        }
    }
}

/// `{ willReadFrequently: true }`: the canvas stays in memory (no GPU round trip for `getImageData`).
fn read_often() -> JsValue {
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE);
    options.into()
}

#[wasm_bindgen]
extern "C" {
    /// A `<canvas>` seen through a `toDataURL` that returns the JS string itself: web-sys's copies it into wasm
    /// memory, and the rate control only needs its length.
    type DataUrlCanvas;
    #[wasm_bindgen(method, js_name = toDataURL, catch)]
    fn to_data_url(this: &DataUrlCanvas, mime: &str, quality: f64) -> std::result::Result<js_sys::JsString, JsValue>;
}

const NO_JPEG_ENCODER: &str = "this browser's canvas cannot encode JPEG";

fn no_jpeg_encoder() -> EkycError {
    EkycError::new(ErrorCode::InvalidInput, NO_JPEG_ENCODER)
}

/// A JPEG from the platform encoder, kept in JS until the rate control accepts one.
enum NativeJpeg {
    /// `data:image/jpeg;base64,…` from `toDataURL`.
    DataUrl(js_sys::JsString),
    /// From `convertToBlob`.
    Blob(Blob),
}

impl NativeJpeg {
    const PREFIX: &'static str = "data:image/jpeg;base64,";

    fn from_data_url(url: js_sys::JsString) -> Result<NativeJpeg> {
        // A browser without a JPEG encoder answers with PNG ("data:image/png;…"), an empty canvas with "data:,".
        if !url.starts_with(Self::PREFIX, 0) {
            return Err(no_jpeg_encoder());
        }
        Ok(NativeJpeg::DataUrl(url))
    }

    /// The JPEG's size in bytes: for a data URL, from the Base64 length and padding (nothing is decoded).
    fn size(&self) -> Result<usize> {
        match self {
            NativeJpeg::Blob(b) => Ok(b.size() as usize),
            NativeJpeg::DataUrl(u) => {
                let len = u.length() as usize;
                let payload = len.saturating_sub(Self::PREFIX.len());
                let pad =
                    [1u32, 2].iter().filter(|&&k| len > k as usize && u.char_code_at(len as u32 - k) == 61.0).count();
                Ok((payload / 4 * 3).saturating_sub(pad))
            }
        }
    }

    /// The JPEG bytes and the result's `base64` field (plain, or the data URL itself when `data_url`).
    async fn into_output(self, data_url: bool) -> Result<(Vec<u8>, String)> {
        let (bytes, base64) = match self {
            NativeJpeg::Blob(blob) => {
                let bytes = read_blob(&blob).await?;
                let base64 = to_base64(&bytes, data_url);
                (bytes, base64)
            }
            NativeJpeg::DataUrl(url) => {
                let url = String::from(url);
                let payload = url.get(Self::PREFIX.len()..).unwrap_or_default();
                let bytes = base64::engine::general_purpose::STANDARD.decode(payload).map_err(|e| {
                    EkycError::new(ErrorCode::Internal, "the browser's data URL is not Base64").with_cause(e)
                })?;
                let base64 = if data_url { url } else { payload.to_owned() };
                (bytes, base64)
            }
        };
        if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Err(no_jpeg_encoder());
        }
        Ok((bytes, base64))
    }
}
