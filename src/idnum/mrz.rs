//! `parseMrz`: the machine-readable zone of ICAO Doc 9303 travel documents (8th edition, 2021): TD1 (ID cards,
//! 3 × 30, Part 5), TD2 (2 × 36, Part 6) and TD3 (passports, 2 × 44, Part 4), with every check digit of
//! Part 3 §4.9 (weights 7, 3, 1; `<` = 0, `A`–`Z` = 10–35) and the composite.
//!
//! OCR confuses a few glyphs of the OCR-B font (`O`/`0`, `I`/`1`, `B`/`8`, `S`/`5`, `Z`/`2`, `G`/`6`, `D`/`0`,
//! `Q`/`0`). A confusion is repaired only where a check digit confirms it: in a field protected by a check
//! digit (document number, dates, TD3 personal number), and in the optional data through the composite, the
//! repair is made when the check passes for one reading of the confusable characters with fewer changes than
//! any other passing reading (a letter in a date has only its digit reading). Fields no check digit covers
//! (names, codes, nationality, sex) are never changed.

use serde::{Deserialize, Serialize};
use time::{Date, Month};
use tsify::Tsify;

use crate::model::Gender;

/// The three document sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub enum MrzFormat {
    TD1,
    TD2,
    TD3,
}

/// A field a check digit protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum MrzCheckedField {
    DocumentNumber,
    DateOfBirth,
    ExpiryDate,
    /// TD3's personal number (optional data of line 2).
    PersonalNumber,
    Composite,
}

/// One check digit and whether it holds (after any repair).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MrzCheck {
    pub field: MrzCheckedField,
    pub valid: bool,
}

/// One character changed by a repair that a check digit confirmed. `line` and `column` count from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MrzRepair {
    pub line: u8,
    pub column: u8,
    pub from: String,
    pub to: String,
}

/// The fields of a machine-readable zone, fillers (`<`) removed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct MrzFields {
    /// `P`, `I`, `ID`, `AC`…
    pub document_code: String,
    /// ICAO three-letter code (ISO 3166-1 alpha-3 or an ICAO code such as `D`, `UTO`).
    pub issuing_state: String,
    /// The whole number, with a TD1/TD2 long number's overflow from the optional data.
    pub document_number: String,
    pub surname: String,
    pub given_names: String,
    pub nationality: String,
    /// `YYYY-MM-DD` (the latest century not after today), `null` when not a real date.
    pub date_of_birth: Option<String>,
    /// `YYYY-MM-DD` (the century within 50 years of today), `null` when not a real date.
    pub expiry_date: Option<String>,
    /// `null` for `<` and `X` (unspecified).
    pub sex: Option<Gender>,
    /// TD1 line 1, TD2 line 2 or TD3's personal number.
    pub optional_data: String,
    /// TD1 line 2's optional data; `null` for TD2 and TD3.
    pub optional_data2: Option<String>,
}

// Personal data: `Debug` shows only the document's shape.
impl std::fmt::Debug for MrzFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MrzFields")
            .field("document_code", &self.document_code)
            .field("issuing_state", &self.issuing_state)
            .finish_non_exhaustive()
    }
}

/// What [`parse_mrz`] read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct MrzResult {
    /// `null` when the text has no TD1, TD2 or TD3 layout (then `fields` is `null` too).
    pub format: Option<MrzFormat>,
    /// The layout was recognized, every check digit holds and both dates are real.
    pub valid: bool,
    /// The lines as read, after the confirmed repairs.
    pub lines: Vec<String>,
    pub fields: Option<MrzFields>,
    pub checks: Vec<MrzCheck>,
    pub repairs: Vec<MrzRepair>,
}

/// A span of one line: `(line, start, end)` (0-based, end exclusive).
type Span = (usize, usize, usize);

/// A field a check digit protects: its spans, the check digit's `(line, column)`, its characters' kind.
type Checked = (MrzCheckedField, Vec<Span>, (usize, usize), Kind);

/// What kind of characters a position holds.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Digits only (dates, check digits): a letter there is read as the digit it resembles.
    Numeric,
    /// Letters, digits and fillers: a confusable glyph may be either.
    Alnum,
}

