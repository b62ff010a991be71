//! `prepareImage(input, options)` for JS: reads any of the accepted inputs, picks the engine, runs the
//! pipeline, and returns a `PreparedImage` with `bytes` as a `Uint8Array`.
//!
//! The `wasm` engine is the plain-Rust core (`crate::image`), which runs anywhere (Node, workers, browsers).
//! Byte inputs (`Blob`, `File`, `ArrayBuffer`, `Uint8Array`) reach it as the file's bytes; pixel inputs
//! (`ImageBitmap`, canvases, a playing `<video>`) are drawn on a canvas once and read as RGBA.

use js_sys::{Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
#[cfg(feature = "image-wasm")]
use wasm_bindgen_futures::JsFuture;
#[cfg(feature = "image-wasm")]
use web_sys::{Blob, HtmlCanvasElement, HtmlVideoElement, ImageBitmap, OffscreenCanvas};

use super::{from_js, to_js};
use crate::error::{EkycError, ErrorCode, Result};
#[cfg(feature = "image-wasm")]
use crate::image::{self, MAX_PIXELS, MAX_SIDE};
use crate::image::{Engine, PrepareOptions, PreparedImage};

/// Byte inputs above this are refused before they are copied into wasm memory: no provider accepts more than
/// 10 MB, and a phone's largest JPEG is well below.
const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

#[wasm_bindgen(typescript_custom_section)]
const TS_PREPARED_BYTES: &'static str = r#"
export interface PreparedImage {
    /** The JPEG file (the same bytes as `base64`). */
    bytes: Uint8Array;
}
export interface PrepareOptions {
    /** Called at each stage (`decode`, `resize`, `encode`, `checks`, `done`) with the overall fraction 0–1. */
    onProgress?: (p: { stage: string; fraction: number }) => void;
}
"#;

#[cfg(feature = "image-wasm")]
/// What the pipeline starts from.
pub(crate) enum Source {
    /// An encoded file (JPEG, PNG, WebP, or anything else, which the core refuses with a typed error).
    Bytes(Vec<u8>),
    /// RGBA pixels read from a canvas.
    Pixels { rgba: Vec<u8>, width: u32, height: u32 },
}

/// Prepares a selfie or ID photo for a provider: upright, resized (never upscaled), a JPEG within `maxBytes`,
/// Base64, with quality checks. See API.md §1.
///
/// Throws `image_unsupported` (not JPEG/PNG/WebP), `image_decode` (truncated, corrupt), `image_too_large`
/// (declared dimensions over the limits, refused before decoding), `image_too_small`, `image_cannot_fit`,
/// `invalid_input` (bad options or input kind).
#[wasm_bindgen(js_name = prepareImage, unchecked_return_type = "PreparedImage")]
pub async fn prepare_image(
    #[wasm_bindgen(
        unchecked_param_type = "Blob | File | ArrayBuffer | Uint8Array | ImageBitmap | HTMLCanvasElement | OffscreenCanvas | HTMLVideoElement"
    )]
    input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PrepareOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let started = js_sys::Date::now();
    let (options, on_progress) = read_options(options)?;
    let mut progress = |stage: &str, fraction: f64| {
        if let Some(f) = &on_progress {
            let p = Object::new();
            let _ = Reflect::set(&p, &"stage".into(), &stage.into());
            let _ = Reflect::set(&p, &"fraction".into(), &fraction.into());
            // A throwing progress callback must not break the preparation.
            let _ = f.call1(&JsValue::NULL, &p);
        }
    };
    let engine = options.engine.unwrap_or(Engine::Auto);
    let native = crate::browser::image::available();
    let prepared = match engine {
        Engine::Browser if !native => {
            return Err(EkycError::new(
                ErrorCode::InvalidInput,
                "engine \"browser\" needs createImageBitmap and a canvas (browsers, workers with OffscreenCanvas); use \"wasm\" or \"auto\"",
            )
            .into())
        }
        // `auto` where the platform decodes: its decode and scale, our encoder (faster and sharper than the
        // platform's: README *Benchmark*); a platform that turns out unusable falls back to `wasm`.
        Engine::Browser | Engine::Auto if native => {
            use crate::browser::image::{prepare, Encoder};
            let settings = options.resolve()?;
            let encoder = if engine == Engine::Auto { Encoder::Ours } else { Encoder::Platform };
            match prepare(&input, &settings, MAX_INPUT_BYTES, encoder, &mut progress).await {
                Ok(prepared) => prepared,
                #[cfg(feature = "image-wasm")]
                Err(crate::browser::image::Failure::Unusable(_)) if engine == Engine::Auto => {
                    let source = read_input(&input).await?;
                    run_wasm(&source, &options, &mut progress)?
                }
                Err(e) => return Err(EkycError::from(e).into()),
            }
        }
        #[cfg(feature = "image-wasm")]
        _ => {
            let source = read_input(&input).await?;
            run_wasm(&source, &options, &mut progress)?
        }
        // The lean `ekyc-bridge/browser` build has no wasm codecs (README *Size*).
        #[cfg(not(feature = "image-wasm"))]
        _ => {
            return Err(EkycError::new(
                ErrorCode::InvalidInput,
                "engine \"wasm\" is not in the lean ekyc-bridge/browser build: import it from \"ekyc-bridge\"",
            )
            .into())
        }
    };
    result_to_js(prepared, js_sys::Date::now() - started)
}

