//! Lenient readers shared by every provider's normalization: JSON field access that tells "absent" from
//! "wrong type", and the converters to the canonical forms of API.md §4 (dates `YYYY-MM-DD`, timestamps
//! RFC 3339 UTC, scores 0–1, genders, ISO alpha-3 countries).
//!
//! Rule of thumb: a field the decision depends on is read with a `req_*` reader (wrong type →
//! `malformed_response`); everything descriptive is read with an `opt_*` reader, which turns a wrong type
//! into `None` rather than failing the whole result.

use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::error::{EkycError, Result};
use crate::model::Gender;

/// The response as a JSON object, or `malformed_response`.
pub fn as_object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| EkycError::malformed(format!("{what}: expected a JSON object, got {}", kind(v))))
}

/// The JSON type name of `v`, for error messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An image as every provider here takes it: plain standard Base64 (PROVIDERS.md, *Image constraints*).
///
/// **Choice:** a `data:image/…;base64,` prefix is stripped (the SDK's own `prepareImage` can produce data URLs)
/// and line breaks of MIME-wrapped Base64 are removed; any other `data:` form is refused. What remains must be
/// non-empty, a multiple of 4 long, and only Base64 characters with at most two `=` at the end.
#[derive(Clone, PartialEq, Eq)]
pub struct Base64Image(String);

impl Base64Image {
    /// Checks `text` as the image field `field` of `provider`; `invalid_input` naming both otherwise.
    pub fn parse(provider: &'static str, field: &str, text: &str) -> Result<Base64Image> {
        let invalid = |why: &str| EkycError::invalid_input(format!("{field} {why}")).with_provider(provider);
        let mut s = text.trim();
        if s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:")) {
            let (head, rest) = s.split_once(',').ok_or_else(|| invalid("is a data: URL without data"))?;
            let head = head.to_ascii_lowercase();
            if !head.starts_with("data:image/") || !head.ends_with(";base64") {
                return Err(invalid("is a data: URL that is not a Base64 image"));
            }
            s = rest;
        }
        let compact: String = s.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
        if compact.is_empty() {
            return Err(invalid("is empty"));
        }
        let body = compact.trim_end_matches('=');
        let padding = compact.len() - body.len();
        let alphabet_ok = body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
        if !alphabet_ok || padding > 2 || compact.len() % 4 != 0 {
            return Err(invalid("is not plain standard Base64"));
        }
        Ok(Base64Image(compact))
    }

    /// The plain Base64 text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The plain Base64 text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Images are personal data: `Debug` shows only the length.
impl std::fmt::Debug for Base64Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Base64Image(<{} chars>)", self.0.len())
    }
}

/// Whether two secrets (a flow state, a URL secret) are equal, in time independent of where they differ: compared
/// as SHA-256 digests, so neither a prefix nor the length leaks. The crate's one constant-time comparison.
pub fn secrets_equal(a: &[u8], b: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    let (x, y) = (Sha256::digest(a), Sha256::digest(b));
    x.iter().zip(y.iter()).fold(0u8, |acc, (p, q)| acc | (p ^ q)) == 0
}

/// A field that, when present and not null, must be a string (numbers are accepted and printed).
pub fn req_str(obj: &Map<String, Value>, key: &str) -> Result<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(EkycError::malformed(format!("field {key:?}: expected a string, got {}", kind(other)))),
    }
}

/// A field that, when present and not null, must be an object.
pub fn req_obj<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a Map<String, Value>>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(other) => Err(EkycError::malformed(format!("field {key:?}: expected an object, got {}", kind(other)))),
    }
}

/// A field that, when present and not null, must be a number (numeric strings are accepted).
pub fn req_f64(obj: &Map<String, Value>, key: &str) -> Result<Option<f64>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => to_f64(v)
            .map(Some)
            .ok_or_else(|| EkycError::malformed(format!("field {key:?}: expected a number, got {}", kind(v)))),
    }
}

