//! Revenue Monster eKYC: OAuth client-credentials (token cached until shortly before expiry) and an RSA
//! signature on every service call.

use std::cell::RefCell;

use super::{random_alphanumeric, Transport};
use crate::error::Result;
use crate::model::Verification;
use crate::providers::http::HttpResponse;
use crate::providers::revenue_monster::protocol::{self, ServiceRequest, TokenCache};
use crate::providers::revenue_monster::sign::Signer;
use crate::providers::revenue_monster::types::{
    FaceCompareRequest, GetEkycResultRequest, GetMykadResultRequest, LivenessFunction, LivenessRequest,
    MykadRequestAck, RecognizeMykadRequest, TokenRequest,
};

/// Where and who: the hosts and the merchant's credentials. Holds secrets: server or edge only.
pub struct RevenueMonsterConfig {
    /// e.g. `https://sb-open.revenuemonster.my/v3/service`.
    pub api_url: String,
    /// e.g. `https://sb-oauth.revenuemonster.my/v1/token`.
    pub oauth_url: String,
    pub client_id: String,
    pub client_secret: String,
    /// The merchant's RSA private key (PKCS#1 or PKCS#8 PEM) that signs every call.
    pub private_key_pem: String,
}

/// A Revenue Monster client.
pub struct RevenueMonsterClient<T> {
    api_url: String,
    oauth_url: String,
    client_id: String,
    client_secret: String,
    signer: Signer,
    tokens: RefCell<TokenCache>,
    transport: T,
}

impl<T: Transport> RevenueMonsterClient<T> {
    /// Parses the key once. Fails with `invalid_input` for a bad PEM (the message never contains the key).
    pub fn new(config: RevenueMonsterConfig, transport: T) -> Result<Self> {
        let signer = Signer::from_pem(&config.private_key_pem)?;
        // Checked here, not at the first call, so a misconfiguration shows at start-up.
        protocol::token_request(
            &config.oauth_url,
            &config.client_id,
            &config.client_secret,
            &TokenRequest::ClientCredentials,
        )?;
        Ok(RevenueMonsterClient {
            api_url: config.api_url,
            oauth_url: config.oauth_url,
            client_id: config.client_id,
            client_secret: config.client_secret,
            signer,
            tokens: RefCell::new(TokenCache::new()),
            transport,
        })
    }

    /// A valid access token: the cached one, or a new one from `POST {oauthUrl}`.
    async fn access_token(&self) -> Result<String> {
        if let Some(token) = self.tokens.borrow().get(self.transport.now_ms()) {
            return Ok(token.to_string());
        }
        let http = protocol::token_request(
            &self.oauth_url,
            &self.client_id,
            &self.client_secret,
            &TokenRequest::ClientCredentials,
        )?;
        let token = protocol::parse_token_response(&self.transport.send(http).await?)?;
        self.tokens.borrow_mut().store(&token, self.transport.now_ms());
        Ok(token.access_token)
    }

    /// One signed service call. A 401 means the token was refused before anything was processed, so the
    /// cached token is dropped and the call is made once more with a fresh one.
    async fn call<R: ServiceRequest>(&self, request: &R) -> Result<HttpResponse> {
        let mut fresh_token_tried = false;
        loop {
            let token = self.access_token().await?;
            let nonce = random_alphanumeric(32)?;
            let timestamp = self.transport.now_ms() / 1000;
            let http = protocol::service_request(&self.api_url, request, &self.signer, &token, &nonce, timestamp)?;
            let response = self.transport.send(http).await?;
            if response.status == 401 && !fresh_token_tried {
                self.tokens.borrow_mut().clear();
                fresh_token_tried = true;
                continue;
            }
            return Ok(response);
        }
    }

    /// `id-mykad`: starts a MyKad recognition of `image` (plain Base64 JPEG); the result is posted to `notify_url`
    /// and can be fetched with [`get_ekyc_result`](Self::get_ekyc_result) using the returned `requestID`.
    pub async fn recognize_mykad(&self, image: &str, notify_url: &str) -> Result<MykadRequestAck> {
        let request =
            RecognizeMykadRequest { notify_url: notify_url.to_string(), query_image_content: image.to_string() };
        protocol::parse_recognize_mykad_response(&self.call(&request).await?)
    }

    /// `face-compare` of two face images → a `Verification` whose `face` holds the match and similarity.
    pub async fn face_compare(&self, image1: &str, image2: &str) -> Result<Verification> {
        let request =
            FaceCompareRequest { query_image_content_1: image1.to_string(), query_image_content_2: image2.to_string() };
        protocol::parse_verification_response(&self.call(&request).await?, Some("face-compare"))
    }

