//! Thailand: the 13-digit personal identification number of the Department of Provincial Administration
//! (Ministry of Interior), printed `X-XXXX-XXXXX-XX-X`. The last digit checks the first twelve: their sum
//! weighted 13 down to 2, then `(11 − sum mod 11) mod 10`.

use super::{compact, digit_issues, IdIssue, IdNumberCheck, IdType};

/// The check digit of the first twelve digits (ASCII) of a Thai ID.
pub fn check_digit(digits: &[u8]) -> u8 {
    let sum: u32 =
        digits.iter().take(12).zip((2..=13).rev()).map(|(d, w)| u32::from(d.wrapping_sub(b'0') % 10) * w).sum();
    ((11 - sum % 11) % 10) as u8
}

/// Checks a Thai ID (dashes and spaces allowed).
pub fn check(value: &str) -> IdNumberCheck {
    let s = compact(value);
    let mut out = IdNumberCheck::with_issues(Some(IdType::ThaiId), digit_issues(&s, 13));
    if !out.issues.is_empty() {
        return out;
    }
    let b = s.as_bytes();
    out.normalized = Some(format!("{}-{}-{}-{}-{}", &s[..1], &s[1..5], &s[5..10], &s[10..12], &s[12..]));
    if b.get(12).map(|d| d - b'0') != Some(check_digit(b)) {
        out.issues.push(IdIssue::Checksum);
    }
    out.finish()
}
