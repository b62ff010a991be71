//! `Camera`: the right camera at the highest sensible resolution, attached to a `<video>`, a full-resolution
//! still as a `Blob`, and every `getUserMedia` failure as its `camera_*` code with a message a user can act on.

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, HtmlVideoElement, MediaStream, MediaStreamConstraints, MediaStreamTrack};

use super::{error_name, window};
use crate::error::{EkycError, ErrorCode, Result};

/// Which camera: `user` (front, selfies) or `environment` (back, ID cards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Facing {
    User,
    Environment,
}

/// An open camera: its stream and the `<video>` showing it.
pub struct CameraSession {
    stream: MediaStream,
    video: HtmlVideoElement,
}

impl CameraSession {
    /// Opens the camera facing `facing` and plays it in `video` (a new, detached one when `None`).
    ///
    /// The ideal width defaults to 1920 for selfies and 3840 for ID cards (a document needs the pixels; the
    /// browser picks the closest mode the camera has). Fails with `camera_insecure_context` (not https),
    /// `camera_unsupported`, `camera_permission_denied`, `camera_not_found`, `camera_in_use`,
    /// `camera_overconstrained`.
    pub async fn open(facing: Facing, video: Option<HtmlVideoElement>, ideal_width: Option<u32>) -> Result<Self> {
        let window = window("Camera")?;
        if !window.is_secure_context() {
            return Err(camera_error(
                ErrorCode::CameraInsecureContext,
                "the camera needs a secure page (https:// or localhost)",
            ));
        }
        let devices = window.navigator().media_devices().map_err(|_| {
            camera_error(ErrorCode::CameraUnsupported, "this browser has no camera access (navigator.mediaDevices)")
        })?;
        let width = ideal_width.unwrap_or(match facing {
            Facing::User => 1920,
            Facing::Environment => 3840,
        });
        let facing_mode = match facing {
            Facing::User => "user",
            Facing::Environment => "environment",
        };
        let video_constraints = serde_json::json!({
            "facingMode": { "ideal": facing_mode },
            "width": { "ideal": width },
            "height": { "ideal": width * 3 / 4 },
        });
        let constraints = MediaStreamConstraints::new();
        constraints.set_audio(&JsValue::FALSE);
        constraints.set_video(&super::to_plain_js(&video_constraints));
        let promise =
            devices.get_user_media_with_constraints(&constraints).map_err(|e| map_get_user_media_error(&e))?;
        let stream: MediaStream =
            JsFuture::from(promise).await.map_err(|e| map_get_user_media_error(&e))?.unchecked_into();
        let video = match video {
            Some(v) => v,
            None => window
                .document()
                .and_then(|d| d.create_element("video").ok())
                .and_then(|e| e.dyn_into::<HtmlVideoElement>().ok())
                .ok_or_else(|| camera_error(ErrorCode::CameraUnsupported, "cannot create a <video> element"))?,
        };
        video.set_muted(true);
        let _ = Reflect::set(&video, &"playsInline".into(), &JsValue::TRUE);
        video.set_src_object(Some(&stream));
        let session = CameraSession { stream, video };
        if let Ok(p) = session.video.play() {
            if let Err(e) = JsFuture::from(p).await {
                session.close();
                return Err(camera_error(ErrorCode::CameraInUse, "the camera stream could not be played")
                    .with_cause(crate::transport::fetch::describe(&e)));
            }
        }
        Ok(session)
    }

    /// The `<video>` the stream plays in.
    pub fn video(&self) -> &HtmlVideoElement {
        &self.video
    }

    fn track(&self) -> Result<MediaStreamTrack> {
        let track = self.stream.get_video_tracks().get(0);
        let track: MediaStreamTrack = track
            .dyn_into()
            .map_err(|_| camera_error(ErrorCode::CameraNotFound, "the camera stream has no video track"))?;
        if track.ready_state() == web_sys::MediaStreamTrackState::Ended {
            return Err(camera_error(ErrorCode::CameraNotFound, "the camera was closed or disconnected"));
        }
        Ok(track)
    }

