//! The `browser` engine of `prepareImage` (API.md §1): the platform's own decoder, scaler and JPEG encoder,
//! driven from Rust.
//!
//! 1. **Limits first.** The format, stored size and EXIF orientation come from our header parser
//!    (`crate::image::header`) on the file's first bytes, so a 65535² header is refused (`image_too_large`)
//!    before the browser decodes anything.
//! 2. **Decode + resize + orient natively:** `createImageBitmap(blob, { resizeWidth, resizeHeight,
//!    resizeQuality: "high", imageOrientation: "from-image" })` (Chromium decodes off the main thread with
//!    libjpeg-turbo and scales with Skia). A JPEG at least twice the target size is first decoded at 1/2, 1/4
//!    or 1/8 scale by WebCodecs' `ImageDecoder` (see `scaled_jpeg_frame`), which `createImageBitmap` does not do.
//! 3. **Encode** natively: the bitmap is drawn on an `OffscreenCanvas` (a `<canvas>` where there is none) on
//!    white (JPEG has no alpha) and encoded by `convertToBlob` / `toBlob` (libjpeg-turbo in Chromium), under the
//!    same [`RateControl`](crate::image::encode::RateControl) state machine as the `wasm` engine.
//! 4. **Checks** on a tiny native downscale (`createImageBitmap` to ≤ 512 px, `resizeQuality: "medium"`, an
//!    area-like filter as the `wasm` engine's box shrink) read with `getImageData`.
//!
//! Measured alternatives (Chromium 156, 2 cores): reading the canvas back and encoding with the Rust encoder
//! gives the `wasm` engine's SSIM but was slower than this (the native full-size decode of a 12 MP JPEG with
//! resize, ≈ 67 ms, was no faster than our DCT-scaled wasm decode, ≈ 60 ms, before `ImageDecoder`); decoding
//! in wasm and encoding natively was no faster either; three `convertToBlob` calls at once take longer than
//! three in a row, so the rate control stays sequential.
//!
//! The output never carries EXIF (neither encoder writes it) and is upright (the bitmap is).

use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, ImageBitmap, ImageBitmapOptions,
    ImageEncodeOptions, ImageOrientation, OffscreenCanvas, OffscreenCanvasRenderingContext2d, ResizeQuality,
};

use crate::error::{EkycError, ErrorCode, Result};
use crate::image::encode::{shrunk_size, RateControl, Step, Trials, NATIVE_MODEL, Q_MIN};
use crate::image::header::{check_limits, parse};
use crate::image::pipeline::{check_min_side, encode_progress, AT_CHECKS, AT_DECODE, AT_ENCODE, AT_RESIZE};
use crate::image::{
    assess_small_rgba, fit_within, to_base64, EngineUsed, OriginalImage, OutputMime, PreparedImage, Settings,
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
    progress: &mut dyn FnMut(&str, f64),
) -> Result<PreparedImage> {
    let input = classify(input, max_input_bytes).await?;
    // 1. Limits and orientation from our header parser, before the browser decodes anything.
    let (source, original) = match input {
        Input::File { blob, head, size } => {
            let parsed = match parse(&head) {
                Ok(p) => p,
                // The frame header lies beyond the prefix: read the whole file (still no pixels).
                Err(e) if e.code == ErrorCode::ImageDecode && size > head.len() => {
                    return Box::pin(prepare_file_whole(blob, settings, progress)).await;
                }
                Err(e) => return Err(e),
            };
            let o = parsed.orientation();
            let (w, h) = if matches!(o, 5..=8) { (parsed.height, parsed.width) } else { (parsed.width, parsed.height) };
            let mime = parsed.format.mime().to_owned();
            let bytes = u32::try_from(size).unwrap_or(u32::MAX);
            (JsValue::from(blob), OriginalImage { width: w, height: h, bytes, mime, orientation: o })
        }
        Input::Pixels { source, width, height } => {
            check_limits(crate::image::Format::Png, width, height)?;
            let bytes = u32::try_from(u64::from(width) * u64::from(height) * 4).unwrap_or(u32::MAX);
            let original = OriginalImage { width, height, bytes, mime: RAW_RGBA_MIME.to_owned(), orientation: 1 };
            (source, original)
        }
    };
    check_min_side(original.width, original.height, settings)?;
    run(&source, original, settings, progress).await
}

