//! Viet Nam: the 12-digit personal identification number (số định danh cá nhân) printed on the Căn cước
//! công dân / Căn cước card, `PPP G YY RRRRRR` (Decree 137/2015/NĐ-CP Article 13; Circular 07/2016/TT-BCA
//! Article 7):
//! - `PPP`: the province where the birth was registered, Appendix 1 of Circular 07/2016/TT-BCA (the 63
//!   provinces' codes below). A birth registered abroad carries a country code instead, which that list does
//!   not give: such numbers are reported with the issue `region`.
//! - `G`: century and sex: 0/1 for men/women born 1900–1999, 2/3 for 2000–2099, 4/5 for 2100–2199, 6/7 for
//!   2200–2299, 8/9 for 2300–2399 (Article 7.2).
//! - `YY`: the last two digits of the year of birth; `RRRRRR`: a random number.
//!
//! The 2025 merger of provinces did not renumber issued cards; the codes stay those of Appendix 1.

use time::Date;

use super::{compact, digit_issues, two, IdIssue, IdNumberCheck, IdType};
use crate::model::Gender;

/// The province for a CCCD's first three digits (Circular 07/2016/TT-BCA, Appendix 1), or `None`.
pub fn province(code: u16) -> Option<&'static str> {
    Some(match code {
        1 => "Hà Nội",
        2 => "Hà Giang",
        4 => "Cao Bằng",
        6 => "Bắc Kạn",
        8 => "Tuyên Quang",
        10 => "Lào Cai",
        11 => "Điện Biên",
        12 => "Lai Châu",
        14 => "Sơn La",
        15 => "Yên Bái",
        17 => "Hòa Bình",
        19 => "Thái Nguyên",
        20 => "Lạng Sơn",
        22 => "Quảng Ninh",
        24 => "Bắc Giang",
        25 => "Phú Thọ",
        26 => "Vĩnh Phúc",
        27 => "Bắc Ninh",
        30 => "Hải Dương",
        31 => "Hải Phòng",
        33 => "Hưng Yên",
        34 => "Thái Bình",
        35 => "Hà Nam",
        36 => "Nam Định",
        37 => "Ninh Bình",
        38 => "Thanh Hóa",
        40 => "Nghệ An",
        42 => "Hà Tĩnh",
        44 => "Quảng Bình",
        45 => "Quảng Trị",
        46 => "Thừa Thiên Huế",
        48 => "Đà Nẵng",
        49 => "Quảng Nam",
        51 => "Quảng Ngãi",
        52 => "Bình Định",
        54 => "Phú Yên",
        56 => "Khánh Hòa",
        58 => "Ninh Thuận",
        60 => "Bình Thuận",
        62 => "Kon Tum",
        64 => "Gia Lai",
        66 => "Đắk Lắk",
        67 => "Đắk Nông",
        68 => "Lâm Đồng",
        70 => "Bình Phước",
        72 => "Tây Ninh",
        74 => "Bình Dương",
        75 => "Đồng Nai",
        77 => "Bà Rịa - Vũng Tàu",
        79 => "Hồ Chí Minh",
        80 => "Long An",
        82 => "Tiền Giang",
        83 => "Bến Tre",
        84 => "Trà Vinh",
        86 => "Vĩnh Long",
        87 => "Đồng Tháp",
        89 => "An Giang",
        91 => "Kiên Giang",
        92 => "Cần Thơ",
        93 => "Hậu Giang",
        94 => "Sóc Trăng",
        95 => "Bạc Liêu",
        96 => "Cà Mau",
        _ => return None,
    })
}

/// Checks a CCCD number; a year of birth after `today`'s is the issue `date_of_birth`.
pub fn check(value: &str, today: Date) -> IdNumberCheck {
    let s = compact(value);
    let mut out = IdNumberCheck::with_issues(Some(IdType::Cccd), digit_issues(&s, 12));
    if !out.issues.is_empty() {
        return out;
    }
    out.normalized = Some(s.clone());
    let b = s.as_bytes();
    let code = b.iter().take(3).fold(0u16, |a, d| a * 10 + u16::from(d - b'0'));
    match province(code) {
        Some(p) => out.region = Some(p.to_string()),
        None => out.issues.push(IdIssue::Region),
    }
    let g = b.get(3).map_or(0, |d| d - b'0');
    out.gender = Some(if g % 2 == 0 { Gender::Male } else { Gender::Female });
    let year = 1900 + 100 * i32::from(g / 2) + i32::from(two(&s, 4));
    out.birth_year = Some(year);
    if year > today.year() {
        out.issues.push(IdIssue::DateOfBirth);
    }
    out.finish()
}