/// A field that, when present and not null, must be a boolean (also `0`/`1`, `"true"`/`"false"`).
pub fn req_bool(obj: &Map<String, Value>, key: &str) -> Result<Option<bool>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => to_bool(v)
            .map(Some)
            .ok_or_else(|| EkycError::malformed(format!("field {key:?}: expected a boolean, got {}", kind(v)))),
    }
}

/// A descriptive string field: strings and numbers are taken, anything else is `None`. Empty strings are `None`.
pub fn opt_str(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first of `keys` that holds a descriptive string (for fields the docs spell two ways).
pub fn opt_str_any(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| opt_str(obj, k))
}

/// A descriptive number field (numeric strings accepted); anything else is `None`.
pub fn opt_f64(obj: &Map<String, Value>, key: &str) -> Option<f64> {
    obj.get(key).and_then(to_f64)
}

/// A descriptive boolean field; anything else is `None`.
pub fn opt_bool(obj: &Map<String, Value>, key: &str) -> Option<bool> {
    obj.get(key).and_then(to_bool)
}

/// A descriptive object field; anything else is `None`.
pub fn opt_obj<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Map<String, Value>> {
    obj.get(key).and_then(Value::as_object)
}

fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64().filter(|f| f.is_finite()),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

fn to_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_f64() {
            Some(0.0) => Some(false),
            Some(1.0) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A score to 0–1: values above 1 are taken as percentages (0–100). Out-of-range values are `None`.
pub fn unit_score(x: f64) -> Option<f64> {
    let s = if x > 1.0 { x / 100.0 } else { x };
    (0.0..=1.0).contains(&s).then_some(s)
}

/// A score that the provider documents as 0–100, to 0–1 (so `1` means 1 %, not 100 %).
pub fn percent_score(x: f64) -> Option<f64> {
    (0.0..=100.0).contains(&x).then_some(x / 100.0)
}

/// Gender from the spellings the providers use: `male`/`MALE`/`M`/`LELAKI`/`LAKI-LAKI`, `female`/`F`/`PEREMPUAN`/`WANITA`.
/// Anything else (e.g. RM's `"Not found"`) is `None`.
pub fn gender(s: &str) -> Option<Gender> {
    match s.trim().to_ascii_uppercase().as_str() {
        "MALE" | "M" | "LELAKI" | "LAKI-LAKI" | "LAKI LAKI" | "PRIA" | "MAN" => Some(Gender::Male),
        "FEMALE" | "F" | "PEREMPUAN" | "WANITA" | "WOMAN" => Some(Gender::Female),
        _ => None,
    }
}

/// A calendar date in any of the providers' layouts, as `YYYY-MM-DD`:
/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`, `DD-MM-YYYY`, `DD/MM/YYYY`, `DD.MM.YYYY`, or the date part of a timestamp.
/// Returns `None` for anything that is not a real date (`"dd/yy/xxxx"`, `2023-02-30`).
pub fn date(s: &str) -> Option<String> {
    let s = s.trim();
    let digits_only = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let (y, m, d) = if s.len() == 8 && digits_only(s) {
        (s.get(0..4)?, s.get(4..6)?, s.get(6..8)?)
    } else {
        let head = s.get(..10).unwrap_or(s);
        let parts: Vec<&str> = head.split(['-', '/', '.']).collect();
        if parts.len() != 3 || !parts.iter().all(|p| digits_only(p)) {
            return None;
        }
        if parts[0].len() == 4 {
            (parts[0], parts[1], parts[2])
        } else if parts[2].len() == 4 {
            (parts[2], parts[1], parts[0])
        } else {
            return None;
        }
    };
    let year: i32 = y.parse().ok()?;
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    let day: u8 = d.parse().ok()?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    Some(format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day()))
}

/// A timestamp as RFC 3339 in UTC with millisecond precision (`2022-03-03T01:43:46.155Z`).
/// Accepts RFC 3339 with any offset, the same without a zone (taken as UTC), `YYYY-MM-DD HH:MM:SS`,
/// ARGOS's `YYYY-MM-DD-HH-MM-SS-mmm`, and Unix epochs in seconds or milliseconds.
pub fn timestamp(v: &Value) -> Option<String> {
    let dt = match v {
        Value::Number(n) => match n.as_u64() {
            Some(whole) => epoch_integer(whole)?,
            None => epoch(n.as_f64()?)?,
        },
        Value::String(s) => parse_timestamp(s.trim())?,
        _ => return None,
    };
    format_utc(dt)
}

/// Integer epochs in integer arithmetic: through `f64`, `1680060716281` ms would land 1 ms early.
fn epoch_integer(n: u64) -> Option<OffsetDateTime> {
    // Seconds until the year 5138; above that, milliseconds.
    let nanos = if n < 100_000_000_000 { i128::from(n) * 1_000_000_000 } else { i128::from(n) * 1_000_000 };
    OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()
}

fn epoch(x: f64) -> Option<OffsetDateTime> {
    if !x.is_finite() || x < 0.0 {
        return None;
    }
    // Seconds until the year 5138; above that, milliseconds.
    let nanos = if x < 1e11 { x * 1e9 } else { x * 1e6 };
    OffsetDateTime::from_unix_timestamp_nanos(nanos as i128).ok()
}

fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    if let Ok(dt) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(dt);
    }
    if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() {
        return epoch_integer(s.parse().ok()?);
    }
    // Without a zone: `YYYY-MM-DDTHH:MM:SS[.frac]` or with a space, or ARGOS `YYYY-MM-DD-HH-MM-SS[-mmm]`.
    let date_part = date(s.get(..10)?)?;
    let rest = s.get(10..)?.trim_start_matches(['T', ' ', '-']);
    let rest = rest.trim_end_matches('Z');
    let nums: Vec<&str> = rest.split([':', '-', '.']).collect();
    if nums.len() < 3 {
        return None;
    }
    let h: u8 = nums[0].parse().ok()?;
    let mi: u8 = nums[1].parse().ok()?;
    let se: u8 = nums[2].parse().ok()?;
    let nanos = match nums.get(3) {
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            f.parse::<u32>().ok()? * 10u32.pow(9 - f.len() as u32)
        }
        Some(_) => return None,
        None => 0,
    };
    let d = Date::parse(&date_part, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    let t = Time::from_hms_nano(h, mi, se, nanos).ok()?;
    Some(PrimitiveDateTime::new(d, t).assume_utc())
}

fn format_utc(dt: OffsetDateTime) -> Option<String> {
    let utc = dt.to_offset(UtcOffset::UTC);
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    utc.format(&fmt).ok()
}

/// A country as ISO 3166-1 alpha-3: alpha-3 codes are upper-cased and checked, alpha-2 codes converted,
/// and the few non-ISO spellings providers use (`WNI` = Indonesian citizen) translated. Otherwise `None`.
pub fn country(s: &str) -> Option<String> {
    let up = s.trim().to_ascii_uppercase();
    match up.as_str() {
        "WNI" | "INDONESIA" => return Some("IDN".into()),
        "MALAYSIA" | "WARGANEGARA" => return Some("MYS".into()),
        _ => {}
    }
    match up.len() {
        3 => isocountry::CountryCode::for_alpha3(&up).ok().map(|c| c.alpha3().to_string()),
        2 => isocountry::CountryCode::for_alpha2(&up).ok().map(|c| c.alpha3().to_string()),
        _ => None,
    }
}

/// Declares a provider string enum that parses leniently and serializes strictly: known values match
/// case-insensitively (surrounding whitespace ignored), anything else becomes `Other(String)` holding the
/// value as received, so an unknown value never fails a parse and never silently turns into a known one.
///
/// ```ignore
/// open_enum! {
///     /// `overallResult` of ADVANCE.AI.
///     pub enum OverallResult { Pass = "PASS", Fail = "FAIL" }
/// }
/// assert_eq!(OverallResult::parse("pass"), OverallResult::Pass);
/// assert_eq!(OverallResult::parse("MAYBE"), OverallResult::Other("MAYBE".into()));
/// ```
macro_rules! open_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $s:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this SDK does not know, kept exactly as received.
            Other(String),
        }

        impl $name {
            /// Parses case-insensitively, ignoring surrounding whitespace; unknown values become `Other`.
            pub fn parse(s: &str) -> Self {
                let t = s.trim();
                $(if t.eq_ignore_ascii_case($s) {
                    return $name::$variant;
                })*
                $name::Other(s.to_string())
            }

            /// The documented spelling, or for `Other` the value as received.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $s,)*
                    $name::Other(s) => s,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok($name::parse(&s))
            }
        }
    };
}
pub(crate) use open_enum;

