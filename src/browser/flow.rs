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
use crate::flows::redirect::{with_backend_reference, with_param, without_query};
use crate::flows::{new_state, parse_redirect, RedirectExpect, RedirectOutcome, STATE_PARAM};
use crate::model::ProviderId;
use crate::providers::http::{self, HttpRequest};
use crate::transport::{fetch, TransportOptions};

/// The `sessionStorage` key of the pending flow.
pub const STORAGE_KEY: &str = "ekyc-bridge:flow";
/// How often a popup or iframe is checked for its return.
const POLL_MS: f64 = 250.0;
/// How often a popup is checked until it has been seen on the provider's page.
const EARLY_POLL_MS: f64 = 100.0;
/// How long a popup must stay open on the provider's page before a close is taken for the user's (sooner, it
/// may be a COOP cut-off: then the flow waits as `detached`).
const AT_PROVIDER_MS: f64 = 1000.0;
/// The same-origin channel a popup's return page reports on (see [`announce_popup_return`]): a provider page
/// sending `Cross-Origin-Opener-Policy` severs the opener's handle, so the popup can no longer be read from here.
const RETURN_CHANNEL: &str = "ekyc-bridge:flow-return";
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
    // The browser's own serialization (trailing slash, host case, default port, dot segments): the return is
    // later recognised by comparing against the popup's or iframe's `location.href`, which is serialized so.
    let parsed = web_sys::Url::new(&url)
        .map_err(|_| EkycError::invalid_input(format!("returnUrl is not a URL: {}", without_query(&url))))?;
    if parsed.origin() != origin {
        return Err(EkycError::invalid_input(format!(
            "returnUrl must be on this page's origin ({origin}); got {}",
            without_query(&url)
        )));
    }
    parsed.set_hash("");
    Ok(parsed.href())
}