    /// The selfie against the face of an earlier MyKad recognition, by `function` (the Go SDK's
    /// `face-compare-with-mykad` by default). The result's `reference` is what [`get_ekyc_result`](Self::get_ekyc_result)
    /// takes: the `ekycId` the answer carries (the Go and PHP SDK READMEs pass it to `get-ekyc-result`), else
    /// `mykad_request_id` (the docs' request table).
    pub async fn liveness(
        &self,
        mykad_request_id: &str,
        image: &str,
        function: LivenessFunction,
    ) -> Result<Verification> {
        let request = LivenessRequest { function, ..LivenessRequest::new(mykad_request_id, image) };
        let mut v = protocol::parse_verification_response(&self.call(&request).await?, Some(function.as_str()))?;
        if v.reference.is_none() {
            v.reference = Some(mykad_request_id.to_string());
        }
        Ok(v)
    }

    /// `get-mykad-result`: the MyKad recognition alone.
    pub async fn get_mykad_result(&self, id: &str) -> Result<Verification> {
        let request = GetMykadResultRequest { id: id.to_string() };
        protocol::parse_verification_response(&self.call(&request).await?, Some("get-mykad-result"))
    }

    /// `get-ekyc-result`: the consolidated verdict of MyKad recognition and face comparison, by the `reference` of
    /// [`liveness`](Self::liveness) (its `ekycId`, or the MyKad request id).
    pub async fn get_ekyc_result(&self, id: &str) -> Result<Verification> {
        let request = GetEkycResultRequest { id: id.to_string(), includes: Vec::new() };
        protocol::parse_verification_response(&self.call(&request).await?, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::testing::{block_on, json, Scripted};
    use crate::error::ErrorCode;
    use crate::model::Decision;
    use crate::providers::revenue_monster::sign::Verifier;
    use serde_json::json;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/revenue-monster/signing").join(name),
        )
        .unwrap()
    }

    fn client(t: &Scripted) -> RevenueMonsterClient<&Scripted> {
        let config = RevenueMonsterConfig {
            api_url: "https://rm.test/v3/service".into(),
            oauth_url: "https://oauth.rm.test/v1/token".into(),
            client_id: "cid".into(),
            client_secret: "csecret".into(),
            private_key_pem: fixture("private.pem"),
        };
        RevenueMonsterClient::new(config, t).unwrap()
    }

    fn token(expires_in: u64) -> crate::Result<HttpResponse> {
        json(200, json!({"accessToken": "tok", "tokenType": "Bearer", "expiresIn": expires_in, "refreshToken": "r"}))
    }

    fn ekyc_item() -> serde_json::Value {
        json!({"code": "SUCCESS", "item": {"id": "E1", "status": "SUCCESS", "verdict": "NONE_REQUIRED", "faceResult": {"isSamePerson": true, "similarity": 90}}})
    }

    #[test]
    fn token_is_fetched_once_and_every_call_is_signed() {
        let t = Scripted::new(vec![token(3600), json(200, ekyc_item()), json(200, ekyc_item())]);
        let c = client(&t);
        assert_eq!(block_on(c.get_ekyc_result("E1")).unwrap().decision, Decision::Approved);
        t.now.set(t.now.get() + 1_000_000); // still well within the hour
        assert_eq!(block_on(c.get_ekyc_result("E1")).unwrap().decision, Decision::Approved);
        let sent = t.sent.borrow();
        assert_eq!(sent.len(), 3, "one token request, two calls");
        assert_eq!(sent[0].url, "https://oauth.rm.test/v1/token");
        let verifier = Verifier::from_pem(&fixture("public.pem")).unwrap();
        for call in &sent[1..] {
            assert_eq!(call.header_value("authorization"), Some("Bearer tok"));
            let nonce = call.header_value("x-nonce-str").unwrap();
            let ts: u64 = call.header_value("x-timestamp").unwrap().parse().unwrap();
            assert!(ts.abs_diff(t.now.get() / 1000) <= 1000, "Unix seconds from the transport's clock");
            let ok = verifier.verify(
                call.body.as_deref(),
                crate::providers::http::Method::Post,
                &call.url,
                nonce,
                ts,
                call.header_value("x-signature").unwrap(),
            );
            assert!(ok, "signature verifies with the merchant's public key");
        }
        assert_ne!(sent[1].header_value("x-nonce-str"), sent[2].header_value("x-nonce-str"));
    }