/// Everything but the RFC 3986 unreserved characters (`A–Z a–z 0–9 - . _ ~`) is percent-encoded.
const COMPONENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A URL path segment or query value, percent-encoded so `/`, `?`, `&`, `=`, `+`, spaces and non-ASCII
/// text arrive as sent.
pub fn encode_component(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, COMPONENT).to_string()
}

/// The first non-empty value of the query parameter `name` in `url` (decoded as a form would be), ignoring
/// the fragment.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let before_fragment = url.split('#').next().unwrap_or_default();
    let (_, query) = before_fragment.split_once('?')?;
    form_urlencoded::parse(query.as_bytes()).find(|(k, v)| k == name && !v.is_empty()).map(|(_, v)| v.into_owned())
}

/// Lenient serde deserializers for the descriptive fields of provider responses
/// (`#[serde(default, deserialize_with = "lenient")]`): a value of the wrong shape becomes `None` (or is
/// skipped), never a failure of the whole parse.
pub(crate) mod de {
    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    /// A descriptive field: the value if it parses as `T`, `None` if absent, null or of another shape.
    pub(crate) fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned,
    {
        let v = Value::deserialize(deserializer)?;
        Ok(serde_json::from_value(v).ok())
    }

    /// A nested result object: `Some` only for a JSON object that parses (`[]`, strings and the like are `None`).
    pub(crate) fn lenient_object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned,
    {
        match Value::deserialize(deserializer)? {
            obj @ Value::Object(_) => Ok(serde_json::from_value(obj).ok()),
            _ => Ok(None),
        }
    }

