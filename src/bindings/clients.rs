//! The provider client classes of API.md §5, over the global-`fetch` transport. Each constructor checks its
//! options strictly (a misspelled option is `invalid_input`, not silently ignored) and refuses to hold a secret
//! in a browser page (`secret_in_browser`) unless `dangerouslyAllowBrowser: true`.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::{from_js, options_from_js, to_js};
use crate::clients::advance_ai::AdvanceAiClient;
use crate::clients::argos::{ArgosClient, Pager};
use crate::clients::maschain::MasChainClient;
use crate::clients::revenue_monster::{RevenueMonsterClient, RevenueMonsterConfig};
use crate::clients::widekyc::WideKycClient;
use crate::clients::Transport;
use crate::error::{EkycError, ErrorCode, Result};
use crate::providers::advance_ai::{GenerateUrlRequest, UrlVariant};
use crate::providers::argos::{
    AesDecryptor, Cipher, Decryptor, RequestType, SubmissionQuery, DEFAULT_BASE_URL as ARGOS_BASE_URL,
};
use crate::providers::http::{HttpRequest, HttpResponse};
use crate::providers::maschain::protocol::{MasChainConfig, BASE_URL as MASCHAIN_BASE_URL};
use crate::providers::maschain::types::{CreateVerificationRequest, IdType, VerificationType};
use crate::providers::revenue_monster::types::LivenessFunction;
use crate::providers::widekyc::{IdRecognizeRequest, IdValidationRequest, PassiveLivenessRequest};
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

/// What every secret-holding client does first: refuse to run in a page unless opted in, then build its
/// transport from the `transport` options.
fn secret_client_transport(
    allow_browser: Option<bool>,
    transport: Option<TransportConfig>,
    provider: &'static str,
) -> Result<FetchTransport> {
    refuse_secret_in_browser(allow_browser, provider)?;
    transport.unwrap_or_default().into_transport(provider)
}

/// `secret_in_browser` when this runs in a browser — a page or its dedicated, shared or service worker — and
/// the caller did not opt in (see [`crate::clients::runtime::classify`]; workerd, Deno, Node and jsdom-style
/// test environments are not browsers).
fn refuse_secret_in_browser(allow: Option<bool>, provider: &'static str) -> Result<()> {
    use crate::clients::runtime::{classify, GlobalScope, Runtime};
    let global = js_sys::global();
    let get = |target: &JsValue, name: &str| js_sys::Reflect::get(target, &JsValue::from_str(name)).ok();
    let defined = |name: &str| get(&global, name).is_some_and(|v| !v.is_undefined() && !v.is_null());
    let user_agent = get(&global, "navigator").and_then(|n| get(&n, "userAgent")).and_then(|ua| ua.as_string());
    let node = get(&global, "process")
        .and_then(|p| get(&p, "versions"))
        .and_then(|v| get(&v, "node"))
        .is_some_and(|n| n.is_string());
    let scope = GlobalScope {
        window: defined("window"),
        document: defined("document"),
        worker_global_scope: get(&global, "WorkerGlobalScope").is_some_and(|ctor| instance_of(&global, &ctor)),
        user_agent: user_agent.as_deref(),
        node,
        deno: defined("Deno"),
    };
    let runtime = classify(&scope);
    if runtime.is_browser() && allow != Some(true) {
        let place = if runtime == Runtime::BrowserWorker { "a browser's worker" } else { "a browser page" };
        return Err(EkycError::new(
            ErrorCode::SecretInBrowser,
            format!(
                "this client holds a provider secret and must run on a server or edge worker, not in {place}; \
                 pass dangerouslyAllowBrowser: true only for local testing"
            ),
        )
        .with_provider(provider));
    }
    Ok(())
}

