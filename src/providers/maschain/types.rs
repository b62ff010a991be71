//! Typed requests and responses of the MasChain eKYC API.
//!
//! Requests serialize to exactly the documented body. Responses parse leniently: descriptive fields are
//! optional and a wrong type becomes `None`; `0`/`1`, booleans and `"0"`/`"1"` are all read as flags;
//! `ocr_result` / `face_id_result` may be an object or `[]` (as in the docs' example); unknown fields are kept
//! in `extra`; unknown enum values become `Other(String)`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::mask;
use crate::providers::common::de::{flag, lenient, lenient_object};
use crate::providers::common::open_enum;

open_enum! {
    /// `type` of a verification.
    pub enum VerificationType {
        /// `"00"`: OCR, face comparison and liveness.
        OcrFaceLiveness = "00",
        /// `"01"`: OCR only.
        OcrOnly = "01",
    }
}

open_enum! {
    /// `id_type` / `ocr_type`.
    pub enum IdType {
        /// A national ID card (only for `MYS`: MyKad).
        IdCard = "ID_CARD",
        /// A passport.
        Passport = "PASSPORT",
    }
}

/// Body of `POST /api/ekyc/verifications`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateVerificationRequest {
    /// `"00"` (OCR + face + liveness) or `"01"` (OCR only).
    #[serde(rename = "type")]
    pub kind: VerificationType,
    /// ISO 3166-1 alpha-3 of the document, e.g. `MYS`; required unless `select_id_country`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_country: Option<String>,
    /// Lets the user pick the issuing country on the hosted page (MasChain's docs: "required if id_country is
    /// not present"). Sent only when `true`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub select_id_country: bool,
    /// `ID_CARD` (only for `MYS`) or `PASSPORT`; required unless `select_id_type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_type: Option<IdType>,
    /// Lets the user pick the document type on the hosted page. Sent only when `true`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub select_id_type: bool,
    /// Where the hosted page sends the user back (http/https), with `?is_success=…` appended.
    pub redirect_url: String,
    /// Optional MasChain wallet address to link the result to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet_address: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// `result` of the create call: the hosted page to send the user to and the session token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateVerificationResponse {
    /// The hosted page, e.g. `https://ekyc.maschain.com/verifications?token=…`.
    pub url: String,
    /// The session token for `GET /api/ekyc/verifications/{token}`.
    pub token: String,
}

/// `ocr_result`: what the OCR read (Tencent Cloud's MLIDCardOCR/MLIDPassportOCR fields).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OcrResult {
    /// The document number (masked in the docs' example: `xxxx-xx-xxx`).
    #[serde(rename = "ID", default, deserialize_with = "lenient")]
    pub id: Option<String>,
    /// `LELAKI` / `PEREMPUAN` on a MyKad.
    #[serde(rename = "Sex", default, deserialize_with = "lenient")]
    pub sex: Option<String>,
    /// Full name.
    #[serde(rename = "Name", default, deserialize_with = "lenient")]
    pub name: Option<String>,
    /// Card type, e.g. `MyKad`.
    #[serde(rename = "Type", default, deserialize_with = "lenient")]
    pub doc_type: Option<String>,
    /// Warning codes (e.g. `-9102` photocopy).
    #[serde(rename = "Warn", default, deserialize_with = "lenient")]
    pub warn: Option<Vec<Value>>,
    /// Cropped card image (Base64), often empty.
    #[serde(rename = "Image", default, deserialize_with = "lenient")]
    pub image: Option<String>,
    /// The address as one line.
    #[serde(rename = "Address", default, deserialize_with = "lenient")]
    pub address: Option<String>,
    /// Date of birth as printed (the docs' example: `dd/yy/xxxx`).
    #[serde(rename = "Birthday", default, deserialize_with = "lenient")]
    pub birthday: Option<String>,
    /// The OCR request id.
    #[serde(rename = "RequestId", default, deserialize_with = "lenient")]
    pub request_id: Option<String>,
    /// The MyKad number when read separately.
    #[serde(rename = "MyKadNumber", default, deserialize_with = "lenient")]
    pub mykad_number: Option<String>,
    /// Extra OCR detail (kept as sent).
    #[serde(rename = "AdvancedInfo", default)]
    pub advanced_info: Value,
    /// Warning details (kept as sent).
    #[serde(rename = "WarnCardInfos", default, deserialize_with = "lenient")]
    pub warn_card_infos: Option<Vec<Value>>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl std::fmt::Debug for OcrResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OcrResult")
            .field("id", &format_args!("{}", mask(&self.id, 4)))
            .field("sex", &self.sex)
            .field("name", &format_args!("{}", mask(&self.name, 0)))
            .field("doc_type", &self.doc_type)
            .field("address", &self.address.as_ref().map(|_| "<masked>"))
            .field("birthday", &format_args!("{}", mask(&self.birthday, 0)))
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

