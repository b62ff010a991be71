//! `startHostedFlow` / `resumeHostedFlow`: launch MasChain's or ADVANCE.AI's hosted page by redirect, popup or
//! iframe, and read the way back. The merchant backend creates the session (the page never holds a provider
//! secret); the flow's `state` travels on the return URL as `ekyc_state` and waits in `sessionStorage`.

use js_sys::{Function, Object, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, HtmlIFrameElement, Window};

use super::window;
use crate::error::{EkycError, ErrorCode, Result};
use crate::flows::redirect::RETURN_PARAM;
use crate::flows::redirect::{with_param, without_query};
use crate::flows::{new_state, parse_redirect, RedirectExpect, RedirectOutcome, STATE_PARAM};
use crate::model::ProviderId;
use crate::providers::http::{self, HttpRequest};
use crate::transport::{fetch, TransportOptions};

/// The `sessionStorage` key of the pending flow.
pub const STORAGE_KEY: &str = "ekyc-bridge:flow";
/// How often a popup or iframe is checked for its return.
const POLL_MS: f64 = 250.0;
/// How long a popup or iframe flow may take before `result` rejects with `timeout` (the providers' sessions
/// last 15 min (MasChain) to 1 h (ADVANCE.AI)).
const FLOW_TIMEOUT_MS: f64 = 65.0 * 60.0 * 1000.0;

/// How the hosted page is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    #[default]
    Redirect,
    Popup,
    Iframe,
}

/// The flow as saved in `sessionStorage` (for the redirect mode's return).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingFlow {
    pub provider: ProviderId,
    pub state: String,
    pub reference: Option<String>,
    pub return_url: String,
}

/// What the merchant backend answers to the session request.
#[derive(Debug, Clone, Deserialize)]
struct BackendSession {
    url: String,
    #[serde(default)]
    reference: Option<String>,
}

/// Where the flow is shown, kept so `close()` can end it.
#[derive(Clone)]
pub enum Surface {
    Page,
    Popup(Window),
    Iframe(HtmlIFrameElement),
}

/// A started flow.
pub struct Flow {
    pub provider: ProviderId,
    pub state: String,
    pub reference: Option<String>,
    pub url: String,
    pub return_url: String,
    pub surface: Surface,
}

/// Reports flow events to the caller's `onEvent`, never letting its exceptions escape.
#[derive(Clone)]
pub struct Events {
    callback: Option<Function>,
    provider: ProviderId,
    state: String,
}

impl Events {
    pub fn new(callback: Option<Function>, provider: ProviderId, state: String) -> Self {
        Events { callback, provider, state }
    }

    pub fn emit(&self, kind: &str, extra: &[(&str, JsValue)]) {
        let Some(f) = &self.callback else { return };
        let e = Object::new();
        let _ = Reflect::set(&e, &"type".into(), &kind.into());
        let _ = Reflect::set(&e, &"provider".into(), &self.provider.as_str().into());
        let _ = Reflect::set(&e, &"state".into(), &self.state.as_str().into());
        for (k, v) in extra {
            let _ = Reflect::set(&e, &(*k).into(), v);
        }
        let _ = f.call1(&JsValue::NULL, &e);
    }
}

/// The absolute return URL: `return_url` resolved against the page, which must stay on the page's origin (a
/// return URL on another origin would let anyone bounce users, and the flow's state, to their site).
fn resolve_return_url(window: &Window, return_url: Option<&str>) -> Result<String> {
    let location = window.location();
    let origin = location.origin().map_err(|_| EkycError::invalid_input("the page has no origin"))?;
    let here = location.href().map_err(|_| EkycError::invalid_input("the page has no URL"))?;
    let url = match return_url {
        None => without_query(&here).to_string(),
        Some(u) if u.starts_with('/') && !u.starts_with("//") => format!("{origin}{u}"),
        Some(u) => u.to_string(),
    };
    let same_origin = url == origin || url.starts_with(&format!("{origin}/"));
    if !same_origin {
        return Err(EkycError::invalid_input(format!(
            "returnUrl must be on this page's origin ({origin}); got {}",
            without_query(&url)
        )));
    }
    Ok(url)
}

/// Opens the popup window at once (it must happen inside the user's click, before any `await`).
pub fn open_popup() -> Result<Window> {
    let window = window("startHostedFlow")?;
    let popup = window
        .open_with_url_and_target_and_features("about:blank", "ekyc-bridge-flow", "popup,width=480,height=760")
        .ok()
        .flatten();
    popup.ok_or_else(|| {
        EkycError::new(
            ErrorCode::PopupBlocked,
            "the browser blocked the verification popup: start the flow from a click, or use mode \"redirect\"",
        )
    })
}