/// `value instanceof ctor`, by walking `value`'s prototype chain (never throws, also when `ctor` is no
/// constructor).
fn instance_of(value: &JsValue, ctor: &JsValue) -> bool {
    let Some(prototype) = js_sys::Reflect::get(ctor, &JsValue::from_str("prototype")).ok().filter(|p| p.is_object())
    else {
        return false;
    };
    let mut current: JsValue = js_sys::Object::get_prototype_of(value).into();
    for _ in 0..64 {
        if current.is_null() || current.is_undefined() {
            return false;
        }
        if js_sys::Object::is(&current, &prototype) {
            return true;
        }
        current = js_sys::Object::get_prototype_of(&current).into();
    }
    false
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
    /// ISO alpha-3, e.g. `"MYS"`; required unless `selectIdCountry`.
    #[tsify(optional)]
    pub id_country: Option<String>,
    /// `true`: the user picks the issuing country on MasChain's page (instead of `idCountry`).
    #[tsify(optional)]
    pub select_id_country: Option<bool>,
    /// `"ID_CARD"` (MYS only) or `"PASSPORT"`; required unless `selectIdType`.
    #[tsify(optional, type = "\"ID_CARD\" | \"PASSPORT\"")]
    pub id_type: Option<String>,
    /// `true`: the user picks the document type on MasChain's page (instead of `idType`).
    #[tsify(optional)]
    pub select_id_type: Option<bool>,
    /// `"00"` OCR + face + liveness (default), `"01"` OCR only.
    #[serde(rename = "type")]
    #[tsify(optional, type = "\"00\" | \"01\"")]
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
        let config = MasChainConfig {
            base_url: o.base_url.unwrap_or_else(|| MASCHAIN_BASE_URL.to_string()),
            client_id: o.client_id,
            client_secret: o.client_secret,
        };
        let transport = secret_client_transport(o.dangerously_allow_browser, o.transport, "maschain")?;
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
            select_id_country: r.select_id_country.unwrap_or(false),
            id_type: r.id_type.as_deref().map(IdType::parse),
            select_id_type: r.select_id_type.unwrap_or(false),
            redirect_url: r.redirect_url,
            wallet_address: r.wallet_address,
        };
        let created = self.inner.create_verification(&request).await?;
        to_js(&MasChainSession { url: created.url, token: created.token })
    }

    /// The authoritative, normalized result of a session.
    #[wasm_bindgen(js_name = getVerification, unchecked_return_type = "Verification")]
    pub async fn get_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    ) -> Result<JsValue, JsValue> {
        let token = super::string_arg(&token, "getVerification: token")?;
        to_js(&self.inner.get_verification(&token).await?)
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

/// `liveness` input: the selfie against the face of an earlier `recognizeMyKad`.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LivenessInput {
    /// `requestId` from `recognizeMyKad`.
    pub mykad_request_id: String,
    /// The selfie, plain Base64 JPEG.
    pub image: String,
    /// The RM function: `face-compare-with-mykad` (what the official Go SDK calls; default) or `liveness-face`
    /// (the seed document's name).
    #[tsify(optional)]
    pub function: Option<LivenessFunction>,
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
        let config = RevenueMonsterConfig {
            api_url: o.api_url.unwrap_or_else(|| API_URL.to_string()),
            oauth_url: o.oauth_url.unwrap_or_else(|| OAUTH_URL.to_string()),
            client_id: o.client_id,
            client_secret: o.client_secret,
            private_key_pem: o.private_key_pem,
        };
        let transport = secret_client_transport(o.dangerously_allow_browser, o.transport, "revenue-monster")?;
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
        to_js(&MyKadRecognition { request_id: ack.request_id, status: ack.status.map(|s| s.as_str().to_string()) })
    }

    /// Compares two faces → a `Verification` with `face.match` and `face.similarity`.
    #[wasm_bindgen(js_name = faceCompare, unchecked_return_type = "Verification")]
    pub async fn face_compare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FaceCompareInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let i: FaceCompareInput = from_js(input, "faceCompare input")?;
        to_js(&self.inner.face_compare(&i.image1, &i.image2).await?)
    }

    /// The selfie against the MyKad of `mykadRequestId` → a `Verification` with `face.match` and
    /// `face.similarity`; this is the step that links a face to the MyKad. Its `reference` is what
    /// `getEkycResult` takes: the `ekycId` RM returned, else `mykadRequestId`.
    #[wasm_bindgen(unchecked_return_type = "Verification")]
    pub async fn liveness(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LivenessInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let i: LivenessInput = from_js(input, "liveness input")?;
        to_js(&self.inner.liveness(&i.mykad_request_id, &i.image, i.function.unwrap_or_default()).await?)
    }

    /// The consolidated eKYC verdict of a recognition, normalized.
    #[wasm_bindgen(js_name = getEkycResult, unchecked_return_type = "Verification")]
    pub async fn get_ekyc_result(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let id = super::string_arg(&id, "getEkycResult: id")?;
        to_js(&self.inner.get_ekyc_result(&id).await?)
    }

    /// The MyKad recognition alone, normalized.
    #[wasm_bindgen(js_name = getMyKadResult, unchecked_return_type = "Verification")]
    pub async fn get_mykad_result(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let id = super::string_arg(&id, "getMyKadResult: id")?;
        to_js(&self.inner.get_mykad_result(&id).await?)
    }
}