    /// A full-resolution still: `ImageCapture.takePhoto()` where the browser has it (the sensor's photo
    /// resolution), else the current video frame drawn on a canvas (JPEG, quality 0.95, re-encoded later by
    /// `prepareImage` anyway).
    pub async fn capture(&self) -> Result<Blob> {
        let track = self.track()?;
        if let Some(blob) = take_photo(&track).await {
            return Ok(blob);
        }
        self.frame().await
    }

    async fn frame(&self) -> Result<Blob> {
        // Wait (bounded) for a first frame.
        for _ in 0..100 {
            if self.video.ready_state() >= 2 && self.video.video_width() > 0 {
                break;
            }
            crate::transport::fetch::sleep(30.0).await;
        }
        let (w, h) = (self.video.video_width(), self.video.video_height());
        if w == 0 || h == 0 {
            return Err(camera_error(ErrorCode::CameraNotFound, "the camera delivered no frame"));
        }
        let canvas = web_sys::OffscreenCanvas::new(w, h)
            .map_err(|_| camera_error(ErrorCode::CameraUnsupported, "no OffscreenCanvas to capture a frame"))?;
        let context: web_sys::OffscreenCanvasRenderingContext2d = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .ok_or_else(|| camera_error(ErrorCode::CameraUnsupported, "no 2D canvas to capture a frame"))?
            .unchecked_into();
        context
            .draw_image_with_html_video_element(&self.video, 0.0, 0.0)
            .map_err(|_| camera_error(ErrorCode::CameraNotFound, "the frame could not be drawn"))?;
        let options = web_sys::ImageEncodeOptions::new();
        options.set_type("image/jpeg");
        options.set_quality(0.95);
        let promise = canvas
            .convert_to_blob_with_options(&options)
            .map_err(|_| camera_error(ErrorCode::CameraUnsupported, "the frame could not be encoded"))?;
        let blob = JsFuture::from(promise)
            .await
            .map_err(|_| camera_error(ErrorCode::CameraUnsupported, "the frame could not be encoded"))?;
        Ok(blob.unchecked_into())
    }

    /// Stops every track and detaches the stream from the `<video>`.
    pub fn close(&self) {
        for track in self.stream.get_tracks().iter() {
            if let Ok(t) = track.dyn_into::<MediaStreamTrack>() {
                t.stop();
            }
        }
        self.video.set_src_object(None);
    }
}

/// `new ImageCapture(track).takePhoto()`, or `None` where it does not exist or fails (then a frame is used).
async fn take_photo(track: &MediaStreamTrack) -> Option<Blob> {
    let class = Reflect::get(&js_sys::global(), &"ImageCapture".into()).ok()?;
    let class: js_sys::Function = class.dyn_into().ok()?;
    let capture = Reflect::construct(&class, &js_sys::Array::of1(track)).ok()?;
    let take: js_sys::Function = Reflect::get(&capture, &"takePhoto".into()).ok()?.dyn_into().ok()?;
    let promise: Promise = take.call0(&capture).ok()?.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

fn camera_error(code: ErrorCode, message: &str) -> EkycError {
    EkycError::new(code, message)
}

/// `getUserMedia`'s `DOMException` names → the camera codes, with messages a user can act on.
pub fn map_get_user_media_error(e: &JsValue) -> EkycError {
    let name = error_name(e);
    let (code, message) = match name.as_str() {
        "NotAllowedError" | "PermissionDeniedError" | "SecurityError" => (
            ErrorCode::CameraPermissionDenied,
            "camera access was denied: allow the camera for this site in the browser settings, then try again",
        ),
        "NotFoundError" | "DevicesNotFoundError" => {
            (ErrorCode::CameraNotFound, "no camera was found: connect one, or choose a photo file instead")
        }
        "NotReadableError" | "TrackStartError" | "AbortError" => (
            ErrorCode::CameraInUse,
            "the camera could not be started: close other apps or tabs that use it, then try again",
        ),
        "OverconstrainedError" | "ConstraintNotSatisfiedError" => (
            ErrorCode::CameraOverconstrained,
            "no camera matches the requested settings: try the other camera or a lower resolution",
        ),
        "TypeError" => (ErrorCode::CameraUnsupported, "this browser cannot open the camera with these settings"),
        _ => (ErrorCode::CameraUnsupported, "the camera could not be opened"),
    };
    EkycError::new(code, message).with_cause(format!("{name}: {}", crate::transport::fetch::describe(e)))
}