/// Reads the machine-readable zone in `text` (lines separated by line breaks; spaces inside lines are ignored;
/// a single line of 90, 72 or 88 characters is split). Never fails: an unrecognized layout is `format: null`.
///
/// ```
/// use ekyc_bridge::idnum::mrz::{parse_mrz, MrzFormat};
/// let r = parse_mrz(
///     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
///     time::macros::date!(2026 - 12 - 02),
/// );
/// assert_eq!(r.format, Some(MrzFormat::TD3));
/// assert!(r.valid);
/// assert_eq!(r.fields.unwrap().document_number, "L898902C3");
/// ```
pub fn parse_mrz(text: &str, today: Date) -> MrzResult {
    let mut lines: Vec<Vec<u8>> = text
        .lines()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect::<String>())
        .filter(|l| !l.is_empty())
        .map(String::into_bytes)
        .collect();
    if lines.len() == 1 {
        let one = lines.remove(0);
        let width = match one.len() {
            90 => 30,
            72 => 36,
            88 => 44,
            _ => one.len().max(1),
        };
        lines = one.chunks(width).map(<[u8]>::to_vec).collect();
    }
    let shape: Vec<usize> = lines.iter().map(Vec::len).collect();
    let format = match shape.as_slice() {
        [30, 30, 30] => Some(MrzFormat::TD1),
        [36, 36] => Some(MrzFormat::TD2),
        [44, 44] => Some(MrzFormat::TD3),
        _ => None,
    };
    let as_strings = |lines: &[Vec<u8>]| lines.iter().map(|l| String::from_utf8_lossy(l).into_owned()).collect();
    // Only printable ASCII can be an MRZ; anything else (any non-ASCII byte) keeps the layout unrecognized.
    let Some(format) = format.filter(|_| lines.iter().flatten().all(|b| b.is_ascii_graphic())) else {
        return MrzResult {
            format: None,
            valid: false,
            lines: as_strings(&lines),
            fields: None,
            checks: Vec::new(),
            repairs: Vec::new(),
        };
    };
    let layout = Layout::of(format, &lines);
    let mut repairs = Vec::new();
    let mut checks = Vec::new();
    // Positions a field's own check digit covers: the composite may not repair them (they are confirmed, or
    // their own check already found no single reading).
    let mut covered = Vec::new();
    for (field, spans, check_at, kind) in &layout.checked {
        let ok = confirm(&mut lines, spans, *check_at, *kind, &[], &mut repairs);
        checks.push(MrzCheck { field: *field, valid: ok });
        covered.extend(spans.iter().flat_map(|&(l, s, e)| (s..e).map(move |c| (l, c))));
        covered.push(*check_at);
    }
    let composite_ok = confirm(&mut lines, &layout.composite, layout.composite_at, Kind::Alnum, &covered, &mut repairs);
    checks.push(MrzCheck { field: MrzCheckedField::Composite, valid: composite_ok });
    let fields = layout.fields(&lines, today);
    let dates_ok = fields.date_of_birth.is_some() && fields.expiry_date.is_some();
    MrzResult {
        format: Some(format),
        valid: dates_ok && checks.iter().all(|c| c.valid),
        lines: as_strings(&lines),
        fields: Some(fields),
        checks,
        repairs,
    }
}

/// Where a format keeps each field.
struct Layout {
    format: MrzFormat,
    checked: Vec<Checked>,
    composite: Vec<Span>,
    composite_at: (usize, usize),
    /// The document number's spans (with a long number's overflow).
    number: Vec<Span>,
}

impl Layout {
    fn of(format: MrzFormat, lines: &[Vec<u8>]) -> Layout {
        use MrzCheckedField::*;
        let at = |l: usize, c: usize| lines.get(l).and_then(|line| line.get(c)).copied().unwrap_or(b'<');
        // A TD1/TD2 number longer than nine characters: `<` in the check digit's place, the rest and the check
        // digit at the start of the optional data (Part 5 §4.2.2 note j, Part 6 §4.2.2 note j).
        let long = |l: usize, check: usize, opt: (usize, usize)| -> Option<(Vec<Span>, (usize, usize))> {
            if at(l, check) != b'<' || at(l, opt.0) == b'<' {
                return None;
            }
            let end = (opt.0..opt.1).find(|&c| at(l, c) == b'<').unwrap_or(opt.1);
            (end > opt.0 + 1).then(|| (vec![(l, check - 9, check), (l, opt.0, end - 1)], (l, end - 1)))
        };
        match format {
            MrzFormat::TD1 => {
                let (number, number_at) = long(0, 14, (15, 30)).unwrap_or((vec![(0, 5, 14)], (0, 14)));
                Layout {
                    format,
                    checked: vec![
                        (DocumentNumber, number.clone(), number_at, Kind::Alnum),
                        (DateOfBirth, vec![(1, 0, 6)], (1, 6), Kind::Numeric),
                        (ExpiryDate, vec![(1, 8, 14)], (1, 14), Kind::Numeric),
                    ],
                    composite: vec![(0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)],
                    composite_at: (1, 29),
                    number,
                }
            }
            MrzFormat::TD2 | MrzFormat::TD3 => {
                let td2 = format == MrzFormat::TD2;
                let (number, number_at) = if td2 {
                    long(1, 9, (28, 35)).unwrap_or((vec![(1, 0, 9)], (1, 9)))
                } else {
                    (vec![(1, 0, 9)], (1, 9))
                };
                let mut checked = vec![
                    (DocumentNumber, number.clone(), number_at, Kind::Alnum),
                    (DateOfBirth, vec![(1, 13, 19)], (1, 19), Kind::Numeric),
                    (ExpiryDate, vec![(1, 21, 27)], (1, 27), Kind::Numeric),
                ];
                if !td2 {
                    checked.push((PersonalNumber, vec![(1, 28, 42)], (1, 42), Kind::Alnum));
                }
                let end = if td2 { 35 } else { 43 };
                Layout {
                    format,
                    checked,
                    composite: vec![(1, 0, 10), (1, 13, 20), (1, 21, end)],
                    composite_at: (1, end),
                    number,
                }
            }
        }
    }

