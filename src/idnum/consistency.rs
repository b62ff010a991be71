//! The rule [`crate::normalize`] applies to every provider's finished [`Verification`]: an `approved` result
//! whose identity number contradicts the result's own date of birth or gender, or fails its own check,
//! becomes `review` with a `data_mismatch` reason (API.md §8).
//!
//! Only the numbers whose structure encodes the person are compared: a Malaysian MyKad and an Indonesian NIK,
//! recognized by the document's country (else the person's nationality), unless the document is a passport. A number the provider masked
//! (`3171********0001`, `xxxx-xx-xxx`) says nothing and is skipped. The two-digit year of both numbers is compared as two
//! digits, so no clock is needed and the outcome depends on the response alone. The reasons name fields and
//! never carry their values (a browser may see the reasons, never the person).

use time::macros::date;
use time::Date;

use super::{validate_id_number, IdNumberInput};
use crate::model::{Decision, Reason, ReasonCode, Verification};

/// The `today` used to read a number here. Only the two-digit year, month and day are compared, so any date
/// after every plausible birth date works; a fixed one keeps `normalize` deterministic (and 2000, a leap year,
/// is in its century, so a 29 February of year `00` stays a real date).
const READ_AS_OF: Date = date!(2099 - 12 - 31);

/// Applies the rule to `v` (see the module docs). Leaves every decision other than `approved` alone.
pub fn apply(v: &mut Verification) {
    if v.decision != Decision::Approved {
        return;
    }
    let reasons = mismatches(v);
    if !reasons.is_empty() {
        v.decision = Decision::Review;
        v.reasons.extend(reasons);
    }
}

/// The `data_mismatch` reasons of `v`'s identity number (empty when it is consistent or not comparable).
pub fn mismatches(v: &Verification) -> Vec<Reason> {
    let Some(person) = &v.person else { return Vec::new() };
    let country = v.document.as_ref().and_then(|d| d.country.as_deref()).or(person.nationality.as_deref());
    let (Some(number), Some(country)) = (person.id_number.as_deref(), country) else { return Vec::new() };
    // A passport result carries the passport's number there (MasChain's `ID`), which is no MyKad or NIK.
    let doc_type = v.document.as_ref().and_then(|d| d.doc_type.as_deref()).unwrap_or_default().to_ascii_lowercase();
    if doc_type.contains("passport") {
        return Vec::new();
    }
    let scheme = match country.to_ascii_uppercase().as_str() {
        "MYS" => "MyKad",
        "IDN" => "NIK",
        _ => return Vec::new(),
    };
    // Both schemes are all digits: an `x` can only be a mask (`xxxx-xx-xxx` in MasChain's documentation).
    if number.contains(['*', '•', '#', 'x', 'X']) || number.trim().is_empty() {
        return Vec::new();
    }
    let check = validate_id_number(&IdNumberInput { country, id_type: Some(scheme), value: number }, READ_AS_OF);
    if !check.valid {
        let issues: Vec<&str> = check.issues.iter().map(|i| issue_name(*i)).collect();
        return vec![Reason::new(
            ReasonCode::DataMismatch,
            "person.idNumber",
            Some(format!("the {scheme} number fails its own check ({})", issues.join(", "))),
        )];
    }
    let mut out = Vec::new();
    // YY-MM-DD of both dates: the number's century is a guess, the result's is not.
    let short = |d: &str| d.get(2..10).map(str::to_string);
    if let (Some(encoded), Some(stated)) = (check.date_of_birth.as_deref(), person.date_of_birth.as_deref()) {
        if short(encoded) != short(stated) {
            out.push(Reason::new(
                ReasonCode::DataMismatch,
                "person.idNumber,person.dateOfBirth",
                Some(format!("the {scheme} number encodes another date of birth than dateOfBirth")),
            ));
        }
    }
    if let (Some(encoded), Some(stated)) = (check.gender, person.gender) {
        if encoded != stated {
            out.push(Reason::new(
                ReasonCode::DataMismatch,
                "person.idNumber,person.gender",
                Some(format!("the {scheme} number encodes another gender than gender")),
            ));
        }
    }
    out
}

fn issue_name(issue: super::IdIssue) -> &'static str {
    use super::IdIssue::*;
    match issue {
        Length => "length",
        Characters => "characters",
        Checksum => "checksum",
        DateOfBirth => "date_of_birth",
        Region => "region",
        Serial => "serial",
        UnknownType => "unknown_type",
    }
}
