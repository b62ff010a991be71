//! The browser-only exports: `Camera`, `startHostedFlow`, `resumeHostedFlow`, `chooseImageFile`.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, HtmlElement, HtmlVideoElement};

use super::{from_js, to_js};
use crate::browser::camera::{CameraSession, Facing};
use crate::browser::flow::{self, Events, Mode, Surface};
use crate::error::{EkycError, ErrorCode, Result};
use crate::model::ProviderId;

#[wasm_bindgen(typescript_custom_section)]
const TS_BROWSER: &'static str = r#"
/** Options of `Camera.open`. */
export interface CameraOptions {
    /** `"user"` (front, selfies) or `"environment"` (back, ID cards). */
    facing: "user" | "environment";
    /** Where to show the live picture; a detached `<video>` is used when absent. */
    video?: HTMLVideoElement;
    /** Ideal capture width in px (default 1920 for `user`, 3840 for `environment`). */
    idealWidth?: number;
}
/** A hosted-flow event. */
export interface FlowEvent {
    type: "started" | "redirecting" | "detached" | "returned" | "cancelled" | "error";
    provider: ProviderId;
    state: string;
    url?: string;
    outcome?: RedirectOutcome;
    error?: EkycError;
}
/** Options of `startHostedFlow`. */
export interface HostedFlowOptions {
    provider: "maschain" | "advance-ai";
    /** The merchant's endpoint that creates the session (it holds the provider secrets). */
    backendUrl: string;
    mode?: "redirect" | "popup" | "iframe";
    /** The element the iframe goes in (mode `"iframe"`). */
    container?: HTMLElement;
    /** Where the provider sends the user back; same origin as the page. Default: this page. */
    returnUrl?: string;
    /** Extra fields for the backend. */
    body?: Record<string, unknown>;
    onEvent?: (event: FlowEvent) => void;
}
/** Options of `chooseImageFile`. */
export interface ChooseImageFileOptions {
    /** Ask phones to open the camera directly (`capture` attribute). */
    capture?: "user" | "environment";
}
"#;

/// An open camera (API.md §2). Browser only.
#[wasm_bindgen]
pub struct Camera {
    session: CameraSession,
}

