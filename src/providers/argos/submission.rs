//! GET /submission — one submission (`submission_id`) or a filtered list, paged with `nextpageKey`.
//!
//! Header `x-api-key`. Query: `submission_id, userid, email, count (default 50), nextpage_id, nextpage_date,
//! start_date, end_date, request_type (kyc|aml|data|others)`. Dates are sent as `YYYY-MM-DD` as the current
//! docs say; older docs say `YYYYMMDD` — **unknown** which the server takes today.
//!
//! Answer: `{Items: [submission…], nextpageKey?: {id, created_at}}`, possibly encrypted as
//! `{isEncrypted: true, data: "<cipher>"}` (see [`super::crypto`]).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::crypto::Decryptor;
use super::{decrypt_if_encrypted, json_body, PROVIDER};
use crate::error::{EkycError, Result};
use crate::providers::common::{self, open_enum};
use crate::providers::http::{self, HttpRequest, HttpResponse};

/// The path of the endpoint, relative to the base URL (which ends in `/v3`).
pub const PATH: &str = "/submission";

/// Which part of each submission to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestType {
    /// KYC results and `submission_id`.
    Kyc,
    /// AML results and `submission_id`.
    Aml,
    /// Personal data and `submission_id`.
    Data,
    /// Everything except KYC, AML and personal data.
    Others,
}

impl RequestType {
    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestType::Kyc => "kyc",
            RequestType::Aml => "aml",
            RequestType::Data => "data",
            RequestType::Others => "others",
        }
    }
}

/// The filters of a `GET /submission`. All optional; `None` fields are left out of the query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionQuery {
    /// One submission.
    pub submission_id: Option<String>,
    /// Submissions of this user id.
    pub userid: Option<String>,
    /// Submissions of this email.
    pub email: Option<String>,
    /// Page size (ARGOS's default is 50); at least 1.
    pub count: Option<u32>,
    /// Paging cursor: `nextpageKey.id` of the previous page.
    pub nextpage_id: Option<String>,
    /// Paging cursor: `nextpageKey.created_at` of the previous page.
    pub nextpage_date: Option<String>,
    /// From this date (any layout [`common::date`] reads; sent as `YYYY-MM-DD`).
    pub start_date: Option<String>,
    /// Up to this date (same).
    pub end_date: Option<String>,
    /// Which part of each submission to return.
    pub request_type: Option<RequestType>,
}

/// Where the next page starts (`nextpageKey` of a page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageCursor {
    /// → `nextpage_id`.
    pub id: String,
    /// → `nextpage_date`.
    pub created_at: String,
}

impl SubmissionQuery {
    /// The query of a single submission.
    pub fn by_id(submission_id: impl Into<String>) -> Self {
        SubmissionQuery { submission_id: Some(submission_id.into()), ..SubmissionQuery::default() }
    }

    /// The same filters, positioned at `cursor` (for the next page).
    pub fn with_cursor(&self, cursor: &PageCursor) -> Self {
        SubmissionQuery {
            nextpage_id: Some(cursor.id.clone()),
            nextpage_date: Some(cursor.created_at.clone()),
            ..self.clone()
        }
    }

    /// The query string (without `?`), keys in the documented order, values percent-encoded.
    /// Fails with `invalid_input` for an unreadable date, a `count` of 0 or an empty string filter.
    pub fn to_query_string(&self) -> Result<String> {
        let invalid = |m: String| EkycError::invalid_input(m).with_provider(PROVIDER);
        let mut pairs: Vec<(&'static str, String)> = Vec::new();
        push_text(&mut pairs, "submission_id", &self.submission_id)?;
        push_text(&mut pairs, "userid", &self.userid)?;
        push_text(&mut pairs, "email", &self.email)?;
        if let Some(c) = self.count {
            if c == 0 {
                return Err(invalid("count must be at least 1".into()));
            }
            pairs.push(("count", c.to_string()));
        }
        push_text(&mut pairs, "nextpage_id", &self.nextpage_id)?;
        push_text(&mut pairs, "nextpage_date", &self.nextpage_date)?;
        for (key, value) in [("start_date", &self.start_date), ("end_date", &self.end_date)] {
            if let Some(d) = value {
                let iso = common::date(d).ok_or_else(|| invalid(format!("{key} {d:?} is not a date")))?;
                pairs.push((key, iso));
            }
        }
        if let Some(t) = self.request_type {
            pairs.push(("request_type", t.as_str().to_string()));
        }
        Ok(pairs.iter().map(|(k, v)| format!("{k}={}", common::encode_component(v))).collect::<Vec<_>>().join("&"))
    }
}

fn push_text(pairs: &mut Vec<(&'static str, String)>, key: &'static str, value: &Option<String>) -> Result<()> {
    if let Some(v) = value {
        if v.trim().is_empty() {
            return Err(EkycError::invalid_input(format!("{key} is empty")).with_provider(PROVIDER));
        }
        pairs.push((key, v.trim().to_string()));
    }
    Ok(())
}

/// Builds the `GET /submission` request. Idempotent. Fails with `invalid_input` for an empty API key, a base
/// URL that is not `http(s)://…`, or a bad filter (see [`SubmissionQuery::to_query_string`]).
pub fn build_submission_request(base_url: &str, api_key: &str, query: &SubmissionQuery) -> Result<HttpRequest> {
    let base = http::base_url(PROVIDER, base_url)?;
    if api_key.trim().is_empty() {
        return Err(EkycError::invalid_input("the ARGOS API key is empty").with_provider(PROVIDER));
    }
    let qs = query.to_query_string()?;
    let url = if qs.is_empty() { format!("{base}{PATH}") } else { format!("{base}{PATH}?{qs}") };
    Ok(HttpRequest::get(url).header("x-api-key", api_key.trim()))
}

/// One page of submissions.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionPage {
    /// The submissions, as JSON (pass each to [`normalize`](super::normalize()) or read it as a [`Submission`]).
    pub items: Vec<Value>,
    /// `nextpageKey`, when there are more pages.
    pub next_page_key: Option<PageCursor>,
    /// The (decrypted) body, unchanged: what `normalize` of a single-submission answer should receive.
    pub raw: Value,
}

impl SubmissionPage {
    /// The cursor of the next page, or `None` on the last page. Use with [`SubmissionQuery::with_cursor`].
    pub fn next_page(&self) -> Option<&PageCursor> {
        self.next_page_key.as_ref()
    }