/// Asks the backend for a session and shows the provider's page. `popup` is the window opened by
/// [`open_popup`] for the popup mode; `container` holds the iframe.
#[allow(clippy::too_many_arguments)]
pub async fn start(
    provider: ProviderId,
    backend_url: &str,
    mode: Mode,
    return_url: Option<&str>,
    body: serde_json::Map<String, serde_json::Value>,
    popup: Option<Window>,
    container: Option<HtmlElement>,
    events: impl FnOnce(&str) -> Events,
) -> Result<(Flow, Events)> {
    if !matches!(provider, ProviderId::Maschain | ProviderId::AdvanceAi) {
        return Err(EkycError::invalid_input("hosted flows exist for \"maschain\" and \"advance-ai\""));
    }
    let window = window("startHostedFlow")?;
    let state = new_state()?;
    let events = events(&state);
    let base = resolve_return_url(&window, return_url)?;
    let return_url = with_param(&base, STATE_PARAM, &state);
    let mut request = body;
    request.insert("provider".into(), provider.as_str().into());
    request.insert("state".into(), state.clone().into());
    request.insert("returnUrl".into(), return_url.clone().into());
    if provider == ProviderId::AdvanceAi {
        request.insert("failReturnUrl".into(), with_param(&return_url, RETURN_PARAM, "fail").into());
        if mode == Mode::Iframe {
            request.insert("iframeEnabled".into(), true.into());
        }
    }
    events.emit("started", &[]);
    let session = match create_session(provider, backend_url, &request).await {
        Ok(s) => s,
        Err(e) => {
            if let Some(p) = &popup {
                let _ = p.close();
            }
            return Err(e);
        }
    };
    // Only a redirect leaves the page and needs the flow saved. A popup or iframe is watched from here, and a
    // saved flow would be picked up by a same-origin page loaded inside the iframe (it shares sessionStorage).
    if mode == Mode::Redirect {
        let pending = PendingFlow {
            provider,
            state: state.clone(),
            reference: session.reference.clone(),
            return_url: base.clone(),
        };
        save(&window, &pending)?;
    }
    events.emit("redirecting", &[("url", session.url.as_str().into())]);
    let surface = match mode {
        Mode::Redirect => {
            window.location().assign(&session.url).map_err(|_| EkycError::invalid_input("cannot navigate"))?;
            Surface::Page
        }
        Mode::Popup => {
            let popup = popup.ok_or_else(|| EkycError::new(ErrorCode::Internal, "popup mode without a popup"))?;
            popup
                .location()
                .set_href(&session.url)
                .map_err(|_| EkycError::new(ErrorCode::FlowCancelled, "the popup was closed"))?;
            Surface::Popup(popup)
        }
        Mode::Iframe => {
            let container =
                container.ok_or_else(|| EkycError::invalid_input("mode \"iframe\" needs a container element"))?;
            let document = window.document().ok_or_else(|| EkycError::invalid_input("the page has no document"))?;
            let iframe: HtmlIFrameElement = document
                .create_element("iframe")
                .map_err(|_| EkycError::invalid_input("cannot create an iframe"))?
                .unchecked_into();
            // The provider's page runs the camera: it needs the permission delegated to the frame.
            let _ = iframe.set_attribute("allow", "camera; microphone; fullscreen");
            let _ = iframe.set_attribute("title", "Identity verification");
            let _ = iframe.style().set_property("width", "100%");
            let _ = iframe.style().set_property("height", "100%");
            let _ = iframe.style().set_property("border", "0");
            iframe.set_src(&session.url);
            container.append_child(&iframe).map_err(|_| EkycError::invalid_input("cannot attach the iframe"))?;
            Surface::Iframe(iframe)
        }
    };
    let flow = Flow { provider, state, reference: session.reference, url: session.url, return_url: base, surface };
    Ok((flow, events))
}

async fn create_session(
    provider: ProviderId,
    backend_url: &str,
    body: &serde_json::Map<String, serde_json::Value>,
) -> Result<BackendSession> {
    let bytes =
        serde_json::to_vec(body).map_err(|e| EkycError::new(ErrorCode::Internal, "session body").with_cause(e))?;
    // Not retried blindly: the backend creates a provider session.
    let request = HttpRequest::post_json(backend_url, bytes);
    let options = TransportOptions { timeout_ms: 30_000, total_timeout_ms: 45_000, ..Default::default() };
    let label = "the merchant backend";
    let response = fetch::send(&request, &options, provider.as_str()).await?;
    if !(200..300).contains(&response.status) {
        return Err(http::status_error(provider.as_str(), label, response.status, None, None));
    }
    let value = http::json_object(provider.as_str(), label, &response)?;
    let session: BackendSession = serde_json::from_value(value)
        .map_err(|e| EkycError::malformed("the backend's session must be { url, reference }").with_cause(e))?;
    if !http::is_http_url(&session.url) {
        return Err(EkycError::malformed("the backend's session url is not an http(s) URL"));
    }
    Ok(session)
}

