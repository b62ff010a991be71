//! Typed requests and responses of the Revenue Monster eKYC functions and of the OAuth token endpoint.
//!
//! Requests serialize to exactly what goes inside the service envelope's `request` object. Responses parse
//! leniently: every descriptive field is optional and a value of the wrong type becomes `None` rather than a
//! failure; unknown enum values become `Other(String)`; unknown fields are kept in `extra`. Where the
//! documentation and the SDKs spell a field differently, both spellings are accepted (`aliases` below).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::providers::common::de::{lenient, lenient_list};
use crate::providers::common::open_enum;

open_enum! {
    /// `verdict`, `faceAction`, `mykadAction` and the face-compare / MyKad `action`.
    pub enum Action {
        /// Nothing to do: the check passed.
        NoneRequired = "NONE_REQUIRED",
        /// A human should look at it.
        AttentionRequired = "ATTENTION_REQUIRED",
        /// The engine could not decide.
        Inconclusive = "INCONCLUSIVE",
        /// Someone looked at it and resolved it.
        Resolved = "RESOLVED",
    }
}

open_enum! {
    /// `status` of an eKYC result, a MyKad recognition or a face comparison.
    pub enum Status {
        /// The engine finished.
        Success = "SUCCESS",
        /// No MyKad in the image.
        MykadNotFound = "MYKAD_NOT_FOUND",
        /// Not exactly one MyKad in the image.
        MykadSingleNotFound = "MYKAD_SINGLE_NOT_FOUND",
        /// A MyKad without a detectable face.
        MykadFaceNotFound = "MYKAD_FACE_NOT_FOUND",
        /// The session is not complete (e.g. the face comparison has not been sent yet).
        Incomplete = "INCOMPLETE",
        /// The OCR engine failed.
        OcrEngineError = "OCR_ENGINE_ERROR",
        /// The OCR engine could not be reached.
        OcrEngineConnection = "OCR_ENGINE_CONNECTION",
        /// The face engine could not be reached (face-compare only).
        FaceEngineConnectionError = "FACE_ENGINE_CONNECTION_ERROR",
        /// The face engine timed out (face-compare only).
        FaceEngineTimeout = "FACE_ENGINE_TIMEOUT",
    }
}

// ----- OAuth -----

/// Body of `POST {oauthUrl}` (`/v1/token`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "grantType", rename_all = "snake_case")]
pub enum TokenRequest {
    /// `{"grantType":"client_credentials"}`.
    ClientCredentials,
    /// `{"grantType":"refresh_token","refreshToken":…}`.
    RefreshToken {
        /// The refresh token of an earlier [`TokenResponse`].
        #[serde(rename = "refreshToken")]
        refresh_token: String,
    },
}

/// Answer of the token endpoint. `Debug` hides the tokens.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenResponse {
    /// The bearer token for `Authorization: Bearer …`.
    pub access_token: String,
    /// `"Bearer"`.
    #[serde(default, deserialize_with = "lenient")]
    pub token_type: Option<String>,
    /// Lifetime of `access_token` in seconds.
    #[serde(default, deserialize_with = "lenient")]
    pub expires_in: Option<u64>,
    /// Token for the `refresh_token` grant.
    #[serde(default, deserialize_with = "lenient")]
    pub refresh_token: Option<String>,
    /// Lifetime of `refresh_token` in seconds.
    #[serde(default, deserialize_with = "lenient")]
    pub refresh_token_expires_in: Option<u64>,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "<redacted>"))
            .field("refresh_token_expires_in", &self.refresh_token_expires_in)
            .finish()
    }
}

// ----- Requests (the `request` object of the service envelope) -----

/// `id-mykad`: start a MyKad recognition. Answered with a [`MykadRequestAck`]; the result arrives at
/// `notify_url` or through `get-mykad-result` / `get-ekyc-result`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecognizeMykadRequest {
    /// Where Revenue Monster posts the result (http/https).
    pub notify_url: String,
    /// The MyKad front image, plain Base64 JPEG (no `data:` prefix).
    pub query_image_content: String,
}

/// `face-compare`: compare two face images. Answered with a [`FaceCompareResult`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceCompareRequest {
    /// First image, plain Base64 JPEG.
    pub query_image_content_1: String,
    /// Second image, plain Base64 JPEG.
    pub query_image_content_2: String,
}

/// The function of the selfie-against-MyKad check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum LivenessFunction {
    /// `face-compare-with-mykad`: what the official Go SDK calls (`api_ekyc.go`, `EkycLiveness`). The default.
    #[default]
    FaceCompareWithMykad,
    /// `liveness-face`: the name in the seed document; no RM source code uses it.
    LivenessFace,
}

