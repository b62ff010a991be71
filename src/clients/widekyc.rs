//! WideKYC (Indonesia): passive liveness, eKTP OCR and Dukcapil validation with the merchant `token` header.
//! Business errors arrive as HTTP 200 with `statusCode: "ERROR"`; they are thrown as typed errors.

use super::Transport;
use crate::error::Result;
use crate::model::{ProviderId, Verification};
use crate::providers::http::HttpRequest;
use crate::providers::widekyc::{
    build_id_recognize_request, build_id_validation_request, build_passive_liveness_request, parse_response,
    IdRecognizeRequest, IdValidationRequest, PassiveLivenessRequest,
};
use crate::providers::{normalize, NormalizeOptions};

/// A WideKYC client. Holds the merchant token: server or edge only.
pub struct WideKycClient<T> {
    base_url: String,
    token: String,
    transport: T,
}

impl<T: Transport> WideKycClient<T> {
    /// Fails with `invalid_input` for an empty token or a non-http(s) base URL.
    pub fn new(base_url: String, token: String, transport: T) -> Result<Self> {
        let probe = PassiveLivenessRequest { cust_ref_no: "check".into(), selfie_image: "AAAA".into() };
        build_passive_liveness_request(&base_url, &token, &probe)?;
        Ok(WideKycClient { base_url, token, transport })
    }

    async fn call(&self, http: HttpRequest, endpoint: &str) -> Result<Verification> {
        let body = parse_response(&self.transport.send(http).await?)?;
        normalize(ProviderId::Widekyc, &body, &NormalizeOptions { endpoint: Some(endpoint.to_string()) })
    }

    /// `POST /api/passive-liveness`.
    pub async fn passive_liveness(&self, request: &PassiveLivenessRequest) -> Result<Verification> {
        self.call(build_passive_liveness_request(&self.base_url, &self.token, request)?, "passive-liveness").await
    }

    /// `POST /api/id-recognize` (eKTP OCR).
    pub async fn recognize_id(&self, request: &IdRecognizeRequest) -> Result<Verification> {
        self.call(build_id_recognize_request(&self.base_url, &self.token, request)?, "id-recognize").await
    }

    /// `POST /api/id-validation` (Dukcapil).
    pub async fn validate_id(&self, request: &IdValidationRequest) -> Result<Verification> {
        self.call(build_id_validation_request(&self.base_url, &self.token, request)?, "id-validation").await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::testing::{block_on, json, Scripted};
    use crate::model::Decision;
    use crate::ErrorCode;
    use serde_json::json;

    fn client(t: &Scripted) -> WideKycClient<&Scripted> {
        WideKycClient::new("https://widekyc.test".into(), "tok".into(), t).unwrap()
    }

    #[test]
    fn liveness_true_is_approved_and_errors_are_thrown() {
        let ok = json!({"statusCode": "SUCCESSFUL", "content": {"result": {"status": "success", "result": "True", "trx_id": "T", "ref_id": "R", "timestamp": 1680060646134u64}}});
        let quota = json!({"statusCode": "ERROR", "responseStatusDetails": [{"description": "Quota Exceeded", "type": "Exception"}]});
        let t = Scripted::new(vec![json(200, ok), json(200, quota)]);
        let req = PassiveLivenessRequest { cust_ref_no: "3322873".into(), selfie_image: "/9j/AAAA".into() };
        let v = block_on(client(&t).passive_liveness(&req)).unwrap();
        assert_eq!(v.decision, Decision::Approved);
        assert_eq!(v.face.and_then(|f| f.liveness_passed), Some(true));
        let err = block_on(client(&t).passive_liveness(&req)).unwrap_err();
        assert_eq!(err.code, ErrorCode::QuotaExceeded);
        assert_eq!(t.sent.borrow()[0].header_value("token"), Some("tok"));
        assert!(t.sent.borrow()[0].url.ends_with("/api/passive-liveness"));
    }
}