    /// A list field: the elements that parse as `T` (others are skipped); a single object counts as a list of one.
    pub(crate) fn lenient_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned,
    {
        let v = Value::deserialize(deserializer)?;
        Ok(match v {
            Value::Array(items) => items.into_iter().filter_map(|i| serde_json::from_value(i).ok()).collect(),
            obj @ Value::Object(_) => serde_json::from_value(obj).ok().into_iter().collect(),
            _ => Vec::new(),
        })
    }

    /// A flag sent as `0`/`1`, a boolean or a numeric string (also `"true"`/`"false"`); anything else is `None`.
    pub(crate) fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::Bool(b) => Some(b),
            Value::Number(n) if n.as_f64() == Some(0.0) => Some(false),
            Value::Number(n) if n.as_f64() == Some(1.0) => Some(true),
            Value::String(s) if s.trim() == "0" || s.trim().eq_ignore_ascii_case("false") => Some(false),
            Value::String(s) if s.trim() == "1" || s.trim().eq_ignore_ascii_case("true") => Some(true),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_in_every_layout() {
        assert_eq!(date("1994/07/13").as_deref(), Some("1994-07-13"));
        assert_eq!(date("25-03-1977").as_deref(), Some("1977-03-25"));
        assert_eq!(date("1977-03-25").as_deref(), Some("1977-03-25"));
        assert_eq!(date("19770325").as_deref(), Some("1977-03-25"));
        assert_eq!(date("06/01/1955").as_deref(), Some("1955-01-06"));
        assert_eq!(date("2025-02-01T13:56:47.000Z").as_deref(), Some("2025-02-01"));
        assert_eq!(date("dd/yy/xxxx"), None);
        assert_eq!(date("2023-02-30"), None);
        assert_eq!(date(""), None);
        assert_eq!(date("é-é-é"), None);
    }