    /// The items as typed [`Submission`]s; `malformed_response` when one has the wrong shape.
    pub fn submissions(&self) -> Result<Vec<Submission>> {
        self.items
            .iter()
            .map(|item| {
                serde_json::from_value(item.clone()).map_err(|e| {
                    EkycError::malformed("an ARGOS submission has an unexpected shape")
                        .with_provider(PROVIDER)
                        .with_cause(e)
                })
            })
            .collect()
    }
}

/// Parses a `GET /submission` answer: HTTP errors as documented in [`super::json_body`]; an encrypted body is
/// decrypted with `decryptor` (none configured → `invalid_input`); then it must be an object with an `Items`
/// array (also accepted: `items`) → else `malformed_response`. A `nextpageKey` without both `id` and
/// `created_at` ends the paging.
pub fn parse_submission_response(resp: &HttpResponse, decryptor: Option<&dyn Decryptor>) -> Result<SubmissionPage> {
    let body = decrypt_if_encrypted(json_body(resp)?, decryptor)?;
    let malformed = |m: &str| EkycError::malformed(m.to_string()).with_provider(PROVIDER).with_http_status(resp.status);
    let obj = body.as_object().ok_or_else(|| malformed("the ARGOS answer is not a JSON object"))?;
    let items = match obj.get("Items").or_else(|| obj.get("items")) {
        Some(Value::Array(a)) => a.clone(),
        Some(Value::Null) | None => return Err(malformed("the ARGOS answer has no Items")),
        Some(_) => return Err(malformed("Items is not an array")),
    };
    let next_page_key = obj.get("nextpageKey").and_then(Value::as_object).and_then(cursor);
    Ok(SubmissionPage { items, next_page_key, raw: body })
}

fn cursor(key: &Map<String, Value>) -> Option<PageCursor> {
    Some(PageCursor { id: common::opt_str(key, "id")?, created_at: common::opt_str(key, "created_at")? })
}

open_enum! {
    /// `kyc.result` (case varies between answers; parsed case-insensitively).
    pub enum KycResult {
        /// Approved.
        Approved = "approved",
        /// Rejected; see `commentCode`.
        Rejected = "rejected",
        /// Waiting for a reviewer.
        Pending = "pending",
        /// The user did not finish.
        Incomplete = "incomplete",
    }
}

open_enum! {
    /// `aml.currentstatus`.
    pub enum AmlStatus {
        /// Not screened.
        NotScreened = "Not Screened",
        /// A match was found.
        RedFlag = "Red Flag",
    }
}

/// `kyc.attempts[i]`, the fields the SDK reads (the rest stays in the JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Attempt {
    /// Retries after failed submissions.
    pub attempt_cnt: Option<f64>,
    /// `success` / `fail`.
    pub verification_result: Option<String>,
    /// Liveness / face / ID error code.
    pub error_code: Option<String>,
    /// Its message.
    pub error_msg: Option<String>,
    /// Retry reason code.
    pub retry_code: Option<String>,
    /// Face comparison similarity (scale not documented: 0–1 or 0–100).
    pub face_similarity_score: Option<f64>,
    /// Liveness score (scale not documented).
    pub liveness_score: Option<f64>,
}

/// `kyc`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Kyc {
    /// The KYC status.
    pub result: Option<KycResult>,
    /// Why it was rejected.
    pub comment: Option<String>,
    /// The reject code (see [`reason_for_comment_code`](super::reason_for_comment_code)).
    pub comment_code: Option<String>,
    /// The attempts, oldest first.
    pub attempts: Option<Vec<Attempt>>,
}

/// `aml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AmlResult {
    /// `Not Screened` / `Red Flag`.
    pub currentstatus: Option<AmlStatus>,
    /// `Not Screened` / `High` / `Medium` / `Low`.
    pub risk_level_summary: Option<String>,
    /// The matches, when flagged.
    pub matches: Option<Vec<Value>>,
}

/// One submission, typed as far as the SDK reads it. Unknown fields are ignored (they stay in the JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Submission {
    /// The submission's id.
    pub submission_id: Option<String>,
    /// The id of the applicant (shared by duplicate submissions).
    pub applicant_id: Option<String>,
    /// The email.
    pub email: Option<String>,
    /// The merchant's user id.
    pub userid: Option<String>,
    /// `system` (AI) or `agent` (human).
    pub reviewer: Option<String>,
    /// `YYYY-MM-DD-HH-MM-SS-mmm`, UTC.
    pub created_at: Option<String>,
    /// Last update.
    pub updated_at: Option<String>,
    /// When the KYC result was final.
    pub kyc_result_at: Option<String>,
    /// Applicant data (`name`, `gender`, `nationality`, `date_of_birth`, `idType`, …).
    pub data: Option<Map<String, Value>>,
    /// KYC result.
    pub kyc: Option<Kyc>,
    /// AML screening.
    pub aml: Option<AmlResult>,
}