async fn prepare_file_whole(
    blob: Blob,
    settings: &Settings,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<PreparedImage> {
    let whole = read_blob(&blob).await?;
    let parsed = parse(&whole)?;
    let o = parsed.orientation();
    let (w, h) = if matches!(o, 5..=8) { (parsed.height, parsed.width) } else { (parsed.width, parsed.height) };
    let original = OriginalImage {
        width: w,
        height: h,
        bytes: u32::try_from(whole.len()).unwrap_or(u32::MAX),
        mime: parsed.format.mime().to_owned(),
        orientation: o,
    };
    check_min_side(w, h, settings)?;
    run(&blob.into(), original, settings, progress).await
}

/// Decode + resize + orient natively, then encode and check.
async fn run(
    source: &JsValue,
    original: OriginalImage,
    settings: &Settings,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<PreparedImage> {
    let (tw, th) = fit_within(original.width, original.height, settings.max_side);
    progress("decode", AT_DECODE);
    let bitmap = match scaled_jpeg_frame(source, &original, (tw, th)).await {
        Some(frame) => {
            let b = bitmap(&frame, tw, th, ResizeQuality::High).await;
            close(&frame);
            b?
        }
        None => bitmap(source, tw, th, ResizeQuality::High).await?,
    };
    if (bitmap.width(), bitmap.height()) != (tw, th) {
        // A browser that ignored the orientation or the resize: let the caller fall back to wasm.
        let (bw, bh) = (bitmap.width(), bitmap.height());
        bitmap.close();
        return Err(EkycError::new(
            ErrorCode::InvalidInput,
            format!(
                "the browser decoded {bw}×{bh} px where {tw}×{th} was asked: engine \"browser\" is not usable here"
            ),
        ));
    }
    progress("resize", AT_RESIZE);
    let surface = Surface::new(tw, th)?;
    surface.draw_bitmap(&bitmap, tw, th)?;
    bitmap.close();
    encode_native(surface, (tw, th), original, settings, progress).await
}

/// A JPEG decoded natively at 1/2, 1/4 or 1/8 scale straight from the DCT (libjpeg-turbo's scaled decoding),
/// through WebCodecs' `ImageDecoder` with `desiredWidth`/`desiredHeight`, when the target is at least that
/// much smaller: `createImageBitmap` with `resizeWidth` always decodes at full size (measured in Chromium 156 on a
/// 12 MP photo: ≈ 35–45 ms at 1/2 instead of ≈ 52 ms, plus a cheaper resize). Returns the `VideoFrame`
/// (oriented by the decoder), or `None` where `ImageDecoder` is missing or fails — then `createImageBitmap`
/// decodes the file and reports any error as usual.
async fn scaled_jpeg_frame(source: &JsValue, original: &OriginalImage, (tw, th): (u32, u32)) -> Option<JsValue> {
    if original.mime != "image/jpeg" {
        return None;
    }
    let blob = source.dyn_ref::<Blob>()?;
    let (w, h) = (original.width, original.height);
    let d = [8u32, 4, 2].into_iter().find(|d| w.div_ceil(*d) >= tw && h.div_ceil(*d) >= th)?;
    let class = Reflect::get(&js_sys::global(), &"ImageDecoder".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let stream = Reflect::get(blob, &"stream".into()).ok()?.dyn_into::<js_sys::Function>().ok()?.call0(blob).ok()?;
    let init = js_sys::Object::new();
    for (key, value) in [
        ("data", stream),
        ("type", "image/jpeg".into()),
        ("desiredWidth", w.div_ceil(d).into()),
        ("desiredHeight", h.div_ceil(d).into()),
    ] {
        Reflect::set(&init, &key.into(), &value).ok()?;
    }
    let decoder = Reflect::construct(&class, &js_sys::Array::of1(&init)).ok()?;
    let decode = Reflect::get(&decoder, &"decode".into()).ok()?.dyn_into::<js_sys::Function>().ok();
    let promise = decode.and_then(|f| f.call0(&decoder).ok()).and_then(|p| p.dyn_into::<Promise>().ok());
    let frame = match promise {
        Some(p) => JsFuture::from(p).await.ok().and_then(|r| Reflect::get(&r, &"image".into()).ok()),
        None => None,
    };
    close(&decoder);
    frame.filter(|f| f.is_object())
}

/// Calls `value.close()` if it has one (a `VideoFrame`, an `ImageDecoder`): frees the decoder's memory now.
fn close(value: &JsValue) {
    if let Some(f) = Reflect::get(value, &"close".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        let _ = f.call0(value);
    }
}

/// The native encoder under the shared rate control, then the checks on a tiny native downscale.
async fn encode_native(
    mut surface: Surface,
    (mut w, mut h): (u32, u32),
    original: OriginalImage,
    settings: &Settings,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<PreparedImage> {
    progress("encode", AT_ENCODE);
    let max_bytes = settings.max_bytes as usize;
    let (mut rc, q0) = RateControl::new(&NATIVE_MODEL, max_bytes, f64::from(w) * f64::from(h));
    let mut outputs = Trials::new();
    let mut encodes = 0u32;
    let mut step = Step::Encode(q0);
    let (quality, blob) = loop {
        match step {
            Step::Encode(q) => {
                let blob = surface.jpeg(q).await?;
                encodes += 1;
                progress("encode", encode_progress(encodes));
                let size = blob.size() as usize;
                step = rc.observe(q, size);
                outputs.push(q, size, blob);
            }
            Step::Accept(q) => break (q, outputs.take(q)?),
            Step::Shrink(factor) => {
                let floor = settings.min_side.unwrap_or(1);
                let (nw, nh) = shrunk_size((w, h), factor, floor, max_bytes, outputs.smallest())?;
                let smaller = Surface::new(nw, nh)?;
                smaller.draw_surface(&surface, nw, nh)?;
                (surface, w, h) = (smaller, nw, nh);
                outputs.clear();
                step = Step::Encode(Q_MIN);
            }
        }
    };
    let bytes = read_blob(&blob).await?;
    // A browser without a JPEG encoder answers with PNG: not a silent success.
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Err(EkycError::new(ErrorCode::InvalidInput, "this browser's canvas cannot encode JPEG"));
    }
    let checks = if settings.checks {
        progress("checks", AT_CHECKS);
        let (cw, ch) = fit_within(w, h, CHECK_SIDE);
        let small = bitmap(&surface.as_source(), cw, ch, ResizeQuality::Medium).await?;
        let tiny = Surface::new(cw, ch)?;
        tiny.draw_bitmap(&small, cw, ch)?;
        small.close();
        Some(assess_small_rgba(&tiny.rgba(cw, ch)?, cw, ch, w.min(h), settings.resolution_floor)?)
    } else {
        None
    };
    let base64 = to_base64(&bytes, settings.data_url);
    progress("done", 1.0);
    Ok(PreparedImage {
        base64,
        bytes,
        mime: OutputMime::Jpeg,
        width: w,
        height: h,
        quality: f64::from(quality) / 100.0,
        original,
        checks,
        engine: EngineUsed::Browser,
        elapsed_ms: 0.0,
        encodes,
    })
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
async fn bitmap(source: &JsValue, width: u32, height: u32, quality: ResizeQuality) -> Result<ImageBitmap> {
    let options = ImageBitmapOptions::new();
    options.set_resize_width(width);
    options.set_resize_height(height);
    options.set_resize_quality(quality);
    options.set_image_orientation(ImageOrientation::FromImage);
    let promise = create_image_bitmap(source, &options)
        .map_err(|e| js_error(ErrorCode::InvalidInput, "createImageBitmap is not available", &e))?;
    let value = JsFuture::from(promise)
        .await
        .map_err(|e| js_error(ErrorCode::ImageDecode, "the browser could not decode the image", &e))?;
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
    if super::error_name(e) == "SecurityError" {
        return js_error(
            ErrorCode::InvalidInput,
            "the image comes from another origin without CORS (a tainted canvas or video): its pixels cannot be read",
            e,
        );
    }
    js_error(ErrorCode::Internal, "the canvas could not be encoded", e)
}

/// A 2D canvas: `OffscreenCanvas` where it exists (windows and workers), else a detached `<canvas>`.
enum Surface {
    Offscreen(OffscreenCanvas, OffscreenCanvasRenderingContext2d),
    Element(HtmlCanvasElement, CanvasRenderingContext2d),
}

impl Surface {
    fn new(width: u32, height: u32) -> Result<Surface> {
        let unavailable = |e: &JsValue| js_error(ErrorCode::InvalidInput, "no 2D canvas in this runtime", e);
        let global = js_sys::global();
        let has_offscreen = Reflect::get(&global, &"OffscreenCanvas".into()).map(|v| v.is_function()).unwrap_or(false);
        if has_offscreen {
            let canvas = OffscreenCanvas::new(width, height).map_err(|e| unavailable(&e))?;
            let context = canvas
                .get_context("2d")
                .map_err(|e| unavailable(&e))?
                .ok_or_else(|| unavailable(&JsValue::NULL))?
                .unchecked_into::<OffscreenCanvasRenderingContext2d>();
            return Ok(Surface::Offscreen(canvas, context));
        }
        let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| unavailable(&JsValue::NULL))?;
        let canvas: HtmlCanvasElement =
            document.create_element("canvas").map_err(|e| unavailable(&e))?.unchecked_into();
        canvas.set_width(width);
        canvas.set_height(height);
        let context = canvas
            .get_context("2d")
            .map_err(|e| unavailable(&e))?
            .ok_or_else(|| unavailable(&JsValue::NULL))?
            .unchecked_into::<CanvasRenderingContext2d>();
        Ok(Surface::Element(canvas, context))
    }

    /// White background (a JPEG has no alpha; transparent PNG areas must not turn black), then the bitmap.
    fn draw_bitmap(&self, bitmap: &ImageBitmap, width: u32, height: u32) -> Result<()> {
        let (w, h) = (f64::from(width), f64::from(height));
        let drawn = match self {
            Surface::Offscreen(_, c) => {
                c.set_fill_style_str("#fff");
                c.fill_rect(0.0, 0.0, w, h);
                c.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, w, h)
            }
            Surface::Element(_, c) => {
                c.set_fill_style_str("#fff");
                c.fill_rect(0.0, 0.0, w, h);
                c.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, w, h)
            }
        };
        drawn.map_err(|e| js_error(ErrorCode::ImageDecode, "the image could not be drawn", &e))
    }

    /// Draws `other` scaled to `width`×`height` (the rare shrink fallback of the rate control).
    fn draw_surface(&self, other: &Surface, width: u32, height: u32) -> Result<()> {
        let (w, h) = (f64::from(width), f64::from(height));
        let drawn = match (self, other) {
            (Surface::Offscreen(_, c), Surface::Offscreen(o, _)) => {
                // web-sys has no setter for imageSmoothingQuality.
                let _ = Reflect::set(c, &"imageSmoothingQuality".into(), &"high".into());
                c.draw_image_with_offscreen_canvas_and_dw_and_dh(o, 0.0, 0.0, w, h)
            }
            (Surface::Element(_, c), Surface::Element(o, _)) => {
                let _ = Reflect::set(c, &"imageSmoothingQuality".into(), &"high".into());
                c.draw_image_with_html_canvas_element_and_dw_and_dh(o, 0.0, 0.0, w, h)
            }
            _ => return Err(EkycError::new(ErrorCode::Internal, "mixed canvas kinds")),
        };
        drawn.map_err(|e| js_error(ErrorCode::Internal, "the image could not be scaled", &e))
    }

    fn as_source(&self) -> JsValue {
        match self {
            Surface::Offscreen(c, _) => c.clone().into(),
            Surface::Element(c, _) => c.clone().into(),
        }
    }

    fn rgba(&self, width: u32, height: u32) -> Result<Vec<u8>> {
        let (w, h) = (f64::from(width), f64::from(height));
        let data = match self {
            Surface::Offscreen(_, c) => c.get_image_data(0.0, 0.0, w, h),
            Surface::Element(_, c) => c.get_image_data(0.0, 0.0, w, h),
        }
        .map_err(|e| js_error(ErrorCode::ImageDecode, "the pixels could not be read", &e))?;
        Ok(data.data().0)
    }

    /// One JPEG encode by the platform at quality `q` (1–100).
    async fn jpeg(&self, q: u8) -> Result<Blob> {
        let quality = f64::from(q) / 100.0;
        let promise = match self {
            Surface::Offscreen(c, _) => {
                let options = ImageEncodeOptions::new();
                options.set_type("image/jpeg");
                options.set_quality(quality);
                c.convert_to_blob_with_options(&options).map_err(|e| encode_error(&e))?
            }
            Surface::Element(c, _) => {
                let canvas = c.clone();
                // toBlob takes a callback: wrap it in a Promise (a null blob is rejected below).
                Promise::new(&mut |resolve, reject| {
                    let callback = Closure::once_into_js(move |blob: JsValue| {
                        let _ = resolve.call1(&JsValue::NULL, &blob);
                    });
                    let encoded = canvas.to_blob_with_type_and_encoder_options(
                        callback.unchecked_ref(),
                        "image/jpeg",
                        &quality.into(),
                    );
                    if let Err(e) = encoded {
                        let _ = reject.call1(&JsValue::NULL, &e);
                    }
                })
            }
        };
        let value = JsFuture::from(promise).await.map_err(|e| encode_error(&e))?;
        value.dyn_into::<Blob>().map_err(|_| EkycError::new(ErrorCode::Internal, "the canvas gave no JPEG"))
    }
}
