//! Nigeria: the Bank Verification Number (BVN, Central Bank of Nigeria / NIBSS) and the National
//! Identification Number (NIN, National Identity Management Commission) are both 11 digits. Neither authority
//! publishes a check digit or a structure, so only the length and the characters are checked, and an 11-digit
//! number given without `type` cannot be told apart: it is checked as either, with `type` `null`.

use super::{compact, digit_issues, IdNumberCheck, IdType};

/// Checks a BVN or NIN.
pub fn check(value: &str, id_type: Option<IdType>) -> IdNumberCheck {
    let s = compact(value);
    let mut out = IdNumberCheck::with_issues(id_type, digit_issues(&s, 11));
    if out.issues.is_empty() {
        out.normalized = Some(s);
    }
    out
}
