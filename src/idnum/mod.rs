//! Identity numbers checked without a network call (API.md §8): what a national identity number encodes and
//! whether it can be a real one, plus the ICAO 9303 machine-readable zone ([`mrz`]).
//!
//! Pure Rust, no JS dependency: the same code runs in the page (before a paid provider call), in the edge
//! worker and in [`crate::normalize`] (see [`consistency`]). One module per scheme; each cites the issuing
//! authority's published rule and code tables. Every function here takes any string and returns a value, never
//! an error and never a panic: a number is data to describe, and a bad one is described by its `issues`.

pub mod cccd;
pub mod consistency;
pub mod mrz;
pub mod mykad;
pub mod nigeria;
pub mod nik;
pub mod nric;
#[cfg(test)]
mod tests;
pub mod thai;

use serde::{Deserialize, Serialize};
use time::{Date, Month};
use tsify::Tsify;

use crate::model::Gender;

/// The schemes [`validate_id_number`] knows. Serialized as written in API.md §8 (`"MyKad"`, `"NIK"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub enum IdType {
    /// Malaysia: the 12-digit National Registration Identity Card number on MyKad (and MyKid, MyPR).
    MyKad,
    /// Indonesia: Nomor Induk Kependudukan, 16 digits.
    #[serde(rename = "NIK")]
    Nik,
    /// Singapore: NRIC of citizens and permanent residents (S, T series).
    #[serde(rename = "NRIC")]
    Nric,
    /// Singapore: Foreign Identification Number (F, G, M series).
    #[serde(rename = "FIN")]
    Fin,
    /// Thailand: the 13-digit personal identification number.
    #[serde(rename = "ThaiID")]
    ThaiId,
    /// Viet Nam: the 12-digit personal identification number on the Căn cước (công dân) card.
    #[serde(rename = "CCCD")]
    Cccd,
    /// Nigeria: Bank Verification Number, 11 digits.
    #[serde(rename = "BVN")]
    Bvn,
    /// Nigeria: National Identification Number, 11 digits.
    #[serde(rename = "NIN")]
    Nin,
}

impl IdType {
    /// The name as written in the API, e.g. `"ThaiID"`.
    pub fn as_str(self) -> &'static str {
        match self {
            IdType::MyKad => "MyKad",
            IdType::Nik => "NIK",
            IdType::Nric => "NRIC",
            IdType::Fin => "FIN",
            IdType::ThaiId => "ThaiID",
            IdType::Cccd => "CCCD",
            IdType::Bvn => "BVN",
            IdType::Nin => "NIN",
        }
    }
}

/// Why a number cannot be a real one. `serial` is ours (API.md §8 lists the others): a NIK whose last four
/// digits are `0000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "snake_case")]
pub enum IdIssue {
    /// Too many or too few characters once separators are removed.
    Length,
    /// A character the scheme does not allow where it stands (a letter among digits, an unknown series prefix).
    Characters,
    /// The check digit or check letter does not match.
    Checksum,
    /// The encoded date of birth is not a real date, or lies in the future.
    DateOfBirth,
    /// The place, province or state code is not in the authority's list.
    Region,
    /// The serial part is one the authority never issues (a NIK's `0000`).
    Serial,
    /// The country or the `type` is not one this SDK knows.
    UnknownType,
}

/// What [`validate_id_number`] found (API.md §8 `IdNumberCheck`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct IdNumberCheck {
    /// No issues.
    pub valid: bool,
    /// The number in its usual printed form (e.g. `"900101-14-5678"`, `"S1234567D"`), when its length and
    /// characters are right (even if another check fails); otherwise `null`.
    pub normalized: Option<String>,
    /// The scheme the number was checked against; `null` when unknown (or, for Nigeria without `type`, when
    /// an 11-digit number may be either a BVN or a NIN).
    #[serde(rename = "type")]
    pub id_type: Option<IdType>,
    /// Sorted, without duplicates; empty when valid.
    pub issues: Vec<IdIssue>,
    /// `YYYY-MM-DD`, for schemes that encode the full date (MyKad, NIK). Their two-digit year is read as the
    /// latest year that is not in the future.
    pub date_of_birth: Option<String>,
    /// The encoded year of birth (MyKad, NIK, CCCD); CCCD encodes only the year.
    pub birth_year: Option<i32>,
    pub gender: Option<Gender>,
    /// The encoded place: a Malaysian state or a country group (MyKad), an Indonesian province (NIK), a Vietnamese
    /// province (CCCD).
    pub region: Option<String>,
}

impl IdNumberCheck {
    /// A result with only `issues` (sorted and deduplicated here) and `type` set.
    pub(crate) fn with_issues(id_type: Option<IdType>, mut issues: Vec<IdIssue>) -> Self {
        issues.sort();
        issues.dedup();
        IdNumberCheck {
            valid: issues.is_empty(),
            normalized: None,
            id_type,
            issues,
            date_of_birth: None,
            birth_year: None,
            gender: None,
            region: None,
        }
    }

    /// Sorts and deduplicates `issues` and sets `valid` from them.
    pub(crate) fn finish(mut self) -> Self {
        self.issues.sort();
        self.issues.dedup();
        self.valid = self.issues.is_empty();
        self
    }
}