// ----- ADVANCE.AI -----

/// Options of `new AdvanceAi(…)`.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdvanceAiOptions {
    /// The regional host, e.g. `https://sg-api.advance.ai`.
    pub base_url: String,
    pub access_key: String,
    /// A secret.
    pub secret_key: String,
    #[tsify(optional)]
    pub dangerously_allow_browser: Option<bool>,
    #[tsify(optional)]
    pub transport: Option<TransportConfig>,
}

/// `generateUrl` input: the Generate URL API fields (camelCase, as ADVANCE.AI names them) plus `variant`. Other
/// documented fields (e.g. `livenessType` of the liveness-detection flow) are passed through as given.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AdvanceAiGenerateUrl {
    /// Which hosted flow (the endpoint); default `"generate-ekyc-verification-url"`.
    #[tsify(optional)]
    pub variant: Option<UrlVariant>,
    #[tsify(optional)]
    pub return_url: Option<String>,
    #[tsify(optional)]
    pub fail_return_url: Option<String>,
    #[tsify(optional)]
    pub callback_url: Option<String>,
    #[tsify(optional)]
    pub biz_id: Option<String>,
    #[tsify(optional)]
    pub user_id: Option<String>,
    /// ISO alpha-3.
    #[tsify(optional)]
    pub region: Option<String>,
    #[tsify(optional)]
    pub language: Option<String>,
    #[tsify(optional)]
    pub prefers_color_scheme: Option<String>,
    #[tsify(optional)]
    pub iframe_enabled: Option<bool>,
    #[tsify(optional)]
    pub ignore_fail_when_jump: Option<bool>,
    #[tsify(optional)]
    pub number_type: Option<String>,
    #[tsify(optional)]
    pub number_value: Option<String>,
    /// e.g. `"PH-ID-SSS"`.
    #[tsify(optional)]
    pub doc_type: Option<String>,
    /// e.g. `"STANDARD"`, `"ADVANCED"`, `"PRO"`.
    #[tsify(optional)]
    pub product_level: Option<String>,
    /// e.g. `"WhiteCard"`.
    #[tsify(optional)]
    pub biz_code: Option<String>,
    /// The legacy `generate-url`'s solution, e.g. `"01"`.
    #[tsify(optional)]
    pub solution_code: Option<String>,
    /// Any further documented field, sent as given.
    #[serde(flatten)]
    #[tsify(type = "Record<string, unknown>")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `getResult` options.
#[derive(Deserialize, Tsify, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdvanceAiGetResultOptions {
    /// ADVANCE.AI's `returnImageType` (how images come back), passed through.
    #[tsify(optional)]
    pub return_image_type: Option<String>,
}

/// The hosted page of an ADVANCE.AI flow and its reference (`null` when ADVANCE.AI did not disclose it yet).
#[derive(serde::Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct AdvanceAiSession {
    pub url: String,
    pub signature_id: Option<String>,
}