impl LivenessFunction {
    /// The envelope's `function` value.
    pub fn as_str(self) -> &'static str {
        match self {
            LivenessFunction::FaceCompareWithMykad => "face-compare-with-mykad",
            LivenessFunction::LivenessFace => "liveness-face",
        }
    }
}

/// Selfie against the face on an earlier MyKad recognition. Answered with a [`FaceCompareResult`], which may
/// carry the `ekycId` that [`GetEkycResultRequest`] then takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LivenessRequest {
    /// The `requestID` of the `id-mykad` call.
    pub mykad_request_id: String,
    /// The selfie, plain Base64 JPEG.
    pub query_image_content: String,
    /// The envelope's `function`; not part of the body.
    #[serde(skip)]
    pub function: LivenessFunction,
}

impl LivenessRequest {
    /// A liveness request with the Go SDK's function name.
    pub fn new(mykad_request_id: impl Into<String>, query_image_content: impl Into<String>) -> Self {
        LivenessRequest {
            mykad_request_id: mykad_request_id.into(),
            query_image_content: query_image_content.into(),
            function: LivenessFunction::default(),
        }
    }
}

/// `get-mykad-result`: the MyKad recognition of `id`. Answered with a [`MykadResult`].
///
/// `id` goes inside `request` as the public SDKs send it; the seed document shows it at the envelope's top level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetMykadResultRequest {
    /// The `requestID` of the `id-mykad` call.
    pub id: String,
}

/// `get-ekyc-result`: the consolidated eKYC result of `id`. Answered with an [`EkycResult`].
///
/// `id` goes inside `request` as the public SDKs send it; the seed document shows it at the envelope's top level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetEkycResultRequest {
    /// The `ekycId` the liveness step returned (the Go and PHP SDK READMEs), or the `requestID` of the `id-mykad`
    /// call (the docs' request table) when it returned none.
    pub id: String,
    /// Optional extra parts (e.g. `"mykadImage"`, `"selfieImage"`); left out of the body when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub includes: Vec<String>,
}

// ----- Responses (the `item` of `{code, item}`) -----

/// Answer of `id-mykad`: the id to poll. The docs put `requestID` at the top level, the Go SDK in
/// `{code, item:{requestID}}`; both are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MykadRequestAck {
    /// The id for `get-mykad-result`, `get-ekyc-result` and the liveness call.
    #[serde(rename = "requestID", alias = "requestId", alias = "request_id")]
    pub request_id: String,
    /// A status when the server sends one.
    #[serde(default, deserialize_with = "lenient")]
    pub status: Option<Status>,
}

/// `item` of `face-compare` and of the liveness call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaceCompareResult {
    /// The face-compare request id.
    #[serde(default, deserialize_with = "lenient")]
    pub id: Option<String>,
    /// What to do about it.
    #[serde(default, deserialize_with = "lenient")]
    pub action: Option<Action>,
    /// Whether both faces are the same person.
    #[serde(default, deserialize_with = "lenient")]
    pub is_same_person: Option<bool>,
    /// 0–100.
    #[serde(default, deserialize_with = "lenient")]
    pub similarity: Option<f64>,
    /// Engine status.
    #[serde(default, deserialize_with = "lenient")]
    pub status: Option<Status>,
    /// Timestamp as sent.
    #[serde(default, deserialize_with = "lenient")]
    pub updated_at: Option<String>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `faceResult` of an eKYC result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaceResult {
    /// Whether the selfie matches the MyKad photo.
    #[serde(default, deserialize_with = "lenient")]
    pub is_same_person: Option<bool>,
    /// 0–100.
    #[serde(default, deserialize_with = "lenient")]
    pub similarity: Option<f64>,
}

/// `results[].data.address`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MykadAddress {
    /// Line 1.
    #[serde(default, deserialize_with = "lenient")]
    pub address_line1: Option<String>,
    /// Line 2.
    #[serde(default, deserialize_with = "lenient")]
    pub address_line2: Option<String>,
    /// Line 3.
    #[serde(default, deserialize_with = "lenient")]
    pub address_line3: Option<String>,
    /// Line 4 (optional in the SDK).
    #[serde(default, deserialize_with = "lenient")]
    pub address_line4: Option<String>,
    /// Line 5 (optional in the SDK).
    #[serde(default, deserialize_with = "lenient")]
    pub address_line5: Option<String>,
    /// City.
    #[serde(default, deserialize_with = "lenient")]
    pub city: Option<String>,
    /// Postcode.
    #[serde(default, deserialize_with = "lenient")]
    pub postcode: Option<String>,
    /// State.
    #[serde(default, deserialize_with = "lenient")]
    pub state: Option<String>,
}