#[cfg(feature = "image-wasm")]
fn run_wasm(source: &Source, options: &PrepareOptions, progress: &mut dyn FnMut(&str, f64)) -> Result<PreparedImage> {
    match source {
        Source::Bytes(bytes) => image::prepare(bytes, options, progress),
        Source::Pixels { rgba, width, height } => image::prepare_rgba(rgba, *width, *height, options, progress),
    }
}

/// The options object without `onProgress` (a function serde cannot read), and that function.
fn read_options(options: JsValue) -> Result<(PrepareOptions, Option<Function>)> {
    if options.is_undefined() || options.is_null() {
        return Ok((PrepareOptions::default(), None));
    }
    let object = options
        .dyn_ref::<Object>()
        .filter(|_| !options.is_function())
        .ok_or_else(|| EkycError::invalid_input("prepareImage options must be an object"))?;
    let callback = Reflect::get(object, &"onProgress".into()).unwrap_or(JsValue::UNDEFINED);
    let callback = if callback.is_undefined() || callback.is_null() {
        None
    } else {
        Some(
            callback
                .dyn_into::<Function>()
                .map_err(|_| EkycError::invalid_input("prepareImage: onProgress must be a function"))?,
        )
    };
    let rest = Object::assign(&Object::new(), object);
    let _ = Reflect::delete_property(&rest, &"onProgress".into());
    Ok((from_js(rest.into(), "prepareImage options")?, callback))
}

#[cfg(feature = "image-wasm")]
/// Reads any accepted input kind into a [`Source`].
pub(crate) async fn read_input(input: &JsValue) -> Result<Source> {
    if let Some(a) = input.dyn_ref::<Uint8Array>() {
        return bytes_of(a);
    }
    if let Some(b) = input.dyn_ref::<js_sys::ArrayBuffer>() {
        return bytes_of(&Uint8Array::new(b));
    }
    if let Some(blob) = input.dyn_ref::<Blob>() {
        if blob.size() > MAX_INPUT_BYTES as f64 {
            return Err(too_big_file(blob.size() as usize));
        }
        let buffer = JsFuture::from(blob.array_buffer()).await.map_err(|e| {
            EkycError::new(ErrorCode::ImageDecode, "the file could not be read").with_cause(describe(&e))
        })?;
        return bytes_of(&Uint8Array::new(&buffer));
    }
    if let Some(bitmap) = input.dyn_ref::<ImageBitmap>() {
        return pixels(Drawable::Bitmap(bitmap), bitmap.width(), bitmap.height());
    }
    if let Some(canvas) = input.dyn_ref::<HtmlCanvasElement>() {
        return pixels(Drawable::Canvas(canvas), canvas.width(), canvas.height());
    }
    if let Some(canvas) = input.dyn_ref::<OffscreenCanvas>() {
        return pixels(Drawable::Offscreen(canvas), canvas.width(), canvas.height());
    }
    if let Some(video) = input.dyn_ref::<HtmlVideoElement>() {
        // HAVE_CURRENT_DATA: a frame exists to be drawn.
        if video.ready_state() < 2 || video.video_width() == 0 {
            return Err(EkycError::invalid_input("the <video> has no frame yet: wait until it is playing"));
        }
        return pixels(Drawable::Video(video), video.video_width(), video.video_height());
    }
    Err(EkycError::invalid_input(
        "prepareImage takes a Blob, File, ArrayBuffer, Uint8Array, ImageBitmap, canvas or <video>",
    ))
}