/// The input of [`validate_id_number`]: `{ country, type?, value }`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdNumberInput<'a> {
    /// ISO 3166-1 alpha-3, any case (`"MYS"`, `"IDN"`, `"SGP"`, `"THA"`, `"VNM"`, `"NGA"`).
    pub country: &'a str,
    /// The scheme, any case (`"MyKad"`, `"NIK"`, `"NRIC"`, `"FIN"`, `"ThaiID"`, `"CCCD"`, `"BVN"`, `"NIN"`);
    /// `None` picks the country's national number (Singapore: NRIC or FIN from the prefix).
    pub id_type: Option<&'a str>,
    /// The number as typed or read: separators (spaces, `-`, `.`, `/`) may stand anywhere.
    pub value: &'a str,
}

/// Checks an identity number against its issuing authority's published rules and returns what it encodes.
///
/// Never fails and never panics on any input: an unknown country or type is the issue `unknown_type`.
/// `today` decides the century of a two-digit year (the latest not after `today`) and what counts as a future
/// date of birth.
///
/// ```
/// use ekyc_bridge::idnum::{validate_id_number, IdNumberInput, IdType};
/// let today = time::macros::date!(2026 - 12 - 02);
/// let check = validate_id_number(&IdNumberInput { country: "MYS", id_type: None, value: "900101 14 5678" }, today);
/// assert!(check.valid);
/// assert_eq!(check.normalized.as_deref(), Some("900101-14-5678"));
/// assert_eq!(check.id_type, Some(IdType::MyKad));
/// assert_eq!(check.date_of_birth.as_deref(), Some("1990-01-01"));
/// ```
pub fn validate_id_number(input: &IdNumberInput<'_>, today: Date) -> IdNumberCheck {
    let Some(id_type) = resolve_type(input.country, input.id_type, input.value) else {
        return IdNumberCheck::with_issues(None, vec![IdIssue::UnknownType]);
    };
    match id_type {
        Resolved::One(IdType::MyKad) => mykad::check(input.value, today),
        Resolved::One(IdType::Nik) => nik::check(input.value, today),
        Resolved::One(t @ (IdType::Nric | IdType::Fin)) => nric::check(input.value, Some(t)),
        Resolved::Singapore => nric::check(input.value, None),
        Resolved::One(IdType::ThaiId) => thai::check(input.value),
        Resolved::One(IdType::Cccd) => cccd::check(input.value, today),
        Resolved::One(t @ (IdType::Bvn | IdType::Nin)) => nigeria::check(input.value, Some(t)),
        Resolved::Nigeria => nigeria::check(input.value, None),
    }
}

/// The scheme a `{country, type}` pair names.
enum Resolved {
    One(IdType),
    /// SGP without a type: NRIC or FIN, from the prefix.
    Singapore,
    /// NGA without a type: BVN and NIN look alike.
    Nigeria,
}

fn resolve_type(country: &str, id_type: Option<&str>, _value: &str) -> Option<Resolved> {
    let country = country.trim().to_ascii_uppercase();
    let wanted = id_type.map(|t| t.trim().to_ascii_lowercase()).filter(|t| !t.is_empty());
    let names: &[(&str, IdType)] = match country.as_str() {
        "MYS" => &[("mykad", IdType::MyKad), ("nric", IdType::MyKad), ("mykid", IdType::MyKad)],
        "IDN" => &[("nik", IdType::Nik), ("ktp", IdType::Nik), ("ektp", IdType::Nik)],
        "SGP" => &[("nric", IdType::Nric), ("fin", IdType::Fin)],
        "THA" => &[("thaiid", IdType::ThaiId), ("pin", IdType::ThaiId)],
        "VNM" => &[("cccd", IdType::Cccd)],
        "NGA" => &[("bvn", IdType::Bvn), ("nin", IdType::Nin)],
        _ => return None,
    };
    match wanted {
        Some(w) => names.iter().find(|(n, _)| *n == w).map(|&(_, t)| Resolved::One(t)),
        None => Some(match country.as_str() {
            "SGP" => Resolved::Singapore,
            "NGA" => Resolved::Nigeria,
            _ => Resolved::One(names.first()?.1),
        }),
    }
}

/// `value` without the separators people and OCR put in numbers (whitespace, `-`, `.`, `/`), upper-cased.
pub(crate) fn compact(value: &str) -> String {
    value
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.' | '/')))
        .flat_map(char::to_uppercase)
        .collect()
}

/// The length and character issues of `s` against an all-digit scheme of `len` digits.
pub(crate) fn digit_issues(s: &str, len: usize) -> Vec<IdIssue> {
    let mut issues = Vec::new();
    if s.chars().count() != len {
        issues.push(IdIssue::Length);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        issues.push(IdIssue::Characters);
    }
    issues
}

/// The decimal value of the two ASCII digits at `at` (the caller has checked that `s` is all digits).
pub(crate) fn two(s: &str, at: usize) -> u8 {
    s.as_bytes().get(at..at + 2).map_or(0, |d| d.iter().fold(0u8, |a, &b| a * 10 + (b.wrapping_sub(b'0') % 10)))
}

/// The date `yy-mm-dd` with the century that makes it the latest real date not after `today`, or `None`
/// when it is a real date in neither century.
pub(crate) fn birth_date(yy: u8, mm: u8, dd: u8, today: Date) -> Option<Date> {
    let month = Month::try_from(mm).ok()?;
    let this_century = today.year() - today.year().rem_euclid(100);
    [this_century, this_century - 100]
        .into_iter()
        .filter_map(|c| Date::from_calendar_date(c + i32::from(yy), month, dd).ok())
        .find(|d| *d <= today)
}

/// `YYYY-MM-DD`.
pub(crate) fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}
