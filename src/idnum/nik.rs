//! Indonesia: Nomor Induk Kependudukan (NIK), 16 digits `PPKKCC DDMMYY SSSS`.
//!
//! - `PP KK CC`: province, regency/city and district of registration, the Ministry of Home Affairs'
//!   (Kemendagri) area codes. Provinces: Keputusan Menteri Dalam Negeri No. 100.1.1-6117 Tahun 2022 (Pemberian
//!   dan Pemutakhiran Kode, Data Wilayah Administrasi Pemerintahan, dan Pulau), which adds the four new Papua
//!   provinces 93–96 (UU 14, 15, 16/2022 and 29/2022) to the 34 of Permendagri 72/2019. Regency codes run 01–69
//!   (kabupaten) and 71–99 (kota) under the same rule, so `00` is no regency; district codes start at 01.
//!   Regencies are not checked against a list: a NIK keeps the code it was issued under when regencies are
//!   split or renumbered (Merauke was 91.01 before 2022, 93.01 after).
//! - `DDMMYY`: the date of birth, with 40 added to the day for women (Dukcapil).
//! - `SSSS`: a serial from 0001.

use time::Date;

use super::{birth_date, compact, digit_issues, iso, two, IdIssue, IdNumberCheck, IdType};
use crate::model::Gender;

/// The province name for a NIK's first two digits (Kepmendagri 100.1.1-6117/2022), or `None`.
pub fn province(code: u8) -> Option<&'static str> {
    Some(match code {
        11 => "Aceh",
        12 => "Sumatera Utara",
        13 => "Sumatera Barat",
        14 => "Riau",
        15 => "Jambi",
        16 => "Sumatera Selatan",
        17 => "Bengkulu",
        18 => "Lampung",
        19 => "Kepulauan Bangka Belitung",
        21 => "Kepulauan Riau",
        31 => "DKI Jakarta",
        32 => "Jawa Barat",
        33 => "Jawa Tengah",
        34 => "DI Yogyakarta",
        35 => "Jawa Timur",
        36 => "Banten",
        51 => "Bali",
        52 => "Nusa Tenggara Barat",
        53 => "Nusa Tenggara Timur",
        61 => "Kalimantan Barat",
        62 => "Kalimantan Tengah",
        63 => "Kalimantan Selatan",
        64 => "Kalimantan Timur",
        65 => "Kalimantan Utara",
        71 => "Sulawesi Utara",
        72 => "Sulawesi Tengah",
        73 => "Sulawesi Selatan",
        74 => "Sulawesi Tenggara",
        75 => "Gorontalo",
        76 => "Sulawesi Barat",
        81 => "Maluku",
        82 => "Maluku Utara",
        91 => "Papua",
        92 => "Papua Barat",
        93 => "Papua Selatan",
        94 => "Papua Tengah",
        95 => "Papua Pegunungan",
        96 => "Papua Barat Daya",
        _ => return None,
    })
}

/// Checks a NIK (separators allowed).
pub fn check(value: &str, today: Date) -> IdNumberCheck {
    let s = compact(value);
    let mut out = IdNumberCheck::with_issues(Some(IdType::Nik), digit_issues(&s, 16));
    if !out.issues.is_empty() {
        return out;
    }
    out.normalized = Some(s.clone());
    match province(two(&s, 0)) {
        Some(p) if two(&s, 2) != 0 && two(&s, 4) != 0 => out.region = Some(p.to_string()),
        Some(p) => {
            out.region = Some(p.to_string());
            out.issues.push(IdIssue::Region);
        }
        None => out.issues.push(IdIssue::Region),
    }
    let day = two(&s, 6);
    // Days 1–31 are men's, 41–71 women's; 32–40 and above 71 are neither.
    let (day, female) = match day {
        1..=31 => (day, false),
        41..=71 => (day - 40, true),
        _ => (0, day > 40),
    };
    out.gender = Some(if female { Gender::Female } else { Gender::Male });
    match birth_date(two(&s, 10), two(&s, 8), day, today) {
        Some(d) => {
            out.date_of_birth = Some(iso(d));
            out.birth_year = Some(d.year());
        }
        None => {
            out.issues.push(IdIssue::DateOfBirth);
            out.gender = None;
        }
    }
    if s.get(12..) == Some("0000") {
        out.issues.push(IdIssue::Serial);
    }
    out.finish()
}