/// ADVANCE.AI IDVS H5 (server or edge: holds the secret key).
#[wasm_bindgen]
pub struct AdvanceAi {
    inner: AdvanceAiClient<FetchTransport>,
}

#[wasm_bindgen]
impl AdvanceAi {
    /// Throws `secret_in_browser` in a page, `invalid_input` for missing or misspelled options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "AdvanceAiOptions")] options: JsValue,
    ) -> Result<AdvanceAi, JsValue> {
        let o: AdvanceAiOptions = from_js(options, "AdvanceAi options")?;
        let transport = secret_client_transport(o.dangerously_allow_browser, o.transport, "advance-ai")?;
        Ok(AdvanceAi { inner: AdvanceAiClient::new(o.base_url, o.access_key, o.secret_key, transport)? })
    }

    /// Creates the hosted page → `{ url, signatureId }`. Not retried once it may have been received.
    #[wasm_bindgen(js_name = generateUrl, unchecked_return_type = "AdvanceAiSession")]
    pub async fn generate_url(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdvanceAiGenerateUrl")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let r: AdvanceAiGenerateUrl = from_js(request, "generateUrl request")?;
        let request = GenerateUrlRequest {
            return_url: r.return_url,
            fail_return_url: r.fail_return_url,
            callback_url: r.callback_url,
            biz_id: r.biz_id,
            user_id: r.user_id,
            region: r.region,
            language: r.language,
            prefers_color_scheme: r.prefers_color_scheme,
            iframe_enabled: r.iframe_enabled,
            ignore_fail_when_jump: r.ignore_fail_when_jump,
            number_type: r.number_type,
            number_value: r.number_value,
            doc_type: r.doc_type,
            product_level: r.product_level,
            biz_code: r.biz_code,
            solution_code: r.solution_code,
            extra: r.extra,
        };
        let variant = r.variant.unwrap_or_default();
        let g = self.inner.generate_url(variant, &request).await?;
        to_js(&AdvanceAiSession { url: g.url, signature_id: g.signature_id })
    }

    /// The authoritative result of a flow, normalized.
    #[wasm_bindgen(js_name = getResult, unchecked_return_type = "Verification")]
    pub async fn get_result(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] signature_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AdvanceAiGetResultOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let signature_id = super::string_arg(&signature_id, "getResult: signatureId")?;
        let o: AdvanceAiGetResultOptions = super::options_from_js(options, "getResult options")?;
        to_js(&self.inner.get_result(&signature_id, o.return_image_type.as_deref()).await?)
    }
}

// ----- ARGOS -----

/// Options of `new Argos(…)`.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ArgosOptions {
    /// Default `https://rest-api.argosidentity.com/v3`.
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// The `x-api-key`. A secret.
    pub api_key: String,
    /// The key of encrypted answers, when the project has encryption on.
    #[tsify(optional)]
    pub secret_key: Option<String>,
    /// `"gcm"` (default) or `"ecb"` (legacy projects).
    #[tsify(optional)]
    pub encryption: Option<Cipher>,
    #[tsify(optional)]
    pub dangerously_allow_browser: Option<bool>,
    #[tsify(optional)]
    pub transport: Option<TransportConfig>,
}

/// `listSubmissions` filter (all optional).
#[derive(Deserialize, Default, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ArgosFilter {
    #[tsify(optional)]
    pub userid: Option<String>,
    #[tsify(optional)]
    pub email: Option<String>,
    /// Page size (ARGOS's default 50).
    #[tsify(optional)]
    pub count: Option<u32>,
    /// `YYYY-MM-DD`.
    #[tsify(optional)]
    pub start_date: Option<String>,
    /// `YYYY-MM-DD`.
    #[tsify(optional)]
    pub end_date: Option<String>,
    /// `"kyc"`, `"aml"`, `"data"` or `"others"`.
    #[tsify(optional, type = "\"kyc\" | \"aml\" | \"data\" | \"others\"")]
    pub request_type: Option<RequestType>,
}