/// `results[].data`: what was read from the card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MykadData {
    /// The address block.
    #[serde(default, deserialize_with = "lenient")]
    pub address: Option<MykadAddress>,
    /// `MALE` / `FEMALE` / `Not found`.
    #[serde(default, deserialize_with = "lenient")]
    pub gender: Option<String>,
    /// The IC number, e.g. `550106-12-5821` (`ic` in the SDK, `id` in the docs' prose).
    #[serde(default, alias = "id", deserialize_with = "lenient")]
    pub ic: Option<String>,
    /// Whether "ISLAM" is printed on the card.
    #[serde(default, deserialize_with = "lenient")]
    pub is_muslim: Option<bool>,
    /// The name on the card.
    #[serde(default, deserialize_with = "lenient")]
    pub name: Option<String>,
}

/// `results[].object`: the card detector.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MykadObject {
    /// 0–1.
    #[serde(default, deserialize_with = "lenient")]
    pub confidence: Option<f64>,
    /// The card class, e.g. `ic_1_front` (`prediction` in the SDK, `type` in the docs' prose).
    #[serde(default, alias = "type", deserialize_with = "lenient")]
    pub prediction: Option<String>,
}

/// `results[].scores`, each 0–1.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MykadScores {
    /// Landmark score (`landmarks` in the SDK, `landmark` in the docs' prose).
    #[serde(default, alias = "landmark", deserialize_with = "lenient")]
    pub landmarks: Option<f64>,
    /// OCR score.
    #[serde(default, deserialize_with = "lenient")]
    pub ocr: Option<f64>,
    /// Card searcher score.
    #[serde(default, deserialize_with = "lenient")]
    pub searcher: Option<f64>,
    /// Total score.
    #[serde(default, deserialize_with = "lenient")]
    pub total: Option<f64>,
}

/// One element of `results`: one recognized card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MykadRecognition {
    /// Seconds the recognition took.
    #[serde(default, deserialize_with = "lenient")]
    pub duration: Option<f64>,
    /// What was read.
    #[serde(default, deserialize_with = "lenient")]
    pub data: Option<MykadData>,
    /// Detected faces (kept as sent).
    #[serde(default, deserialize_with = "lenient_list")]
    pub faces: Vec<Value>,
    /// The card detector.
    #[serde(default, deserialize_with = "lenient")]
    pub object: Option<MykadObject>,
    /// Scores.
    #[serde(default, deserialize_with = "lenient")]
    pub scores: Option<MykadScores>,
    /// Fields this SDK does not know (`colour`, `glare`, `tamperCheck`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `item` of `get-mykad-result` (and the MyKad result posted to `notify_url`, presumably).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MykadResult {
    /// The MyKad request id.
    #[serde(default, deserialize_with = "lenient")]
    pub id: Option<String>,
    /// Engine status.
    #[serde(default, deserialize_with = "lenient")]
    pub status: Option<Status>,
    /// What to do about it.
    #[serde(default, deserialize_with = "lenient")]
    pub action: Option<Action>,
    /// Recognized cards (normally one).
    #[serde(default, deserialize_with = "lenient_list")]
    pub results: Vec<MykadRecognition>,
    /// Creation time as sent.
    #[serde(default, deserialize_with = "lenient")]
    pub created_at: Option<String>,
    /// Update time as sent.
    #[serde(default, deserialize_with = "lenient")]
    pub updated_at: Option<String>,
    /// Fields this SDK does not know (`objects`, `duration`, `visualizeImagePath`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `item` of `get-ekyc-result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EkycResult {
    /// The eKYC id (the MyKad `requestID`).
    #[serde(default, deserialize_with = "lenient")]
    pub id: Option<String>,
    /// Overall verdict.
    #[serde(default, deserialize_with = "lenient")]
    pub verdict: Option<Action>,
    /// Overall status.
    #[serde(default, deserialize_with = "lenient")]
    pub status: Option<Status>,
    /// Verdict of the face comparison.
    #[serde(default, deserialize_with = "lenient")]
    pub face_action: Option<Action>,
    /// The face-compare request id.
    #[serde(default, deserialize_with = "lenient")]
    pub face_compare_request_id: Option<String>,
    /// The face comparison.
    #[serde(default, deserialize_with = "lenient")]
    pub face_result: Option<FaceResult>,
    /// Verdict of the MyKad recognition.
    #[serde(default, deserialize_with = "lenient")]
    pub mykad_action: Option<Action>,
    /// The MyKad request id.
    #[serde(default, deserialize_with = "lenient")]
    pub mykad_request_id: Option<String>,
    /// Messages from the engine.
    #[serde(default, deserialize_with = "lenient_list")]
    pub reasons: Vec<String>,
    /// Recognized cards (an array; normally one).
    #[serde(default, deserialize_with = "lenient_list")]
    pub results: Vec<MykadRecognition>,
    /// Creation time as sent.
    #[serde(default, deserialize_with = "lenient")]
    pub created_at: Option<String>,
    /// Update time as sent.
    #[serde(default, deserialize_with = "lenient")]
    pub updated_at: Option<String>,
    /// Fields this SDK does not know (`mykadImage`, `selfieImage`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `{"error":{"code","message"},"debug":…}`: an error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// e.g. `INVALID_REQUEST_SIGNATURE`.
    #[serde(default, deserialize_with = "lenient")]
    pub code: Option<String>,
    /// Human-readable text.
    #[serde(default, deserialize_with = "lenient")]
    pub message: Option<String>,
}