#[cfg(feature = "image-wasm")]
fn bytes_of(a: &Uint8Array) -> Result<Source> {
    let n = a.length() as usize;
    if n == 0 {
        return Err(EkycError::invalid_input("the image is empty"));
    }
    if n > MAX_INPUT_BYTES {
        return Err(too_big_file(n));
    }
    Ok(Source::Bytes(a.to_vec()))
}

#[cfg(feature = "image-wasm")]
fn too_big_file(n: usize) -> EkycError {
    EkycError::new(ErrorCode::ImageTooLarge, format!("the file has {n} bytes; at most {MAX_INPUT_BYTES} are accepted"))
}

#[cfg(feature = "image-wasm")]
pub(crate) enum Drawable<'a> {
    Bitmap(&'a ImageBitmap),
    Canvas(&'a HtmlCanvasElement),
    Offscreen(&'a OffscreenCanvas),
    Video(&'a HtmlVideoElement),
}

#[cfg(feature = "image-wasm")]
/// Draws `source` at its size on an `OffscreenCanvas` and reads the RGBA pixels, after checking the size
/// against the limits (so no buffer is allocated for an absurd canvas).
fn pixels(source: Drawable<'_>, width: u32, height: u32) -> Result<Source> {
    if width == 0 || height == 0 {
        return Err(EkycError::invalid_input("the image source is empty (0 px)"));
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(EkycError::new(
            ErrorCode::ImageTooLarge,
            format!("{width}×{height} px is over the limits ({MAX_SIDE} px a side, {MAX_PIXELS} pixels)"),
        ));
    }
    let canvas = OffscreenCanvas::new(width, height).map_err(|e| unsupported("OffscreenCanvas", &e))?;
    let context: web_sys::OffscreenCanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(|e| unsupported("a 2D canvas", &e))?
        .ok_or_else(|| unsupported("a 2D canvas", &JsValue::NULL))?
        .unchecked_into();
    let drawn = match source {
        Drawable::Bitmap(b) => context.draw_image_with_image_bitmap(b, 0.0, 0.0),
        Drawable::Canvas(c) => context.draw_image_with_html_canvas_element(c, 0.0, 0.0),
        Drawable::Offscreen(c) => context.draw_image_with_offscreen_canvas(c, 0.0, 0.0),
        Drawable::Video(v) => context.draw_image_with_html_video_element(v, 0.0, 0.0),
    };
    drawn.map_err(|e| {
        EkycError::new(ErrorCode::ImageDecode, "the image source could not be drawn").with_cause(describe(&e))
    })?;
    let data = context.get_image_data(0.0, 0.0, f64::from(width), f64::from(height)).map_err(|e| {
        crate::browser::image::platform_error(&e, ErrorCode::ImageDecode, "the pixels could not be read")
    })?;
    Ok(Source::Pixels { rgba: data.data().0, width, height })
}

#[cfg(feature = "image-wasm")]
fn unsupported(what: &str, e: &JsValue) -> EkycError {
    EkycError::new(ErrorCode::InvalidInput, format!("{what} is not available in this runtime")).with_cause(describe(e))
}

#[cfg(feature = "image-wasm")]
fn describe(e: &JsValue) -> String {
    crate::transport::fetch::describe(e)
}

/// The JS result: the core's fields, `bytes` as a `Uint8Array`, and the measured time.
fn result_to_js(mut prepared: PreparedImage, elapsed_ms: f64) -> Result<JsValue, JsValue> {
    let bytes = std::mem::take(&mut prepared.bytes);
    prepared.elapsed_ms = elapsed_ms;
    let out = to_js(&prepared)?;
    Reflect::set(&out, &"bytes".into(), &Uint8Array::from(bytes.as_slice()))?;
    Ok(out)
}
