//! Singapore: NRIC (S, T series) and FIN (F, G, M series), `@1234567#`.
//!
//! The check letter is the Immigration & Checkpoints Authority's weighted sum: the seven digits times
//! 2, 7, 6, 5, 4, 3, 2, plus 4 for T and G (issued from 2000), plus 3 for M (issued from 2022), modulo 11,
//! looked up in a table per series. S/T and F/G as published by ICA and used since 1991 (description and
//! tables: <http://www.ngiam.net/NRIC/NRIC_numbers.pdf>); the M series as implemented by GovTech's FormSG
//! (`shared/utils/nric-validation.ts`: `KLJNPQRTUWX` indexed by `10 − (sum + 3) mod 11`), whose test
//! accepts `M1234567K`.

use super::{compact, IdIssue, IdNumberCheck, IdType};

const WEIGHTS: [u32; 7] = [2, 7, 6, 5, 4, 3, 2];
const ST: &[u8; 11] = b"JZIHGFEDCBA";
const FG: &[u8; 11] = b"XWUTRQPNMLK";
const M: &[u8; 11] = b"XWUTRQPNJLK";

/// The check letter of `prefix` + `digits` (seven ASCII digits), or `None` for an unknown prefix.
pub fn check_letter(prefix: u8, digits: &[u8]) -> Option<u8> {
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d.wrapping_sub(b'0') % 10) * w).sum();
    let (offset, table) = match prefix {
        b'S' => (0, ST),
        b'T' => (4, ST),
        b'F' => (0, FG),
        b'G' => (4, FG),
        b'M' => (3, M),
        _ => return None,
    };
    table.get(((sum + offset) % 11) as usize).copied()
}

/// Checks an NRIC or FIN; `want` restricts the series (NRIC: S, T; FIN: F, G, M).
pub fn check(value: &str, want: Option<IdType>) -> IdNumberCheck {
    let s = compact(value);
    let b = s.as_bytes();
    let id_type = match b.first() {
        Some(b'S' | b'T') => Some(IdType::Nric),
        Some(b'F' | b'G' | b'M') => Some(IdType::Fin),
        _ => None,
    };
    let mut issues = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    if chars.len() != 9 {
        issues.push(IdIssue::Length);
    }
    // Judged apart from the length, so a missing digit is `length` only.
    let middle = chars.get(1..chars.len().saturating_sub(1)).unwrap_or_default();
    let shape_ok = chars.len() >= 2
        && middle.iter().all(char::is_ascii_digit)
        && chars.last().is_some_and(char::is_ascii_uppercase);
    if id_type.is_none() || (want.is_some() && id_type != want) || !shape_ok {
        issues.push(IdIssue::Characters);
    }
    let mut out = IdNumberCheck::with_issues(want.or(id_type), issues);
    if !out.issues.is_empty() {
        return out;
    }
    out.normalized = Some(s.clone());
    let (Some(&prefix), Some(&letter)) = (b.first(), b.get(8)) else { return out };
    if check_letter(prefix, b.get(1..8).unwrap_or_default()) != Some(letter) {
        out.issues.push(IdIssue::Checksum);
    }
    out.finish()
}