/// Opens the popup window at once (it must happen inside the user's click, before any `await`).
pub fn open_popup() -> Result<Window> {
    let window = window("startHostedFlow")?;
    let popup = window
        .open_with_url_and_target_and_features("about:blank", "ekyc-bridge-flow", "popup,width=480,height=760")
        .ok()
        .flatten()
        // Some blockers hand back a window that is already closed instead of null.
        .filter(|w| !w.closed().unwrap_or(true));
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
    let session = match create_session(provider, backend_url, &request, &state).await {
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
    state: &str,
) -> Result<BackendSession> {
    let bytes =
        serde_json::to_vec(body).map_err(|e| EkycError::new(ErrorCode::Internal, "session body").with_cause(e))?;
    // Not retried blindly: the backend creates a provider session. With credentials: a backend on another origin
    // of the same site binds the session to its cookie (API.md §9). The flow's state, unique per flow, is the
    // idempotency key: a repeated request for this flow gets the same session back instead of a second one.
    let request = HttpRequest::post_json(backend_url, bytes).header("Idempotency-Key", state).with_credentials();
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
/// A return page with no pending flow here may be a popup's: it reports the URL on [`RETURN_CHANNEL`] (see
/// [`announce_popup_return`]) and answers `None`, as the outcome belongs to the page that opened it.
pub fn resume(url: Option<&str>) -> Result<Option<RedirectOutcome>> {
    let href = match url {
        Some(u) => u.to_string(),
        None => window("resumeHostedFlow")?.location().href().map_err(|_| EkycError::invalid_input("no URL"))?,
    };
    let Some(flow) = take_pending()? else {
        if url.is_none() {
            announce_popup_return(&href);
        }
        return Ok(None);
    };
    let expect = RedirectExpect { provider: Some(flow.provider), state: Some(flow.state), strict: false };
    let outcome = parse_redirect(&href, &expect)?;
    Ok(Some(with_backend_reference(outcome, flow.reference)))
}

/// Waits for a popup or iframe to come back to the return URL (same origin, so its location becomes readable,
/// or its return page reports on [`RETURN_CHANNEL`]), then reads it. `flow_cancelled` when the popup is closed
/// or the iframe removed first, or `cancel` is set (`FlowHandle.close()`). A popup cut off by the provider's
/// COOP header emits `detached` and waits for its return page's message (or `close()`, or the timeout).
pub async fn wait_for_return(
    flow_surface: Surface,
    provider: ProviderId,
    state: String,
    reference: Option<String>,
    return_url: String,
    events: Events,
    cancel: std::rc::Rc<std::cell::Cell<bool>>,
) -> Result<RedirectOutcome> {
    let target = without_query(&return_url).to_string();
    let deadline = js_sys::Date::now() + FLOW_TIMEOUT_MS;
    let channel = matches!(flow_surface, Surface::Popup(_)).then(|| ReturnChannel::open(&state));
    // Whether the popup was ever seen open on the provider's (cross-origin) page. A popup that reads `closed`
    // without ever being seen there was most likely cut off by the provider's COOP header (the handle reads
    // closed at once while the user goes on): then only its return page's message can end the flow.
    let mut seen_at_provider = false;
    let mut at_provider_since: Option<f64> = None;
    let mut detached = false;
    let mut grace_used = false;
    loop {
        // Until the popup is known to be on the provider's page, look often: a popup closed before that is taken
        // for a COOP cut-off (`detached`).
        let early = matches!(flow_surface, Surface::Popup(_)) && !seen_at_provider && !detached;
        fetch::sleep(if early { EARLY_POLL_MS } else { POLL_MS }).await;
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
            Surface::Popup(w) => {
                let closed = w.closed().unwrap_or(true);
                // A cross-origin page throws on reading its location; about:blank and our own pages do not.
                // Chromium shows a popup that is being cut off by COOP as open and cross-origin for a moment,
                // so only a popup seen there for a while counts as "at the provider".
                let now = js_sys::Date::now();
                if closed || w.location().href().is_ok() {
                    at_provider_since = None;
                } else if now - *at_provider_since.get_or_insert(now) >= AT_PROVIDER_MS {
                    seen_at_provider = true;
                }
                let href = readable_href(w);
                // The return page's message wins over a handle that cannot see it (COOP) or saw it too late. It
                // was acknowledged (the page has closed), so it is taken as the return: its state matched, and
                // parse_redirect checks it like any return URL.
                if let Some(reported) = channel.as_ref().and_then(ReturnChannel::take) {
                    return finish(&reported, provider, &state, reference, &flow_surface, &events);
                }
                (closed, href)
            }
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
            return finish(&href, provider, &state, reference, &flow_surface, &events);
        }
        if cancel.get() {
            events.emit("cancelled", &[]);
            return Err(EkycError::new(ErrorCode::FlowCancelled, "the flow was closed by the page"));
        }
        if closed && channel.is_some() && !grace_used {
            // A return page that closes itself right after its message: give the message one more tick.
            grace_used = true;
            continue;
        }
        if closed && matches!(flow_surface, Surface::Popup(_)) && !seen_at_provider {
            if !detached {
                detached = true;
                events.emit("detached", &[]);
            }
            continue;
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

/// On a possible popup return page (top-level, `ekyc_state` on the URL, no flow pending): posts `{state, href}`
/// on [`RETURN_CHANNEL`], and closes this window when a page waiting for that state acknowledges it — so a
/// forged or stale link opened in a tab is never closed. Any page on this origin could post such a message, but
/// it carries only a claim, which `parse_redirect` checks against the flow's state like any return URL.
fn announce_popup_return(href: &str) {
    let Some(w) = web_sys::window() else { return };
    // An iframe's return is read by its parent directly.
    if w.top().ok().flatten().is_some_and(|top| top != w) {
        return;
    }
    let Ok(url) = web_sys::Url::new(href) else { return };
    let Some(state) = url.search_params().get(STATE_PARAM) else { return };
    let Ok(channel) = web_sys::BroadcastChannel::new(RETURN_CHANNEL) else { return };
    let (me, acked) = (channel.clone(), state.clone());
    let on_ack =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let message = e.data().as_string().and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
            if message.is_some_and(|m| m["ack"].as_str() == Some(acked.as_str())) {
                me.close();
                if let Some(w) = web_sys::window() {
                    let _ = w.close();
                }
            }
        });
    channel.set_onmessage(Some(on_ack.as_ref().unchecked_ref()));
    // Lives as long as this page (one small listener, only on a return page with no flow of its own).
    on_ack.forget();
    let message = serde_json::json!({ "state": state, "href": href }).to_string();
    let _ = channel.post_message(&message.into());
}

/// Listens on [`RETURN_CHANNEL`] for the return of the flow with `state`; closes the channel when dropped.
struct ReturnChannel {
    channel: Option<web_sys::BroadcastChannel>,
    received: std::rc::Rc<std::cell::RefCell<Option<String>>>,
    _listener: Option<wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

impl ReturnChannel {
    fn open(state: &str) -> Self {
        let received = std::rc::Rc::new(std::cell::RefCell::new(None));
        // Without BroadcastChannel (very old browsers) the flow still works by polling the popup.
        let Ok(channel) = web_sys::BroadcastChannel::new(RETURN_CHANNEL) else {
            return ReturnChannel { channel: None, received, _listener: None };
        };
        let (sink, state, me) = (received.clone(), state.to_string(), channel.clone());
        let listener =
            wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let Some(text) = e.data().as_string() else { return };
                let Ok(message) = serde_json::from_str::<serde_json::Value>(&text) else { return };
                if message["state"].as_str() == Some(state.as_str()) {
                    if let Some(href) = message["href"].as_str() {
                        *sink.borrow_mut() = Some(href.to_string());
                        let _ = me.post_message(&serde_json::json!({ "ack": state }).to_string().into());
                    }
                }
            });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        ReturnChannel { channel: Some(channel), received, _listener: Some(listener) }
    }

    fn take(&self) -> Option<String> {
        self.received.borrow_mut().take()
    }
}

impl Drop for ReturnChannel {
    fn drop(&mut self) {
        if let Some(c) = &self.channel {
            c.set_onmessage(None);
            c.close();
        }
    }
}

/// Reads the return `href`, closes the popup, reports `returned`.
fn finish(
    href: &str,
    provider: ProviderId,
    state: &str,
    reference: Option<String>,
    surface: &Surface,
    events: &Events,
) -> Result<RedirectOutcome> {
    let expect = RedirectExpect { provider: Some(provider), state: Some(state.to_string()), strict: false };
    let outcome = with_backend_reference(parse_redirect(href, &expect)?, reference);
    if let Surface::Popup(w) = surface {
        let _ = w.close();
    }
    events.emit("returned", &[("outcome", super::to_plain_js(&outcome))]);
    Ok(outcome)
}

/// The location of a window we may read (same origin), else `None` (a cross-origin page throws).
fn readable_href(w: &Window) -> Option<String> {
    w.location().href().ok().filter(|h| h != "about:blank")
}
