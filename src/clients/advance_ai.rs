//! ADVANCE.AI IDVS H5: an access token (signed with `sha256(accessKey + secretKey + timestamp)`, cached until
//! shortly before `expiredTime`), hosted-page URLs, and the authoritative get-result.

use std::cell::RefCell;

use super::Transport;
use crate::error::{ErrorCode, Result};
use crate::model::{ProviderId, Verification};
use crate::providers::advance_ai::{
    build_generate_url_request, build_get_result_request, build_token_request, parse_generate_url_response,
    parse_get_result_response, parse_token_response, GenerateUrlRequest, GeneratedUrl, TokenCache, UrlVariant,
};
use crate::providers::{normalize, NormalizeOptions};

/// An ADVANCE.AI client. Holds the secret key: server or edge only.
pub struct AdvanceAiClient<T> {
    base_url: String,
    access_key: String,
    secret_key: String,
    tokens: RefCell<TokenCache>,
    transport: T,
}

impl<T: Transport> AdvanceAiClient<T> {
    /// Fails with `invalid_input` for an empty key or a non-http(s) base URL (checked now, not at the first call).
    pub fn new(base_url: String, access_key: String, secret_key: String, transport: T) -> Result<Self> {
        // Building a token request checks the URL and keys; any 13-digit time will do.
        build_token_request(&base_url, &access_key, &secret_key, 1_700_000_000_000, None)?;
        Ok(AdvanceAiClient { base_url, access_key, secret_key, tokens: RefCell::new(TokenCache::new()), transport })
    }

    async fn token(&self) -> Result<String> {
        let now = self.transport.now_ms() as i64;
        if let Some(t) = self.tokens.borrow().get(now) {
            return Ok(t.to_string());
        }
        let http = build_token_request(&self.base_url, &self.access_key, &self.secret_key, now as u64, None)?;
        let token = parse_token_response(&self.transport.send(http).await?)?;
        self.tokens.borrow_mut().store_token(&token, self.transport.now_ms() as i64);
        Ok(token.token)
    }

    /// Drops the cached token when ADVANCE.AI refused it, so the next call fetches a new one.
    fn forget_token_on_auth_failure<V>(&self, result: Result<V>) -> Result<V> {
        if result.as_ref().is_err_and(|e| e.code == ErrorCode::Unauthorized) {
            self.tokens.borrow_mut().clear();
        }
        result
    }

    /// Creates the hosted page's URL. `signature_id` is taken from `data` or the URL's query; when ADVANCE.AI
    /// gives neither, it is `None` and comes later with the callback or the return. Not retried blindly.
    pub async fn generate_url(&self, variant: UrlVariant, request: &GenerateUrlRequest) -> Result<GeneratedUrl> {
        let token = self.token().await?;
        let http = build_generate_url_request(&self.base_url, &token, variant, request)?;
        let result = async { parse_generate_url_response(&self.transport.send(http).await?) }.await;
        self.forget_token_on_auth_failure(result)
    }

    /// The authoritative result, normalized (an error `code` in the body is a `Verification` with decision `error`).
    /// `return_image_type` is ADVANCE.AI's optional `returnImageType`, passed through.
    pub async fn get_result(&self, signature_id: &str, return_image_type: Option<&str>) -> Result<Verification> {
        let token = self.token().await?;
        let http = build_get_result_request(&self.base_url, &token, signature_id, return_image_type)?;
        let result = async { parse_get_result_response(&self.transport.send(http).await?) }.await;
        let body = self.forget_token_on_auth_failure(result)?;
        normalize(ProviderId::AdvanceAi, &body, &NormalizeOptions::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::testing::{block_on, json, Scripted};
    use crate::model::Decision;
    use serde_json::json;

    fn client(t: &Scripted) -> AdvanceAiClient<&Scripted> {
        AdvanceAiClient::new("https://aai.test".into(), "ak".into(), "sk".into(), t).unwrap()
    }

    fn token(now: u64) -> crate::Result<crate::providers::http::HttpResponse> {
        json(200, json!({"code": "SUCCESS", "message": "OK", "data": {"token": "TOK", "expiredTime": now + 3_600_000}}))
    }

    #[test]
    fn token_is_signed_cached_and_used() {
        let pass =
            json!({"code": "SUCCESS", "data": {"signatureId": "S1", "overallResult": "PASS", "errorCode": "SUCCESS"}});
        let t = Scripted::new(vec![]);
        let now = t.now.get();
        t.answers.borrow_mut().extend([token(now), json(200, pass.clone()), json(200, pass)]);
        let c = client(&t);
        assert_eq!(block_on(c.get_result("S1", None)).unwrap().decision, Decision::Approved);
        assert_eq!(block_on(c.get_result("S1", None)).unwrap().decision, Decision::Approved);
        let sent = t.sent.borrow();
        assert_eq!(sent.len(), 3);
        let body: serde_json::Value = serde_json::from_slice(sent[0].body.as_deref().unwrap()).unwrap();
        let ts = body["timestamp"].as_str().map(str::to_string).unwrap_or_else(|| body["timestamp"].to_string());
        assert_eq!(body["signature"], crate::providers::advance_ai::token_signature("ak", "sk", &ts));
        assert_eq!(sent[1].header_value("X-ACCESS-TOKEN"), Some("TOK"));
    }

    #[test]
    fn generate_url_recovers_the_signature_id_from_the_url() {
        let t = Scripted::new(vec![]);
        let now = t.now.get();
        t.answers.borrow_mut().extend([
            token(now),
            json(200, json!({"code": "SUCCESS", "data": {"url": "https://h5.advance.ai/?signatureId=abc123&x=1"}})),
        ]);
        let req = GenerateUrlRequest { return_url: Some("https://m.test/ok".into()), ..Default::default() };
        let g = block_on(client(&t).generate_url(UrlVariant::EkycVerification, &req)).unwrap();
        assert_eq!(g.signature_id.as_deref(), Some("abc123"));
        assert!(!t.sent.borrow()[1].idempotent);
    }

    #[test]
    fn a_refused_token_is_forgotten() {
        let t = Scripted::new(vec![]);
        let now = t.now.get();
        t.answers.borrow_mut().extend([token(now), json(401, json!({"code": "UNAUTHORIZED"})), token(now), json(200, json!({"code": "SUCCESS", "data": {"signatureId": "S", "overallResult": "FAIL", "errorCode": "LIVENESS_ATTACK"}}))]);
        let c = client(&t);
        assert_eq!(block_on(c.get_result("S", None)).unwrap_err().code, ErrorCode::Unauthorized);
        assert_eq!(block_on(c.get_result("S", None)).unwrap().decision, Decision::Rejected);
        assert_eq!(t.sent.borrow().len(), 4, "a second token was fetched");
    }
}