/// The decryptor an ARGOS client or webhook parser uses, from a secret and a scheme (GCM by default).
pub(crate) fn argos_decryptor(secret: Option<String>, cipher: Option<Cipher>) -> Option<Box<dyn Decryptor>> {
    secret.map(|secret| Box::new(AesDecryptor::from_secret(cipher.unwrap_or_default(), &secret)) as Box<dyn Decryptor>)
}

/// ARGOS ID Check (server or edge: holds the API key).
#[wasm_bindgen]
pub struct Argos {
    inner: Rc<ArgosClient<FetchTransport>>,
}

#[wasm_bindgen]
impl Argos {
    /// Throws `secret_in_browser` in a page, `invalid_input` for missing or misspelled options.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "ArgosOptions")] options: JsValue) -> Result<Argos, JsValue> {
        let o: ArgosOptions = from_js(options, "Argos options")?;
        let decryptor = argos_decryptor(o.secret_key, o.encryption);
        let transport = secret_client_transport(o.dangerously_allow_browser, o.transport, "argos")?;
        let base = o.base_url.unwrap_or_else(|| ARGOS_BASE_URL.to_string());
        Ok(Argos { inner: Rc::new(ArgosClient::new(base, o.api_key, decryptor, transport)?) })
    }

    /// One submission, normalized.
    #[wasm_bindgen(js_name = getSubmission, unchecked_return_type = "Verification")]
    pub async fn get_submission(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let id = super::string_arg(&id, "getSubmission: id")?;
        to_js(&self.inner.get_submission(&id).await?)
    }

    /// Every submission matching `filter`, across all pages, as an async iterator of `Verification`s
    /// (`for await (const v of argos.listSubmissions({ startDate: "2025-01-01" }))`). Pages are fetched as the
    /// loop advances.
    #[wasm_bindgen(js_name = listSubmissions, unchecked_return_type = "SubmissionIterator")]
    pub fn list_submissions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ArgosFilter")] filter: JsValue,
    ) -> Result<JsValue, JsValue> {
        let f: ArgosFilter = options_from_js(filter, "listSubmissions filter")?;
        let query = SubmissionQuery {
            userid: f.userid,
            email: f.email,
            count: f.count,
            start_date: f.start_date,
            end_date: f.end_date,
            request_type: f.request_type,
            ..Default::default()
        };
        query.to_query_string()?;
        let iterator = SubmissionIterator { client: self.inner.clone(), pager: RefCell::new(Some(Pager::new(query))) };
        Ok(async_iterable(iterator.into()))
    }
}

// The lib's `AsyncIterableIterator<T>` defaults its return and `next` argument types to `any`; ours are known.
#[wasm_bindgen(typescript_custom_section)]
const SUBMISSION_ITERATOR_TS: &str = r#"
export interface SubmissionIterator {
    [Symbol.asyncIterator](): SubmissionIterator;
}
"#;

#[wasm_bindgen(module = "/src/bindings/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = asyncIterable)]
    fn async_iterable(iterator: JsValue) -> JsValue;
}

/// The async iterator behind `Argos.listSubmissions`.
#[wasm_bindgen]
pub struct SubmissionIterator {
    client: Rc<ArgosClient<FetchTransport>>,
    /// Taken out while a page is being fetched, so a second `next()` before the first settles is refused
    /// instead of racing on the cursor.
    pager: RefCell<Option<Pager>>,
}

#[wasm_bindgen]
impl SubmissionIterator {
    /// `{ done: false, value: Verification }` until the last submission, then `{ done: true }`.
    #[wasm_bindgen(unchecked_return_type = "IteratorResult<Verification, undefined>")]
    pub async fn next(&self) -> Result<JsValue, JsValue> {
        let Some(mut pager) = self.pager.borrow_mut().take() else {
            return Err(EkycError::invalid_input("next() was called again before the previous call settled").into());
        };
        let result = pager.next(&self.client).await;
        // After an error the iteration is over: a finished pager goes back in.
        *self.pager.borrow_mut() = Some(if result.is_ok() { pager } else { Pager::finished() });
        let item = result?;
        let out = js_sys::Object::new();
        let done = item.is_none();
        js_sys::Reflect::set(&out, &"done".into(), &done.into())?;
        if let Some(v) = item {
            js_sys::Reflect::set(&out, &"value".into(), &to_js(&v)?)?;
        }
        Ok(out.into())
    }
}