fn save(window: &Window, flow: &PendingFlow) -> Result<()> {
    let storage = window
        .session_storage()
        .ok()
        .flatten()
        .ok_or_else(|| EkycError::invalid_input("sessionStorage is not available (private mode?)"))?;
    let text = serde_json::to_string(flow).map_err(|e| EkycError::new(ErrorCode::Internal, "flow").with_cause(e))?;
    storage.set_item(STORAGE_KEY, &text).map_err(|_| EkycError::invalid_input("sessionStorage is full or disabled"))
}

/// The pending flow saved by a redirect, if any, and forgets it.
pub fn take_pending() -> Result<Option<PendingFlow>> {
    let window = window("resumeHostedFlow")?;
    let Some(storage) = window.session_storage().ok().flatten() else { return Ok(None) };
    let text = storage.get_item(STORAGE_KEY).ok().flatten();
    let _ = storage.remove_item(STORAGE_KEY);
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// On the page a redirect came back to: reads `url` (default: the page's URL) against the pending flow.
/// `None` when no flow is pending.
pub fn resume(url: Option<&str>) -> Result<Option<RedirectOutcome>> {
    let Some(flow) = take_pending()? else { return Ok(None) };
    let href = match url {
        Some(u) => u.to_string(),
        None => window("resumeHostedFlow")?.location().href().map_err(|_| EkycError::invalid_input("no URL"))?,
    };
    let expect = RedirectExpect { provider: Some(flow.provider), state: Some(flow.state), strict: false };
    let mut outcome = parse_redirect(&href, &expect)?;
    if outcome.reference.is_none() {
        outcome.reference = flow.reference;
    }
    Ok(Some(outcome))
}

/// Waits for a popup or iframe to come back to the return URL (same origin, so its location becomes readable),
/// then reads it. `flow_cancelled` when the popup is closed or the iframe removed first.
pub async fn wait_for_return(
    flow_surface: Surface,
    provider: ProviderId,
    state: String,
    reference: Option<String>,
    return_url: String,
    events: Events,
) -> Result<RedirectOutcome> {
    let target = without_query(&return_url).to_string();
    let deadline = js_sys::Date::now() + FLOW_TIMEOUT_MS;
    loop {
        fetch::sleep(POLL_MS).await;
        if js_sys::Date::now() > deadline {
            return Err(EkycError::new(ErrorCode::Timeout, "the verification did not come back within 65 minutes"));
        }
        let (closed, href) = match &flow_surface {
            Surface::Page => {
                return Err(EkycError::new(
                    ErrorCode::Internal,
                    "a redirect flow has no result here: use resumeHostedFlow()",
                ))
            }
            Surface::Popup(w) => (w.closed().unwrap_or(true), readable_href(w)),
            Surface::Iframe(f) => match f.content_window() {
                Some(w) if f.is_connected() => (false, readable_href(&w)),
                _ => (true, None),
            },
        };
        // A frame the provider refuses (X-Frame-Options / frame-ancestors) shows the browser's error page,
        // which is readable: say so instead of waiting forever.
        if href.as_deref().is_some_and(|h| h.starts_with("chrome-error:") || h.starts_with("about:neterror")) {
            return Err(EkycError::new(
                ErrorCode::Network,
                "the provider's page could not be shown here (it may refuse to be framed): use mode \"popup\" or \"redirect\"",
            ));
        }
        if let Some(href) = href.filter(|h| without_query(h) == target) {
            let expect = RedirectExpect { provider: Some(provider), state: Some(state.clone()), strict: false };
            let mut outcome = parse_redirect(&href, &expect)?;
            if outcome.reference.is_none() {
                outcome.reference = reference.clone();
            }
            if let Surface::Popup(w) = &flow_surface {
                let _ = w.close();
            }
            let js = super::to_plain_js(&outcome);
            events.emit("returned", &[("outcome", js)]);
            return Ok(outcome);
        }
        if closed {
            events.emit("cancelled", &[]);
            return Err(EkycError::new(
                ErrorCode::FlowCancelled,
                "the verification window was closed before it finished",
            ));
        }
    }
}

/// The location of a window we may read (same origin), else `None` (a cross-origin page throws).
fn readable_href(w: &Window) -> Option<String> {
    w.location().href().ok().filter(|h| h != "about:blank")
}
