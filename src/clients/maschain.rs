//! MasChain: create a hosted verification session, then fetch its authoritative result.

use super::Transport;
use crate::error::Result;
use crate::model::Verification;
use crate::providers::maschain::protocol::{self, MasChainConfig};
use crate::providers::maschain::types::{CreateVerificationRequest, CreateVerificationResponse};

/// A MasChain client. Holds the `client_secret`: server or edge only.
pub struct MasChainClient<T> {
    config: MasChainConfig,
    transport: T,
}

impl<T: Transport> MasChainClient<T> {
    /// Fails with `invalid_input` for an empty id or secret or a non-http(s) base URL.
    pub fn new(config: MasChainConfig, transport: T) -> Result<Self> {
        config.validate()?;
        Ok(MasChainClient { config, transport })
    }

    /// `POST /api/ekyc/verifications` → the hosted page `url` and its `token`. Never retried after the request
    /// may have reached MasChain (a retry could open a second session).
    pub async fn create_verification(&self, request: &CreateVerificationRequest) -> Result<CreateVerificationResponse> {
        let http = protocol::create_verification_request(&self.config, request)?;
        protocol::parse_create_verification_response(&self.transport.send(http).await?)
    }

    /// `GET /api/ekyc/verifications/{token}` → the normalized result (the only authoritative outcome).
    pub async fn get_verification(&self, token: &str) -> Result<Verification> {
        let http = protocol::get_verification_request(&self.config, token)?;
        protocol::parse_verification_response(&self.transport.send(http).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::testing::{block_on, json, Scripted};
    use crate::model::Decision;
    use crate::providers::http::Method;
    use crate::providers::maschain::types::{IdType, VerificationType};
    use serde_json::json;

    fn client(t: &Scripted) -> MasChainClient<&Scripted> {
        let config = MasChainConfig {
            base_url: "https://maschain.test/".into(),
            client_id: "ci_1".into(),
            client_secret: "sk_secret".into(),
        };
        MasChainClient::new(config, t).unwrap()
    }

    #[test]
    fn create_then_get() {
        let t = Scripted::new(vec![
            json(
                200,
                json!({"status": 200, "result": {"url": "https://ekyc.maschain.com/verifications?token=T1", "token": "T1"}}),
            ),
            json(
                200,
                json!({"status": 200, "result": {"token": "T1", "is_success": 1, "face_id_success": 1, "face_id_result": {"Sim": 98.33, "Result": "Success"}}}),
            ),
        ]);
        let c = client(&t);
        let req = CreateVerificationRequest {
            kind: VerificationType::OcrFaceLiveness,
            id_country: Some("MYS".into()),
            select_id_country: false,
            id_type: Some(IdType::IdCard),
            select_id_type: false,
            redirect_url: "https://merchant.test/back".into(),
            wallet_address: None,
        };
        let created = block_on(c.create_verification(&req)).unwrap();
        assert_eq!(created.token, "T1");
        let v = block_on(c.get_verification(&created.token)).unwrap();
        assert_eq!(v.decision, Decision::Approved);
        let sent = t.sent.borrow();
        assert_eq!(sent[0].method, Method::Post);
        assert!(!sent[0].idempotent);
        assert_eq!(sent[0].header_value("client_secret"), Some("sk_secret"));
        assert_eq!(sent[1].url, "https://maschain.test/api/ekyc/verifications/T1");
        assert!(sent[1].idempotent);
    }

    #[test]
    fn unauthorized_is_typed() {
        let t = Scripted::new(vec![json(401, json!({"status": 401, "message": "Unauthenticated."}))]);
        let err = block_on(client(&t).get_verification("T1")).unwrap_err();
        assert_eq!(err.code, crate::ErrorCode::Unauthorized);
        assert_eq!(err.provider, Some("maschain"));
    }
}