impl ApiError {
    /// Whether the code says the credentials, token or signature were refused.
    pub fn is_auth(&self) -> bool {
        self.code.as_deref().is_some_and(is_auth_code)
    }
}

/// Whether an RM error code is about authentication: `INVALID_REQUEST_SIGNATURE` and codes naming a token,
/// a signature, a credential, a permission, or "unauthorized"/"forbidden".
pub fn is_auth_code(code: &str) -> bool {
    let c = code.to_ascii_uppercase();
    ["SIGNATURE", "UNAUTHORI", "FORBIDDEN", "TOKEN", "CREDENTIAL", "PERMISSION", "ACCESS_DENIED", "INVALID_CLIENT"]
        .iter()
        .any(|needle| c.contains(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn enums_keep_unknown_values() {
        assert_eq!(Status::parse("success"), Status::Success);
        assert_eq!(Status::parse("NEW_STATUS"), Status::Other("NEW_STATUS".into()));
        assert_eq!(Action::parse("RESOLVED").as_str(), "RESOLVED");
    }

    #[test]
    fn ekyc_result_parses_both_spellings_and_keeps_extras() {
        let item = json!({
            "id": "X", "verdict": "WHATEVER", "status": 5, "faceResult": {"isSamePerson": "maybe", "similarity": 80},
            "results": {"data": {"id": "550106-12-5821", "name": "A"}, "object": {"type": "ic_1_front"},
                        "scores": {"landmark": 0.5}},
            "reasons": ["r1", 2], "mykadImage": "abc"
        });
        let r: EkycResult = serde_json::from_value(item).unwrap();
        assert_eq!(r.verdict, Some(Action::Other("WHATEVER".into())));
        assert_eq!(r.status, None);
        let face = r.face_result.unwrap();
        assert_eq!(face.is_same_person, None);
        assert_eq!(face.similarity, Some(80.0));
        assert_eq!(r.results.len(), 1);
        let first = &r.results[0];
        assert_eq!(first.data.as_ref().unwrap().ic.as_deref(), Some("550106-12-5821"));
        assert_eq!(first.object.as_ref().unwrap().prediction.as_deref(), Some("ic_1_front"));
        assert_eq!(first.scores.as_ref().unwrap().landmarks, Some(0.5));
        assert_eq!(r.reasons, vec!["r1".to_string()]);
        assert_eq!(r.extra["mykadImage"], "abc");
    }

    #[test]
    fn token_request_bodies() {
        assert_eq!(
            serde_json::to_value(TokenRequest::ClientCredentials).unwrap(),
            json!({"grantType": "client_credentials"})
        );
        let r = TokenRequest::RefreshToken { refresh_token: "r".into() };
        assert_eq!(serde_json::to_value(r).unwrap(), json!({"grantType": "refresh_token", "refreshToken": "r"}));
    }

    #[test]
    fn token_response_debug_hides_tokens() {
        let t: TokenResponse =
            serde_json::from_value(json!({"accessToken": "SECRET", "refreshToken": "R", "expiresIn": 3600})).unwrap();
        assert!(!format!("{t:?}").contains("SECRET"));
        assert_eq!(t.expires_in, Some(3600));
    }

    #[test]
    fn auth_codes() {
        assert!(is_auth_code("INVALID_REQUEST_SIGNATURE"));
        assert!(is_auth_code("invalid_access_token"));
        assert!(!is_auth_code("RECORD_NOT_FOUND"));
    }
}