    #[test]
    fn timestamps_to_rfc3339_utc() {
        assert_eq!(timestamp(&json!("2022-03-03T01:43:46.155Z")).as_deref(), Some("2022-03-03T01:43:46.155Z"));
        assert_eq!(timestamp(&json!("2022-03-03T09:43:46.155+08:00")).as_deref(), Some("2022-03-03T01:43:46.155Z"));
        assert_eq!(timestamp(&json!("2022-03-03T01:43:46.155123")).as_deref(), Some("2022-03-03T01:43:46.155Z"));
        assert_eq!(timestamp(&json!("2024-05-01-10-20-30-123")).as_deref(), Some("2024-05-01T10:20:30.123Z"));
        assert_eq!(timestamp(&json!("2024-05-01 10:20:30")).as_deref(), Some("2024-05-01T10:20:30.000Z"));
        assert_eq!(timestamp(&json!(1680060646134u64)).as_deref(), Some("2023-03-29T03:30:46.134Z"));
        assert_eq!(timestamp(&json!(1680060716281u64)).as_deref(), Some("2023-03-29T03:31:56.281Z"));
        assert_eq!(timestamp(&json!("1680060716281")).as_deref(), Some("2023-03-29T03:31:56.281Z"));
        assert_eq!(timestamp(&json!(1680060646)).as_deref(), Some("2023-03-29T03:30:46.000Z"));
        assert_eq!(timestamp(&json!("yesterday")), None);
        assert_eq!(timestamp(&json!(-5)), None);
        assert_eq!(timestamp(&json!(1e300)), None);
    }

    #[test]
    fn genders_scores_countries() {
        assert_eq!(gender("LAKI-LAKI"), Some(Gender::Male));
        assert_eq!(gender("PEREMPUAN"), Some(Gender::Female));
        assert_eq!(gender("Not found"), None);
        assert_eq!(percent_score(98.33), Some(0.9833));
        assert_eq!(percent_score(101.0), None);
        assert_eq!(unit_score(0.83), Some(0.83));
        assert_eq!(unit_score(82.0), Some(0.82));
        assert_eq!(country("nga").as_deref(), Some("NGA"));
        assert_eq!(country("MY").as_deref(), Some("MYS"));
        assert_eq!(country("WNI").as_deref(), Some("IDN"));
        assert_eq!(country("XXX"), None);
    }

    #[test]
    fn url_components_and_query_parameters() {
        assert_eq!(encode_component("a-b_c.d~e f/&=+é"), "a-b_c.d~e%20f%2F%26%3D%2B%C3%A9");
        assert_eq!(query_param("https://x.test/?a=1&sig=a%2Bb+c#sig=frag", "sig").as_deref(), Some("a+b c"));
        assert_eq!(query_param("https://x.test/?sig=&sig=2", "sig").as_deref(), Some("2"));
        assert_eq!(query_param("https://x.test/#?sig=1", "sig"), None);
        assert_eq!(query_param("https://x.test/", "sig"), None);
    }

    #[test]
    fn readers_tell_absent_from_wrong() {
        let o = json!({"s": "x", "n": 3, "b": [1], "o": {}, "z": null, "t": "1"});
        let o = o.as_object().unwrap();
        assert_eq!(req_str(o, "s").unwrap().as_deref(), Some("x"));
        assert_eq!(req_str(o, "n").unwrap().as_deref(), Some("3"));
        assert_eq!(req_str(o, "missing").unwrap(), None);
        assert_eq!(req_str(o, "z").unwrap(), None);
        assert_eq!(req_str(o, "b").unwrap_err().code, crate::ErrorCode::MalformedResponse);
        assert_eq!(req_obj(o, "s").unwrap_err().code, crate::ErrorCode::MalformedResponse);
        assert_eq!(req_bool(o, "t").unwrap(), Some(true));
        assert_eq!(opt_str(o, "b"), None);
    }
}