#[wasm_bindgen]
impl Camera {
    /// Opens the camera facing `facing` and plays it in `video`. Throws `camera_permission_denied`,
    /// `camera_not_found`, `camera_in_use`, `camera_insecure_context`, `camera_unsupported`,
    /// `camera_overconstrained`, or `invalid_input` for bad options.
    pub async fn open(
        #[wasm_bindgen(unchecked_param_type = "CameraOptions")] options: JsValue,
    ) -> Result<Camera, JsValue> {
        let object =
            options.dyn_ref::<Object>().ok_or_else(|| EkycError::invalid_input("Camera.open takes { facing }"))?;
        let get = |k: &str| Reflect::get(object, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let facing: Facing = serde_wasm_bindgen::from_value(get("facing"))
            .map_err(|_| EkycError::invalid_input("facing must be \"user\" or \"environment\""))?;
        let video = match get("video") {
            v if v.is_undefined() || v.is_null() => None,
            v => Some(
                v.dyn_into::<HtmlVideoElement>().map_err(|_| EkycError::invalid_input("video must be a <video>"))?,
            ),
        };
        let ideal_width = match get("idealWidth") {
            v if v.is_undefined() || v.is_null() => None,
            v => match v.as_f64() {
                Some(w) if (160.0..=8192.0).contains(&w) => Some(w as u32),
                _ => return Err(EkycError::invalid_input("idealWidth must be a number from 160 to 8192").into()),
            },
        };
        Ok(Camera { session: CameraSession::open(facing, video, ideal_width).await? })
    }

    /// The `<video>` showing the camera.
    #[wasm_bindgen(getter)]
    pub fn video(&self) -> HtmlVideoElement {
        self.session.video().clone()
    }

    /// A full-resolution still as a `Blob`, ready for `prepareImage`.
    pub async fn capture(&self) -> Result<Blob, JsValue> {
        Ok(self.session.capture().await?)
    }

    /// Stops every track.
    pub fn close(&self) {
        self.session.close();
    }
}

/// A started hosted flow.
#[wasm_bindgen]
pub struct FlowHandle {
    provider: ProviderId,
    reference: Option<String>,
    state: String,
    url: String,
    surface: Surface,
    /// Set by `close()`, read by the wait for the return.
    cancelled: std::rc::Rc<std::cell::Cell<bool>>,
    result: Promise,
}

#[wasm_bindgen]
impl FlowHandle {
    #[wasm_bindgen(getter, unchecked_return_type = "ProviderId")]
    pub fn provider(&self) -> String {
        self.provider.as_str().to_string()
    }
    /// The reference the backend returned for the flow (with the example backend, an opaque id of its own).
    #[wasm_bindgen(getter)]
    pub fn reference(&self) -> Option<String> {
        self.reference.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn state(&self) -> String {
        self.state.clone()
    }
    /// The provider's hosted page.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }
    /// Resolves with the `RedirectOutcome` when the popup or iframe comes back; rejects with `flow_cancelled`
    /// when it is closed first. In redirect mode the page leaves: use `resumeHostedFlow()` on the return page.
    #[wasm_bindgen(getter, unchecked_return_type = "Promise<RedirectOutcome>")]
    pub fn result(&self) -> Promise {
        self.result.clone()
    }
    /// Closes the popup or removes the iframe; a pending `result` rejects with `flow_cancelled`.
    pub fn close(&self) {
        self.cancelled.set(true);
        match &self.surface {
            Surface::Popup(w) => {
                let _ = w.close();
            }
            Surface::Iframe(f) => f.remove(),
            Surface::Page => {}
        }
    }
}

/// Starts a hosted verification (API.md §3): the backend creates the session, the provider's page opens by
/// redirect, popup or iframe, and `result` resolves with what the return URL claims (`trusted: false` —
/// confirm with the backend). Throws `popup_blocked`, `invalid_input`, or the backend call's errors.
#[wasm_bindgen(js_name = startHostedFlow, unchecked_return_type = "Promise<FlowHandle>")]
pub fn start_hosted_flow(#[wasm_bindgen(unchecked_param_type = "HostedFlowOptions")] options: JsValue) -> Promise {
    // The popup must open now, inside the user's click: read the mode and open it before any await.
    let prepared = read_flow_options(&options).and_then(|o| {
        let popup = if o.mode == Mode::Popup { Some(flow::open_popup()?) } else { None };
        Ok((o, popup))
    });
    wasm_bindgen_futures::future_to_promise(async move {
        let (o, popup) = prepared?;
        let callback = o.on_event.clone();
        let provider = o.provider;
        let started = flow::start(
            o.provider,
            &o.backend_url,
            o.mode,
            o.return_url.as_deref(),
            o.body,
            popup,
            o.container,
            |state| Events::new(callback, provider, state.to_string()),
        )
        .await;
        let (started, events) = match started {
            Ok(s) => s,
            Err(e) => return Err(e.into()),
        };
        let waiting = matches!(started.surface, Surface::Popup(_) | Surface::Iframe(_));
        let cancelled = std::rc::Rc::new(std::cell::Cell::new(false));
        let result = if waiting {
            let (surface, state, reference, return_url) =
                (started.surface.clone(), started.state.clone(), started.reference.clone(), started.return_url.clone());
            let events = events.clone();
            let cancel = cancelled.clone();
            wasm_bindgen_futures::future_to_promise(async move {
                match flow::wait_for_return(surface, provider, state, reference, return_url, events.clone(), cancel)
                    .await
                {
                    Ok(outcome) => to_js(&outcome),
                    Err(e) => {
                        let err: JsValue = e.into();
                        if Reflect::get(&err, &"code".into()).ok().and_then(|c| c.as_string()).as_deref()
                            != Some("flow_cancelled")
                        {
                            events.emit("error", &[("error", err.clone())]);
                        }
                        Err(err)
                    }
                }
            })
        } else {
            // The page is navigating away; nothing will settle here.
            Promise::new(&mut |_, _| {})
        };
        Ok(FlowHandle {
            provider: started.provider,
            reference: started.reference,
            state: started.state,
            url: started.url,
            surface: started.surface,
            cancelled,
            result,
        }
        .into())
    })
}

/// On the page a redirect flow came back to: what the URL claims, checked against the flow saved before
/// leaving (`stateValid`); `null` when no flow is pending. The saved flow is forgotten (a return is read once).
#[wasm_bindgen(js_name = resumeHostedFlow, unchecked_return_type = "RedirectOutcome | null")]
pub fn resume_hosted_flow(url: Option<js_sys::JsString>) -> Result<JsValue, JsValue> {
    // Checked here, not by the glue (see `string_arg`): a `JsString` parameter accepts any JS value.
    let url = match url.map(JsValue::from).filter(|u| !u.is_null() && !u.is_undefined()) {
        Some(u) => Some(super::string_arg(&u, "resumeHostedFlow: url")?),
        None => None,
    };
    match flow::resume(url.as_deref())? {
        Some(outcome) => to_js(&outcome),
        None => Ok(JsValue::NULL),
    }
}

struct FlowOptions {
    provider: ProviderId,
    backend_url: String,
    mode: Mode,
    return_url: Option<String>,
    body: serde_json::Map<String, serde_json::Value>,
    container: Option<HtmlElement>,
    on_event: Option<Function>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PlainFlowOptions {
    provider: ProviderId,
    backend_url: String,
    #[serde(default)]
    mode: Mode,
    #[serde(default)]
    return_url: Option<String>,
    #[serde(default)]
    body: Option<serde_json::Map<String, serde_json::Value>>,
}

fn read_flow_options(options: &JsValue) -> Result<FlowOptions> {
    let object = options
        .dyn_ref::<Object>()
        .ok_or_else(|| EkycError::invalid_input("startHostedFlow takes an options object"))?;
    let take = |k: &str| Reflect::get(object, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let container = match take("container") {
        v if v.is_undefined() || v.is_null() => None,
        v => Some(v.dyn_into::<HtmlElement>().map_err(|_| EkycError::invalid_input("container must be an element"))?),
    };
    let on_event = match take("onEvent") {
        v if v.is_undefined() || v.is_null() => None,
        v => Some(v.dyn_into::<Function>().map_err(|_| EkycError::invalid_input("onEvent must be a function"))?),
    };
    let rest = Object::assign(&Object::new(), object);
    let _ = Reflect::delete_property(&rest, &"container".into());
    let _ = Reflect::delete_property(&rest, &"onEvent".into());
    let plain: PlainFlowOptions = from_js(rest.into(), "startHostedFlow options")?;
    Ok(FlowOptions {
        provider: plain.provider,
        backend_url: plain.backend_url,
        mode: plain.mode,
        return_url: plain.return_url,
        body: plain.body.unwrap_or_default(),
        container,
        on_event,
    })
}

/// The file-input fallback for when there is no camera: opens the file chooser (call it from a click) and
/// resolves with the chosen image `File`, or `null` when the user cancels. With `capture`, phones open the
/// camera app directly.
#[wasm_bindgen(js_name = chooseImageFile, unchecked_return_type = "Promise<File | null>")]
pub fn choose_image_file(
    #[wasm_bindgen(unchecked_optional_param_type = "ChooseImageFileOptions")] options: JsValue,
) -> Result<Promise, JsValue> {
    let capture = if options.is_undefined() || options.is_null() {
        None
    } else {
        let v = Reflect::get(&options, &"capture".into()).unwrap_or(JsValue::UNDEFINED);
        match v.as_string().as_deref() {
            None if v.is_undefined() => None,
            Some(c @ ("user" | "environment")) => Some(c.to_string()),
            _ => return Err(EkycError::invalid_input("capture must be \"user\" or \"environment\"").into()),
        }
    };
    let window = crate::browser::window("chooseImageFile")?;
    let document = window.document().ok_or_else(|| EkycError::new(ErrorCode::InvalidInput, "no document"))?;
    let input: web_sys::HtmlInputElement = document
        .create_element("input")
        .map_err(|_| EkycError::invalid_input("cannot create a file input"))?
        .unchecked_into();
    input.set_type("file");
    input.set_accept("image/jpeg,image/png,image/webp,image/*");
    if let Some(c) = capture {
        let _ = input.set_attribute("capture", &c);
    }
    let promise = Promise::new(&mut |resolve, _reject| {
        let chosen = input.clone();
        // One handler for `change` and `cancel`; it settles once (a second event finds `None`), and is an
        // `FnMut` so a late event can never call a consumed closure (which would trap the instance).
        let resolve = std::cell::RefCell::new(Some(resolve));
        let handler = Closure::<dyn FnMut()>::new(move || {
            if let Some(resolve) = resolve.borrow_mut().take() {
                let file = chosen.files().and_then(|f| f.get(0)).map(JsValue::from).unwrap_or(JsValue::NULL);
                let _ = resolve.call1(&JsValue::NULL, &file);
            }
        });
        let _ = input.add_event_listener_with_callback("change", handler.as_ref().unchecked_ref());
        let _ = input.add_event_listener_with_callback("cancel", handler.as_ref().unchecked_ref());
        // Owned by the input's listeners from now on (one small closure per chooser opened).
        handler.forget();
    });
    input.click();
    Ok(promise)
}