/// `face_id_result`: the face comparison and liveness (Tencent Cloud FaceID fields).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FaceIdResult {
    /// Similarity 0–100.
    #[serde(rename = "Sim", default, deserialize_with = "lenient")]
    pub sim: Option<f64>,
    /// `Success`, or the failure code (e.g. `FailedOperation.CompareLowSimilarity`).
    #[serde(rename = "Result", default, deserialize_with = "lenient")]
    pub result: Option<String>,
    /// The FaceID request id.
    #[serde(rename = "RequestId", default, deserialize_with = "lenient")]
    pub request_id: Option<String>,
    /// Human-readable text of `Result`.
    #[serde(rename = "Description", default, deserialize_with = "lenient")]
    pub description: Option<String>,
    /// Best frames (kept as sent).
    #[serde(rename = "BestFrameList", default, deserialize_with = "lenient")]
    pub best_frame_list: Option<Vec<Value>>,
    /// Best frame, Base64 (often empty).
    #[serde(rename = "BestFrameBase64", default, deserialize_with = "lenient")]
    pub best_frame_base64: Option<String>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `result` of `GET /api/ekyc/verifications/{token}`: one verification session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerificationSession {
    /// Numeric id.
    #[serde(default, deserialize_with = "lenient")]
    pub id: Option<i64>,
    /// The merchant's organisation.
    #[serde(default, deserialize_with = "lenient")]
    pub organisation_id: Option<i64>,
    /// The end user, when linked.
    #[serde(default, deserialize_with = "lenient")]
    pub end_user_id: Option<Value>,
    /// `"00"` / `"01"`.
    #[serde(rename = "type", default, deserialize_with = "lenient")]
    pub kind: Option<VerificationType>,
    /// The session token.
    #[serde(default, deserialize_with = "lenient")]
    pub token: Option<String>,
    /// The hosted page.
    #[serde(default, deserialize_with = "lenient")]
    pub url: Option<String>,
    /// The merchant's return URL.
    #[serde(default, deserialize_with = "lenient")]
    pub redirect_url: Option<String>,
    /// Media references (kept as sent).
    #[serde(default)]
    pub medias: Value,
    /// ISO alpha-3 of the document read.
    #[serde(default, deserialize_with = "lenient")]
    pub ocr_country: Option<String>,
    /// `ID_CARD` / `PASSPORT`.
    #[serde(default, deserialize_with = "lenient")]
    pub ocr_type: Option<IdType>,
    /// Whether the OCR step succeeded.
    #[serde(default, deserialize_with = "flag")]
    pub ocr_success: Option<bool>,
    /// The OCR result; `None` for `[]` / absent.
    #[serde(default, deserialize_with = "lenient_object")]
    pub ocr_result: Option<OcrResult>,
    /// Whether the OCR was charged.
    #[serde(default, deserialize_with = "flag")]
    pub ocr_charged: Option<bool>,
    /// Whether the face step succeeded.
    #[serde(default, deserialize_with = "flag")]
    pub face_id_success: Option<bool>,
    /// The face result; `None` for `[]` / absent.
    #[serde(default, deserialize_with = "lenient_object")]
    pub face_id_result: Option<FaceIdResult>,
    /// Whether the face step was charged.
    #[serde(default, deserialize_with = "flag")]
    pub face_id_charged: Option<bool>,
    /// The overall outcome (`1` success).
    #[serde(default, deserialize_with = "flag")]
    pub is_success: Option<bool>,
    /// The last error: a code string (`"9108"`, `"FailedOperation.LivessDetectFake"`), a number, or an object
    /// (`{code, message}` / `{Code, Message}`) — kept as sent.
    #[serde(default)]
    pub latest_error: Value,
    /// OCR attempts used (≤ 2).
    #[serde(default, deserialize_with = "lenient")]
    pub retries: Option<u32>,
    /// Face attempts used (≤ 1).
    #[serde(default, deserialize_with = "lenient")]
    pub face_retries: Option<u32>,
    /// When the session expires.
    #[serde(default, deserialize_with = "lenient")]
    pub expire_at: Option<String>,
    /// Creation time.
    #[serde(default, deserialize_with = "lenient")]
    pub created_at: Option<String>,
    /// Update time.
    #[serde(default, deserialize_with = "lenient")]
    pub updated_at: Option<String>,
    /// When personal data was pruned.
    #[serde(default, deserialize_with = "lenient")]
    pub pruned_at: Option<String>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_body_is_the_documented_one() {
        let r = CreateVerificationRequest {
            kind: VerificationType::OcrFaceLiveness,
            id_country: Some("MYS".into()),
            select_id_country: false,
            id_type: Some(IdType::IdCard),
            select_id_type: false,
            redirect_url: "https://your_server.com".into(),
            wallet_address: None,
        };
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"type": "00", "id_country": "MYS", "id_type": "ID_CARD", "redirect_url": "https://your_server.com"})
        );
    }

    #[test]
    fn session_parses_leniently() {
        let s: VerificationSession = serde_json::from_value(json!({
            "id": 267, "type": "02", "ocr_type": "DRIVING_LICENSE", "ocr_success": "1", "is_success": 0,
            "face_id_success": true, "ocr_result": [], "face_id_result": {"Sim": 98.33, "Result": "Success", "New": 1},
            "latest_error": {"Code": "X"}, "retries": "many", "brand_new": true
        }))
        .unwrap();
        assert_eq!(s.kind, Some(VerificationType::Other("02".into())));
        assert_eq!(s.ocr_type, Some(IdType::Other("DRIVING_LICENSE".into())));
        assert_eq!((s.ocr_success, s.is_success, s.face_id_success), (Some(true), Some(false), Some(true)));
        assert_eq!(s.ocr_result, None);
        let face = s.face_id_result.unwrap();
        assert_eq!(face.sim, Some(98.33));
        assert_eq!(face.extra["New"], 1);
        assert_eq!(s.retries, None);
        assert_eq!(s.extra["brand_new"], true);
    }

    #[test]
    fn ocr_debug_masks_personal_data() {
        let o: OcrResult =
            serde_json::from_value(json!({"ID": "900101-14-5678", "Name": "SITI AMINAH", "Address": "JALAN 1"}))
                .unwrap();
        let s = format!("{o:?}");
        assert!(!s.contains("SITI") && !s.contains("900101") && !s.contains("JALAN"), "{s}");
    }
}