    fn fields(&self, lines: &[Vec<u8>], today: Date) -> MrzFields {
        let text = |(l, s, e): Span| -> String {
            let bytes = lines.get(l).and_then(|line| line.get(s..e)).unwrap_or_default();
            String::from_utf8_lossy(bytes).into_owned()
        };
        let clean = |s: String| s.trim_matches('<').replace('<', " ");
        let (name_line, dob, sex, expiry, nationality, optional, optional2) = match self.format {
            MrzFormat::TD1 => {
                ((2, 0, 30), (1, 0, 6), (1, 7, 8), (1, 8, 14), (1, 15, 18), (0, 15, 30), Some((1, 18, 29)))
            }
            MrzFormat::TD2 => ((0, 5, 36), (1, 13, 19), (1, 20, 21), (1, 21, 27), (1, 10, 13), (1, 28, 35), None),
            MrzFormat::TD3 => ((0, 5, 44), (1, 13, 19), (1, 20, 21), (1, 21, 27), (1, 10, 13), (1, 28, 42), None),
        };
        let name = text(name_line);
        let (surname, given) = name.split_once("<<").unwrap_or((&name, ""));
        let optional = text(optional);
        // A long number's overflow and check digit sit in the optional data; what follows is the real optional data.
        let optional = match self.number.get(1) {
            Some(&(l, s, e)) if optional_span_holds(self.format, l, s) => {
                optional.get(e - s + 1..).unwrap_or_default().to_string()
            }
            _ => optional,
        };
        MrzFields {
            document_code: clean(text((0, 0, 2))),
            issuing_state: clean(text((0, 2, 5))),
            document_number: self.number.iter().map(|&s| text(s)).collect::<String>().replace('<', ""),
            surname: clean(surname.to_string()),
            given_names: clean(given.to_string()),
            nationality: clean(text(nationality)),
            date_of_birth: date(&text(dob), today, false),
            expiry_date: date(&text(expiry), today, true),
            sex: match text(sex).as_str() {
                "M" => Some(Gender::Male),
                "F" => Some(Gender::Female),
                _ => None,
            },
            optional_data: clean(optional),
            optional_data2: optional2.map(|s| clean(text(s))),
        }
    }
}

/// Whether the span starting at `(line, start)` is the start of the format's optional data (a long number).
fn optional_span_holds(format: MrzFormat, line: usize, start: usize) -> bool {
    matches!((format, line, start), (MrzFormat::TD1, 0, 15) | (MrzFormat::TD2, 1, 28))
}

/// `YYMMDD` as `YYYY-MM-DD`: a birth date in the latest century not after `today`, an expiry date in the
/// century that puts it within 50 years of `today`.
fn date(yymmdd: &str, today: Date, expiry: bool) -> Option<String> {
    let b = yymmdd.as_bytes();
    if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let (yy, mm, dd) = (super::two(yymmdd, 0), super::two(yymmdd, 2), super::two(yymmdd, 4));
    if !expiry {
        return super::birth_date(yy, mm, dd, today).map(super::iso);
    }
    let month = Month::try_from(mm).ok()?;
    let century = today.year() - today.year().rem_euclid(100);
    let mut year = century + i32::from(yy);
    if year > today.year() + 50 {
        year -= 100;
    } else if year < today.year() - 50 {
        year += 100;
    }
    Date::from_calendar_date(year, month, dd).ok().map(super::iso)
}

/// The value of an MRZ character for check digits, `None` for a character the MRZ does not use.
fn value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// The ICAO 9303 check digit of `chars` (weights 7, 3, 1), `None` when one is not an MRZ character.
pub fn check_digit(chars: impl IntoIterator<Item = u8>) -> Option<u8> {
    let mut sum = 0u32;
    for (c, w) in chars.into_iter().zip([7u32, 3, 1].into_iter().cycle()) {
        sum += value(c)? * w;
    }
    Some((sum % 10) as u8)
}

