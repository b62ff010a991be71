//! `validateIdNumber({ country, type?, value })` and `parseMrz(text)` for JS (API.md §8): thin adapters over
//! [`crate::idnum`], with today's date from the JS clock (local time: a child born today is not in the future).

use serde::Deserialize;
use serde_json::Value;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::to_js;
use crate::idnum::{self, mrz, IdIssue, IdNumberCheck, IdNumberInput as CoreInput};

/// The input of `validateIdNumber`.
#[derive(Debug, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct IdNumberInput {
    /// ISO 3166-1 alpha-3: `"MYS"`, `"IDN"`, `"SGP"`, `"THA"`, `"VNM"`, `"NGA"`.
    pub country: String,
    /// `"MyKad"`, `"NIK"`, `"NRIC"`, `"FIN"`, `"ThaiID"`, `"CCCD"`, `"BVN"`, `"NIN"` (any case); omitted: the
    /// country's national number (Singapore: NRIC or FIN from the prefix).
    #[tsify(optional)]
    #[serde(rename = "type")]
    pub id_type: Option<String>,
    /// The number as typed or read by OCR; spaces, `-`, `.` and `/` may stand anywhere.
    pub value: String,
}

/// Today in the JS clock's local time; 1 Jan 2000 if the clock gives no real date.
fn today() -> time::Date {
    let now = js_sys::Date::new_0();
    let month = time::Month::try_from(now.get_month() as u8 + 1).unwrap_or(time::Month::January);
    time::Date::from_calendar_date(now.get_full_year() as i32, month, now.get_date() as u8)
        .unwrap_or(time::macros::date!(2000 - 01 - 01))
}

/// Checks an identity number against its issuing authority's published rules (MyKad, NIK, NRIC/FIN, Thai ID,
/// CCCD, BVN/NIN) and returns what it encodes. Never throws for any `value`: a bad number is described by
/// `issues`, and a `country`, `type` or `value` that is not a string is the issue `unknown_type` (or
/// `characters` for `value`). Throws `invalid_input` only when `input` is not an object.
#[wasm_bindgen(js_name = validateIdNumber, unchecked_return_type = "IdNumberCheck")]
pub fn validate_id_number_js(
    #[wasm_bindgen(unchecked_param_type = "IdNumberInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let not_object = || JsValue::from(crate::EkycError::invalid_input("validateIdNumber: input must be an object"));
    if !input.is_object() || js_sys::Array::is_array(&input) {
        return Err(not_object());
    }
    let json = super::json_from_js(&input).map_err(|_| not_object())?;
    let Value::Object(map) = json else { return Err(not_object()) };
    let field = |k: &str| map.get(k);
    let check = match (field("country").and_then(Value::as_str), field("value").and_then(Value::as_str)) {
        (Some(country), Some(value)) => match field("type") {
            None | Some(Value::Null) => {
                idnum::validate_id_number(&CoreInput { country, id_type: None, value }, today())
            }
            Some(Value::String(t)) => {
                idnum::validate_id_number(&CoreInput { country, id_type: Some(t), value }, today())
            }
            Some(_) => IdNumberCheck::with_issues(None, vec![IdIssue::UnknownType]),
        },
        (None, _) => IdNumberCheck::with_issues(None, vec![IdIssue::UnknownType]),
        (Some(_), None) => IdNumberCheck::with_issues(None, vec![IdIssue::Characters]),
    };
    to_js(&check)
}

/// Reads an ICAO 9303 machine-readable zone (TD1, TD2 or TD3): the fields, each check digit and the
/// composite, with OCR confusions repaired only where a check digit confirms them. Never throws for a string
/// (`format: null` when the text has no MRZ layout); throws `invalid_input` when `text` is not a string.
#[wasm_bindgen(js_name = parseMrz, unchecked_return_type = "MrzResult")]
pub fn parse_mrz_js(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<JsValue, JsValue> {
    let text = super::string_arg(&text, "parseMrz: text")?;
    to_js(&mrz::parse_mrz(&text, today()))
}
