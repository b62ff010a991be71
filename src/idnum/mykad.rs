//! Malaysia: the National Registration Identity Card number on MyKad, `YYMMDD-PB-###G`.
//!
//! - `YYMMDD`: the date of birth.
//! - `PB`: the place of birth, from the National Registration Department's (Jabatan Pendaftaran Negara, JPN)
//!   lists "Kod Negeri" (state codes, <https://www.jpn.gov.my/en/kod-negeri-eng>, formerly
//!   `jpn.gov.my/informasi/kod-negeri/`) and "Kod Negara" (country codes,
//!   <https://www.jpn.gov.my/en/kod-negara-eng>, formerly `jpn.gov.my/en/informasi/kod-negara/`). The table below
//!   is those two lists; python-stdnum's `stdnum/my/bp.dat`, generated from the same pages, agrees code for code.
//!   Codes 17–20, 69–70, 73, 80–81 and 94–97 are in neither list.
//! - `###G`: a serial whose last digit is odd for men and even for women (JPN).
//!
//! The two-digit year is read as the latest year not after today (a MyKid holder may be born this year), so a
//! holder over 100 reads a century late: the number itself cannot tell.

use time::Date;

use super::{birth_date, compact, digit_issues, iso, two, IdIssue, IdNumberCheck, IdType};
use crate::model::Gender;

/// The place-of-birth code's meaning, or `None` when JPN does not list it.
pub fn place_of_birth(code: u8) -> Option<&'static str> {
    Some(match code {
        1 | 21..=24 => "Johor",
        2 | 25..=27 => "Kedah",
        3 | 28 | 29 => "Kelantan",
        4 | 30 => "Melaka",
        5 | 31 | 59 => "Negeri Sembilan",
        6 | 32 | 33 => "Pahang",
        7 | 34 | 35 => "Pulau Pinang",
        8 | 36..=39 => "Perak",
        9 | 40 => "Perlis",
        10 | 41..=44 => "Selangor",
        11 | 45 | 46 => "Terengganu",
        12 | 47..=49 => "Sabah",
        13 | 50..=53 => "Sarawak",
        14 | 54..=57 => "Wilayah Persekutuan Kuala Lumpur",
        15 | 58 => "Wilayah Persekutuan Labuan",
        16 => "Wilayah Persekutuan Putrajaya",
        60 => "Brunei",
        61 => "Indonesia",
        62 => "Cambodia",
        63 => "Laos",
        64 => "Myanmar",
        65 => "Philippines",
        66 => "Singapore",
        67 => "Thailand",
        68 => "Viet Nam",
        71 | 72 => "Outside Malaysia (Luar Negara)",
        74 => "China",
        75 => "India",
        76 => "Pakistan",
        77 => "Saudi Arabia",
        78 => "Sri Lanka",
        79 => "Bangladesh",
        82 => "Unknown state (Negeri Tidak Diketahui)",
        83 => "Asia-Pacific",
        84 => "South America",
        85 => "Africa",
        86 => "Europe",
        87 => "Britain and Ireland",
        88 => "Middle East",
        89 => "Far East",
        90 => "Caribbean and Central America",
        91 => "North America",
        92 => "Eastern Europe and former USSR",
        93 => "Other countries",
        98 => "Stateless",
        99 => "Unspecified or refugee",
        _ => return None,
    })
}

/// Checks a MyKad number (with or without dashes and spaces).
pub fn check(value: &str, today: Date) -> IdNumberCheck {
    let s = compact(value);
    let mut out = IdNumberCheck::with_issues(Some(IdType::MyKad), digit_issues(&s, 12));
    if !out.issues.is_empty() {
        return out;
    }
    out.normalized = Some(format!("{}-{}-{}", &s[..6], &s[6..8], &s[8..]));
    match birth_date(two(&s, 0), two(&s, 2), two(&s, 4), today) {
        Some(d) => {
            out.date_of_birth = Some(iso(d));
            out.birth_year = Some(d.year());
        }
        None => out.issues.push(IdIssue::DateOfBirth),
    }
    match place_of_birth(two(&s, 6)) {
        Some(place) => out.region = Some(place.to_string()),
        None => out.issues.push(IdIssue::Region),
    }
    let last = s.as_bytes().last().map_or(0, |b| b - b'0');
    out.gender = Some(if last % 2 == 1 { Gender::Male } else { Gender::Female });
    out.finish()
}