// ----- WideKYC -----

/// Options of `new WideKyc(…)`.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WideKycOptions {
    /// The merchant's `<server-url>`.
    pub base_url: String,
    /// The merchant access token. A secret.
    pub token: String,
    #[tsify(optional)]
    pub dangerously_allow_browser: Option<bool>,
    #[tsify(optional)]
    pub transport: Option<TransportConfig>,
}

/// `passiveLiveness` input.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WideKycLiveness {
    pub cust_ref_no: String,
    /// Plain Base64 JPEG.
    pub selfie_image: String,
}

/// `recognizeId` input.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WideKycRecognize {
    pub cust_ref_no: String,
    /// Plain Base64 JPEG of the eKTP.
    pub id_image: String,
}

/// `validateId` input.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WideKycValidate {
    pub cust_ref_no: String,
    /// 16 digits.
    pub nik: String,
    #[tsify(optional)]
    pub name: Option<String>,
    /// `DD-MM-YYYY`.
    #[tsify(optional)]
    pub birth_date: Option<String>,
    #[tsify(optional)]
    pub birth_place: Option<String>,
    #[tsify(optional)]
    pub address: Option<String>,
    #[tsify(optional)]
    pub selfie_image: Option<String>,
}

/// WideKYC (server or edge: holds the merchant token).
#[wasm_bindgen]
pub struct WideKyc {
    inner: WideKycClient<FetchTransport>,
}

#[wasm_bindgen]
impl WideKyc {
    /// Throws `secret_in_browser` in a page, `invalid_input` for missing or misspelled options.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "WideKycOptions")] options: JsValue) -> Result<WideKyc, JsValue> {
        let o: WideKycOptions = from_js(options, "WideKyc options")?;
        let transport = secret_client_transport(o.dangerously_allow_browser, o.transport, "widekyc")?;
        Ok(WideKyc { inner: WideKycClient::new(o.base_url, o.token, transport)? })
    }

    /// Passive liveness of a selfie, normalized (`face.livenessPassed`).
    #[wasm_bindgen(js_name = passiveLiveness, unchecked_return_type = "Verification")]
    pub async fn passive_liveness(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WideKycLiveness")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let i: WideKycLiveness = from_js(input, "passiveLiveness input")?;
        let r = PassiveLivenessRequest { cust_ref_no: i.cust_ref_no, selfie_image: i.selfie_image };
        to_js(&self.inner.passive_liveness(&r).await?)
    }

    /// eKTP OCR, normalized (`person`, `document`).
    #[wasm_bindgen(js_name = recognizeId, unchecked_return_type = "Verification")]
    pub async fn recognize_id(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WideKycRecognize")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let i: WideKycRecognize = from_js(input, "recognizeId input")?;
        let r = IdRecognizeRequest { cust_ref_no: i.cust_ref_no, id_image: i.id_image };
        to_js(&self.inner.recognize_id(&r).await?)
    }

    /// Dukcapil validation of the given fields, normalized (any `false` → rejected + data_mismatch).
    #[wasm_bindgen(js_name = validateId, unchecked_return_type = "Verification")]
    pub async fn validate_id(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WideKycValidate")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let i: WideKycValidate = from_js(input, "validateId input")?;
        let r = IdValidationRequest {
            cust_ref_no: i.cust_ref_no,
            nik: i.nik,
            name: i.name,
            birth_date: i.birth_date,
            birth_place: i.birth_place,
            address: i.address,
            selfie_image: i.selfie_image,
        };
        to_js(&self.inner.validate_id(&r).await?)
    }
}