/// The digit an OCR misreading of `c` stands for, in a numeric position.
fn as_digit(c: u8) -> Option<u8> {
    Some(match c {
        b'O' | b'Q' | b'D' => b'0',
        b'I' | b'L' => b'1',
        b'Z' => b'2',
        b'S' => b'5',
        b'G' => b'6',
        b'B' => b'8',
        _ => return None,
    })
}

/// The other reading of a confusable glyph in an alphanumeric position.
fn swap(c: u8) -> Option<u8> {
    Some(match c {
        b'O' => b'0',
        b'0' => b'O',
        b'I' => b'1',
        b'1' => b'I',
        b'Z' => b'2',
        b'2' => b'Z',
        b'S' => b'5',
        b'5' => b'S',
        b'G' => b'6',
        b'6' => b'G',
        b'B' => b'8',
        b'8' => b'B',
        _ => return None,
    })
}

/// Whether the check digit at `check` holds for `spans` (`<` counts as a valid check digit of an all-filler
/// field). Otherwise tries every reading of the confusable characters (the check digit's own glyph as a digit)
/// and applies the passing reading with the fewest changes, if exactly one has that few, recording it in
/// `repairs`; the positions in `frozen` keep their character. Returns whether the check holds.
fn confirm(
    lines: &mut [Vec<u8>],
    spans: &[Span],
    check: (usize, usize),
    kind: Kind,
    frozen: &[(usize, usize)],
    repairs: &mut Vec<MrzRepair>,
) -> bool {
    let get = |lines: &[Vec<u8>], (l, c): (usize, usize)| lines.get(l).and_then(|line| line.get(c)).copied();
    let positions: Vec<(usize, usize)> = spans.iter().flat_map(|&(l, s, e)| (s..e).map(move |c| (l, c))).collect();
    let holds = |lines: &[Vec<u8>]| -> bool {
        let chars: Option<Vec<u8>> = positions.iter().map(|&p| get(lines, p)).collect();
        let (Some(chars), Some(digit)) = (chars, get(lines, check)) else { return false };
        if digit == b'<' {
            return chars.iter().all(|&c| c == b'<');
        }
        digit.is_ascii_digit() && check_digit(chars) == Some(digit - b'0')
    };
    if holds(lines) {
        return true;
    }
    // Each position's readings: the first is the character as read.
    let mut options: Vec<((usize, usize), Vec<u8>)> = Vec::new();
    for &p in positions.iter().chain(std::iter::once(&check)).filter(|p| !frozen.contains(p)) {
        let Some(c) = get(lines, p) else { return false };
        let numeric = kind == Kind::Numeric || p == check;
        let alternatives = match (numeric, as_digit(c), swap(c)) {
            (true, Some(d), _) => vec![d],
            (false, _, Some(o)) => vec![c, o],
            _ => continue,
        };
        options.push((p, alternatives));
    }
    let combinations: usize = options.iter().map(|(_, a)| a.len()).product();
    if options.is_empty() || combinations > 4096 {
        return false;
    }
    let original: Vec<u8> = options.iter().filter_map(|&(p, _)| get(lines, p)).collect();
    // The passing readings with the fewest changes; a repair is made only when one reading is the closest.
    let mut best: Option<(usize, Vec<u8>)> = None;
    let mut tied = false;
    for n in 0..combinations {
        let mut rest = n;
        let choice: Vec<u8> = options
            .iter()
            .map(|(_, a)| {
                let pick = a.get(rest % a.len()).copied().unwrap_or(b'<');
                rest /= a.len();
                pick
            })
            .collect();
        set(lines, &options, &choice);
        if holds(lines) {
            let changes = choice.iter().zip(&original).filter(|(a, b)| a != b).count();
            match &best {
                Some((least, _)) if changes > *least => {}
                Some((least, _)) if changes == *least => tied = true,
                _ => {
                    best = Some((changes, choice));
                    tied = false;
                }
            }
        }
    }
    let choice = match best {
        Some((_, choice)) if !tied => choice,
        _ => {
            set(lines, &options, &original);
            return false;
        }
    };
    set(lines, &options, &choice);
    for (((l, c), _), (&from, &to)) in options.iter().zip(original.iter().zip(&choice)) {
        if from != to {
            repairs.push(MrzRepair {
                line: u8::try_from(l + 1).unwrap_or(u8::MAX),
                column: u8::try_from(c + 1).unwrap_or(u8::MAX),
                from: char::from(from).to_string(),
                to: char::from(to).to_string(),
            });
        }
    }
    true
}

fn set(lines: &mut [Vec<u8>], options: &[((usize, usize), Vec<u8>)], choice: &[u8]) {
    for (((l, c), _), &v) in options.iter().zip(choice) {
        if let Some(slot) = lines.get_mut(*l).and_then(|line| line.get_mut(*c)) {
            *slot = v;
        }
    }
}
