//! The provider client classes of API.md §5, over the global-`fetch` transport. Each constructor checks its
//! options strictly (a misspelled option is `invalid_input`, not silently ignored) and refuses to hold a secret
//! in a browser page (`secret_in_browser`) unless `dangerouslyAllowBrowser: true`.

use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::{from_js, to_js};
use crate::clients::maschain::MasChainClient;
use crate::clients::revenue_monster::{RevenueMonsterClient, RevenueMonsterConfig};
use crate::clients::Transport;
use crate::error::{EkycError, ErrorCode, Result};
use crate::providers::http::{HttpRequest, HttpResponse};
use crate::providers::maschain::protocol::{MasChainConfig, BASE_URL as MASCHAIN_BASE_URL};
use crate::providers::maschain::types::{CreateVerificationRequest, IdType, VerificationType};
use crate::transport::{fetch, TransportOptions};

/// The transport of one client: the global `fetch` with the client's timeouts and retries.
pub(crate) struct FetchTransport {
    options: TransportOptions,
    provider: &'static str,
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        fetch::send(&request, &self.options, self.provider).await
    }
    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}

/// Timeouts, retries and limits of a client's HTTP calls (all optional).
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransportConfig {
    /// Per attempt, until the last byte of the body (default 20 000 ms).
    #[tsify(optional)]
    pub timeout_ms: Option<u32>,
    /// Retries after the first attempt on network errors, 429, 502, 503, 504 (default 2; creates are
    /// retried only on 429 and 503).
    #[tsify(optional)]
    pub retries: Option<u32>,
    /// The whole call including retries and waits (default 60 000 ms).
    #[tsify(optional)]
    pub total_timeout_ms: Option<u32>,
    /// Larger response bodies are refused (default 16 MiB).
    #[tsify(optional)]
    pub max_body_bytes: Option<usize>,
}

impl TransportConfig {
    fn into_transport(self, provider: &'static str) -> Result<FetchTransport> {
        let d = TransportOptions::default();
        let o = TransportOptions {
            timeout_ms: self.timeout_ms.unwrap_or(d.timeout_ms),
            retries: self.retries.unwrap_or(d.retries),
            total_timeout_ms: self.total_timeout_ms.unwrap_or(d.total_timeout_ms),
            max_body_bytes: self.max_body_bytes.unwrap_or(d.max_body_bytes),
            ..d
        };
        if o.timeout_ms == 0 || o.total_timeout_ms == 0 || o.retries > 10 || o.max_body_bytes == 0 {
            return Err(EkycError::invalid_input(
                "transport: timeoutMs and totalTimeoutMs must be positive, retries at most 10, maxBodyBytes positive",
            ));
        }
        Ok(FetchTransport { options: o, provider })
    }
}

/// `secret_in_browser` when this runs in a page (`window` and `document` exist) and the caller did not opt in.
fn refuse_secret_in_browser(allow: Option<bool>, provider: &'static str) -> Result<()> {
    let global = js_sys::global();
    let has = |name: &str| js_sys::Reflect::get(&global, &JsValue::from_str(name)).is_ok_and(|v| !v.is_undefined());
    if has("window") && has("document") && allow != Some(true) {
        return Err(EkycError::new(
            ErrorCode::SecretInBrowser,
            "this client holds a provider secret and must run on a server or edge worker, not in a browser page; \
             pass dangerouslyAllowBrowser: true only for local testing",
        )
        .with_provider(provider));
    }
    Ok(())
}

// ----- MasChain -----

/// Options of `new MasChain(…)`.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MasChainOptions {
    /// Default `https://service.maschain.com`.
    #[tsify(optional)]
    pub base_url: Option<String>,
    pub client_id: String,
    /// Starts with `sk_`. A secret.
    pub client_secret: String,
    #[tsify(optional)]
    pub dangerously_allow_browser: Option<bool>,
    #[tsify(optional)]
    pub transport: Option<TransportConfig>,
}

/// `createVerification` input.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MasChainCreateVerification {
    /// ISO alpha-3, e.g. `"MYS"`.
    pub id_country: String,
    /// `"ID_CARD"` (MYS only) or `"PASSPORT"`.
    pub id_type: String,
    /// `"00"` OCR + face + liveness (default), `"01"` OCR only.
    #[serde(rename = "type")]
    #[tsify(optional)]
    pub kind: Option<String>,
    /// Where MasChain sends the user back (with `?is_success=…`).
    pub redirect_url: String,
    #[tsify(optional)]
    pub wallet_address: Option<String>,
}

/// A hosted verification session: the page to send the user to and its reference.
#[derive(serde::Serialize, Tsify)]
pub struct MasChainSession {
    pub url: String,
    pub token: String,
}

/// MasChain eKYC (server or edge: holds `clientSecret`).
#[wasm_bindgen]
pub struct MasChain {
    inner: MasChainClient<FetchTransport>,
}