    #[test]
    fn an_expired_token_is_renewed() {
        let t = Scripted::new(vec![token(120), json(200, ekyc_item()), token(120), json(200, ekyc_item())]);
        let c = client(&t);
        block_on(c.get_ekyc_result("E1")).unwrap();
        t.now.set(t.now.get() + 120_000);
        block_on(c.get_ekyc_result("E1")).unwrap();
        assert_eq!(t.sent.borrow().iter().filter(|r| r.url.contains("oauth")).count(), 2);
    }

    #[test]
    fn a_refused_token_is_renewed_once_then_unauthorized() {
        let denied = || json(401, json!({"error": {"code": "UNAUTHORIZED", "message": "token expired"}}));
        let t = Scripted::new(vec![token(3600), denied(), token(3600), json(200, ekyc_item())]);
        assert_eq!(block_on(client(&t).get_ekyc_result("E1")).unwrap().decision, Decision::Approved);

        let t = Scripted::new(vec![token(3600), denied(), token(3600), denied()]);
        let err = block_on(client(&t).get_ekyc_result("E1")).unwrap_err();
        assert_eq!(err.code, ErrorCode::Unauthorized);
        assert_eq!(t.sent.borrow().len(), 4, "no third attempt");
    }

    #[test]
    fn recognize_returns_the_request_id() {
        let t = Scripted::new(vec![
            token(3600),
            json(
                200,
                json!({"code": "SUCCESS", "item": {"requestID": "62201d48a694817dede84b35", "status": "SUCCESS"}}),
            ),
        ]);
        let ack = block_on(client(&t).recognize_mykad("/9j/AAAA", "https://merchant.test/notify")).unwrap();
        assert_eq!(ack.request_id, "62201d48a694817dede84b35");
        assert!(!t.sent.borrow()[1].idempotent, "a recognition is never retried blindly");
    }

    #[test]
    fn a_bad_key_is_invalid_input_without_echoing_it() {
        let config = RevenueMonsterConfig {
            api_url: "https://rm.test/v3/service".into(),
            oauth_url: "https://oauth.rm.test/v1/token".into(),
            client_id: "cid".into(),
            client_secret: "csecret".into(),
            private_key_pem: "-----BEGIN PRIVATE KEY-----\nSECRETSTUFF\n-----END PRIVATE KEY-----".into(),
        };
        let t = Scripted::new(vec![]);
        let err = RevenueMonsterClient::new(config, &t).err().unwrap();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(!err.message.contains("SECRETSTUFF"));
    }

    /// The liveness answer as the Go SDK types it (`ResponseEkycLiveness`: `{code, item: FaceCompareResult}`).
    fn liveness_answer(ekyc_id: Option<&str>) -> serde_json::Value {
        let mut item = json!({"id": "65f0c2d1a694817dede84c01", "action": "NONE_REQUIRED", "similarity": 93,
            "isSamePerson": true, "status": "SUCCESS", "updatedAt": "2024-03-14T08:02:09Z"});
        if let Some(id) = ekyc_id {
            item["ekycId"] = json!(id);
        }
        json!({"code": "SUCCESS", "item": item})
    }

    #[test]
    fn liveness_calls_the_go_sdk_function_and_names_the_ekyc_result() {
        let t = Scripted::new(vec![
            token(3600),
            json(200, liveness_answer(Some("65f0c2d1a694817dede84c77"))),
            json(200, liveness_answer(None)),
            json(200, ekyc_item()),
        ]);
        let c = client(&t);
        let with_id = block_on(c.liveness("M1", "c2VsZmll", LivenessFunction::default())).unwrap();
        assert_eq!(with_id.decision, Decision::Approved);
        assert_eq!(with_id.reference.as_deref(), Some("65f0c2d1a694817dede84c77"), "the ekycId it returned");
        let without = block_on(c.liveness("M1", "c2VsZmll", LivenessFunction::LivenessFace)).unwrap();
        assert_eq!(without.reference.as_deref(), Some("M1"), "no ekycId: the MyKad request id");
        block_on(c.get_ekyc_result(with_id.reference.as_deref().unwrap())).unwrap();
        let sent = t.sent.borrow();
        let body =
            |i: usize| -> serde_json::Value { serde_json::from_slice(sent[i].body.as_deref().unwrap()).unwrap() };
        assert_eq!(body(1)["function"], "face-compare-with-mykad");
        assert_eq!(body(1)["request"], json!({"mykad_request_id": "M1", "query_image_content": "c2VsZmll"}));
        assert_eq!(body(2)["function"], "liveness-face");
        assert_eq!(body(3)["function"], "get-ekyc-result");
        assert_eq!(body(3)["request"]["id"], "65f0c2d1a694817dede84c77");
    }
}