#[wasm_bindgen]
impl MasChain {
    /// Throws `secret_in_browser` in a page, `invalid_input` for missing or misspelled options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "MasChainOptions")] options: JsValue,
    ) -> Result<MasChain, JsValue> {
        let o: MasChainOptions = from_js(options, "MasChain options")?;
        refuse_secret_in_browser(o.dangerously_allow_browser, "maschain")?;
        let config = MasChainConfig {
            base_url: o.base_url.unwrap_or_else(|| MASCHAIN_BASE_URL.to_string()),
            client_id: o.client_id,
            client_secret: o.client_secret,
        };
        let transport = o.transport.unwrap_or_default().into_transport("maschain")?;
        Ok(MasChain { inner: MasChainClient::new(config, transport)? })
    }

    /// Creates a hosted verification session → `{ url, token }`. Not retried once it may have reached MasChain.
    #[wasm_bindgen(js_name = createVerification, unchecked_return_type = "MasChainSession")]
    pub async fn create_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MasChainCreateVerification")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let r: MasChainCreateVerification = from_js(request, "createVerification request")?;
        let request = CreateVerificationRequest {
            kind: VerificationType::parse(r.kind.as_deref().unwrap_or("00")),
            id_country: r.id_country,
            id_type: IdType::parse(&r.id_type),
            redirect_url: r.redirect_url,
            wallet_address: r.wallet_address,
        };
        let created = self.inner.create_verification(&request).await?;
        Ok(to_js(&MasChainSession { url: created.url, token: created.token })?)
    }

    /// The authoritative, normalized result of a session.
    #[wasm_bindgen(js_name = getVerification, unchecked_return_type = "Verification")]
    pub async fn get_verification(&self, token: String) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.inner.get_verification(&token).await?)?)
    }
}

// ----- Revenue Monster -----

/// Options of `new RevenueMonster(…)`.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevenueMonsterOptions {
    /// e.g. `https://sb-open.revenuemonster.my/v3/service` (default: production).
    #[tsify(optional)]
    pub api_url: Option<String>,
    /// e.g. `https://sb-oauth.revenuemonster.my/v1/token` (default: production).
    #[tsify(optional)]
    pub oauth_url: Option<String>,
    pub client_id: String,
    pub client_secret: String,
    /// The merchant's RSA private key, PKCS#1 or PKCS#8 PEM.
    pub private_key_pem: String,
    #[tsify(optional)]
    pub dangerously_allow_browser: Option<bool>,
    #[tsify(optional)]
    pub transport: Option<TransportConfig>,
}

/// `recognizeMyKad` input.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecognizeMyKadInput {
    /// The MyKad front, plain Base64 JPEG (e.g. `PreparedImage.base64`).
    pub image: String,
    /// Where Revenue Monster posts the result.
    pub notify_url: String,
}

/// `faceCompare` input.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaceCompareInput {
    pub image1: String,
    pub image2: String,
}

/// The answer of `recognizeMyKad`: the id of the recognition, for `getEkycResult`.
#[derive(serde::Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct MyKadRecognition {
    pub request_id: String,
    pub status: Option<String>,
}

/// Revenue Monster eKYC (server or edge: holds the client secret and the private key).
#[wasm_bindgen]
pub struct RevenueMonster {
    inner: RevenueMonsterClient<FetchTransport>,
}

#[wasm_bindgen]
impl RevenueMonster {
    /// Throws `secret_in_browser` in a page, `invalid_input` for missing options or a bad key.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "RevenueMonsterOptions")] options: JsValue,
    ) -> Result<RevenueMonster, JsValue> {
        use crate::providers::revenue_monster::protocol::{API_URL, OAUTH_URL};
        let o: RevenueMonsterOptions = from_js(options, "RevenueMonster options")?;
        refuse_secret_in_browser(o.dangerously_allow_browser, "revenue-monster")?;
        let config = RevenueMonsterConfig {
            api_url: o.api_url.unwrap_or_else(|| API_URL.to_string()),
            oauth_url: o.oauth_url.unwrap_or_else(|| OAUTH_URL.to_string()),
            client_id: o.client_id,
            client_secret: o.client_secret,
            private_key_pem: o.private_key_pem,
        };
        let transport = o.transport.unwrap_or_default().into_transport("revenue-monster")?;
        Ok(RevenueMonster { inner: RevenueMonsterClient::new(config, transport)? })
    }

    /// Starts a MyKad recognition → `{ requestId, status }`. Not retried once it may have been received.
    #[wasm_bindgen(js_name = recognizeMyKad, unchecked_return_type = "MyKadRecognition")]
    pub async fn recognize_mykad(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RecognizeMyKadInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let i: RecognizeMyKadInput = from_js(input, "recognizeMyKad input")?;
        let ack = self.inner.recognize_mykad(&i.image, &i.notify_url).await?;
        Ok(to_js(&MyKadRecognition { request_id: ack.request_id, status: ack.status.map(|s| s.as_str().to_string()) })?)
    }

    /// Compares two faces → a `Verification` with `face.match` and `face.similarity`.
    #[wasm_bindgen(js_name = faceCompare, unchecked_return_type = "Verification")]
    pub async fn face_compare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FaceCompareInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let i: FaceCompareInput = from_js(input, "faceCompare input")?;
        Ok(to_js(&self.inner.face_compare(&i.image1, &i.image2).await?)?)
    }

    /// The consolidated eKYC verdict of a recognition, normalized.
    #[wasm_bindgen(js_name = getEkycResult, unchecked_return_type = "Verification")]
    pub async fn get_ekyc_result(&self, id: String) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.inner.get_ekyc_result(&id).await?)?)
    }

    /// The MyKad recognition alone, normalized.
    #[wasm_bindgen(js_name = getMyKadResult, unchecked_return_type = "Verification")]
    pub async fn get_mykad_result(&self, id: String) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.inner.get_mykad_result(&id).await?)?)
    }
}
