//! Native tests of the identity numbers and the MRZ.
//!
//! - The fixture walker of `tests/fixtures/idnum/` (as the providers' one): each `X.json` holds
//!   `{today, cases: [{why, country, type?, value}]}`, numbers built by hand from the published rules (valid
//!   ones and each way of being invalid); `X.expected.json` holds every case's `IdNumberCheck`.
//!   `EKYC_BLESS=1` rewrites the expected files; review the diff.
//! - Numbers published by others (python-stdnum's test lists, GovTech FormSG's tests) and the ICAO 9303
//!   specimen MRZs: independent vectors, not numbers made by this code.
//! - Random strings never panic.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use time::macros::date;
use time::Date;

use super::mrz::{check_digit, parse_mrz, MrzCheckedField, MrzFormat};
use super::*;

const TODAY: Date = date!(2026 - 12 - 02);

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join("idnum")
}

fn check(country: &str, id_type: Option<&str>, value: &str) -> IdNumberCheck {
    validate_id_number(&IdNumberInput { country, id_type, value }, TODAY)
}

#[test]
fn fixtures_match_expected() {
    let bless = std::env::var_os("EKYC_BLESS").is_some();
    let mut names: Vec<PathBuf> = fs::read_dir(dir())
        .expect("tests/fixtures/idnum")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "fixture files: {names:?}");
    let mut failures = Vec::new();
    let mut cases = 0;
    for path in names {
        let doc: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let today = Date::parse(
            doc["today"].as_str().expect("today"),
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .unwrap();
        let got: Vec<Value> = doc["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .map(|c| {
                cases += 1;
                let input = IdNumberInput {
                    country: c["country"].as_str().unwrap(),
                    id_type: c["type"].as_str(),
                    value: c["value"].as_str().unwrap(),
                };
                json!({"why": c["why"], "value": c["value"], "check": validate_id_number(&input, today)})
            })
            .collect();
        let got = Value::Array(got);
        let expected_path =
            path.with_file_name(format!("{}.expected.json", path.file_stem().unwrap().to_string_lossy()));
        let expected: Option<Value> =
            fs::read_to_string(&expected_path).ok().map(|t| serde_json::from_str(&t).unwrap());
        if expected.as_ref() == Some(&got) {
            continue;
        }
        if bless {
            fs::write(&expected_path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
        } else {
            failures.push(format!("{}: expected {expected:#?}\n got {got:#}", path.display()));
        }
    }
    assert!(cases >= 60, "only {cases} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every fixture case whose `why` starts with "valid" is valid, every other one is not: the expected files
/// cannot silently bless a wrong verdict.
#[test]
fn fixture_verdicts_follow_their_why() {
    for entry in fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".expected.json") {
            continue;
        }
        let cases: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        for c in cases.as_array().unwrap() {
            let why = c["why"].as_str().unwrap();
            let valid = c["check"]["valid"].as_bool().unwrap();
            assert_eq!(valid, why.starts_with("valid"), "{}: {why}", path.display());
            if let Some(issue) = why.strip_prefix("invalid: ").and_then(|w| w.split_whitespace().next()) {
                let issues = c["check"]["issues"].as_array().unwrap();
                assert!(issues.contains(&json!(issue)), "{}: {why}: {issues:?}", path.display());
            }
        }
    }
}

/// python-stdnum's list of Thai IDs "found online" (tests/test_th_pin.doctest): all valid.
#[test]
fn thai_ids_published_by_python_stdnum() {
    for n in [
        "1 1101 00152 64 1",
        "1 1996 00076 67 4",
        "1 6299 00299 92 5",
        "1-1002-00439-84-4",
        "1100900359657",
        "1311100161266",
        "2 3107 00002 24 7",
        "3   451  000  50     5414",
        "3-1001-00818-95-5",
        "3100400648338",
        "33508 0030 2577",
        "4-6607-00003-53-1",
        "5 5805 90000 01 9",
        "5900599008311",
        "3100600445635",
    ] {
        let c = check("THA", None, n);
        assert!(c.valid, "{n}: {:?}", c.issues);
    }
    // …and the one it rejects for its check digit.
    assert_eq!(check("THA", None, "1-2345-45678-78-9").issues, vec![IdIssue::Checksum]);
    assert!(check("THA", None, "1-2345-45678-78-1").valid);
}

/// Singapore: FormSG's M-series test numbers, and the check letters of ICA's worked example number 1234567
/// in each series (S1234567D is the example of the published algorithm).
#[test]
fn singapore_published_examples() {
    assert!(check("SGP", None, "M1234567K").valid);
    assert_eq!(check("SGP", None, "M1234567L").issues, vec![IdIssue::Checksum]);
    let s = check("SGP", None, "s1234567d");
    assert!(s.valid);
    assert_eq!((s.id_type, s.normalized.as_deref()), (Some(IdType::Nric), Some("S1234567D")));
    assert_eq!(check("SGP", Some("FIN"), "M1234567K").id_type, Some(IdType::Fin));
    assert_eq!(check("SGP", Some("NRIC"), "M1234567K").issues, vec![IdIssue::Characters]);
}

/// python-stdnum's MyKad and NIK doctests.
#[test]
fn mykad_and_nik_published_by_python_stdnum() {
    assert!(check("MYS", None, "770305-02-1234").valid);
    assert_eq!(check("MYS", None, "771305-02-1234").issues, vec![IdIssue::DateOfBirth]);
    assert_eq!(check("MYS", None, "770305-17-1234").issues, vec![IdIssue::Region]);
    assert!(check("IDN", None, "3171011708450001").valid);
    assert_eq!(check("IDN", None, "31710117084500").issues, vec![IdIssue::Length]);
    assert_eq!(check("IDN", None, "9971011708450001").issues, vec![IdIssue::Region]);
    let woman = check("IDN", None, "3171015708450001");
    assert_eq!((woman.date_of_birth.as_deref(), woman.gender), (Some("1945-08-17"), Some(Gender::Female)));
    assert_eq!(check("IDN", None, "3171012902001234").date_of_birth.as_deref(), Some("2000-02-29"));
    assert_eq!(check("IDN", None, "3171013002001234").issues, vec![IdIssue::DateOfBirth]);
}

/// ICAO 9303 Part 3 §4.9's worked example and the specimens of Parts 4, 5 and 6 (the Utopian ANNA MARIA
/// ERIKSSON), plus the Swedish specimen ID card.
#[test]
fn icao_specimens() {
    assert_eq!(check_digit(*b"520727"), Some(3));
    assert_eq!(check_digit(*b"L898902C3"), Some(6));

    let td3 =
        parse_mrz("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10", TODAY);
    assert_eq!(td3.format, Some(MrzFormat::TD3));
    assert!(td3.valid, "{:?}", td3.checks);
    assert!(td3.repairs.is_empty());
    let f = td3.fields.unwrap();
    assert_eq!((f.document_code.as_str(), f.issuing_state.as_str()), ("P", "UTO"));
    assert_eq!((f.surname.as_str(), f.given_names.as_str()), ("ERIKSSON", "ANNA MARIA"));
    assert_eq!((f.document_number.as_str(), f.nationality.as_str()), ("L898902C3", "UTO"));
    assert_eq!((f.date_of_birth.as_deref(), f.expiry_date.as_deref()), (Some("1974-08-12"), Some("2012-04-15")));
    assert_eq!((f.sex, f.optional_data.as_str()), (Some(Gender::Female), "ZE184226B"));
    assert_eq!(td3.checks.len(), 5);

    let td1 = parse_mrz(
        "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        TODAY,
    );
    assert_eq!(td1.format, Some(MrzFormat::TD1));
    assert!(td1.valid, "{:?}", td1.checks);
    let f = td1.fields.unwrap();
    assert_eq!((f.document_code.as_str(), f.document_number.as_str()), ("I", "D23145890"));
    assert_eq!((f.surname.as_str(), f.given_names.as_str()), ("ERIKSSON", "ANNA MARIA"));
    assert_eq!(f.date_of_birth.as_deref(), Some("1974-08-12"));
    assert_eq!(f.optional_data2.as_deref(), Some(""));

    let td2 = parse_mrz("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6", TODAY);
    assert_eq!(td2.format, Some(MrzFormat::TD2));
    assert!(td2.valid, "{:?}", td2.checks);
    assert_eq!(td2.fields.unwrap().document_number, "D23145890");

    // ICAO 9303 Part 11 Appendix D.2: a document number longer than nine characters (D23145890734), its overflow
    // and check digit in the optional data, in TD1 and TD2.
    let long1 = parse_mrz(
        "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<",
        TODAY,
    );
    assert!(long1.valid, "{:?}", long1.checks);
    let f = long1.fields.unwrap();
    assert_eq!((f.document_number.as_str(), f.optional_data.as_str()), ("D23145890734", ""));
    assert_eq!((f.date_of_birth.as_deref(), f.expiry_date.as_deref()), (Some("1934-07-12"), Some("1995-07-12")));
    assert_eq!((f.sex, f.given_names.as_str()), (Some(Gender::Male), "PETER JOHN"));
    let long2 = parse_mrz("I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<\nD23145890<UTO3407127M95071227349<<<8", TODAY);
    assert!(long2.valid, "{:?}", long2.checks);
    assert_eq!(long2.fields.unwrap().document_number, "D23145890734");

    let swe = parse_mrz(
        "I<SWE59000002<8198703142391<<<\n8703145M1701027SWE<<<<<<<<<<<8\nSPECIMEN<<SVEN<<<<<<<<<<<<<<<<",
        TODAY,
    );
    assert!(swe.valid, "{:?}", swe.checks);
    assert_eq!(swe.fields.unwrap().optional_data, "198703142391");
}

/// OCR confusions in the specimens: repaired where the check digits confirm, left alone elsewhere.
#[test]
fn mrz_repairs_only_what_check_digits_confirm() {
    // Date of birth 74O812 (letter O): the only digit reading passes its check digit.
    let r =
        parse_mrz("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO74O8122F12O4159ZE184226B<<<<<1O", TODAY);
    assert!(r.valid, "{:?}", r.checks);
    assert_eq!(r.lines[1], "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    assert_eq!(r.repairs.len(), 3);
    assert_eq!((r.repairs[0].line, r.repairs[0].column, r.repairs[0].from.as_str()), (2, 16, "O"));
    // Document number L898902C3 read as L8989O2C3: the check digit 6 confirms the 0.
    let r =
        parse_mrz("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8989O2C36UTO7408122F1204159ZE184226B<<<<<10", TODAY);
    assert!(r.valid);
    assert_eq!(r.fields.unwrap().document_number, "L898902C3");
    // The name is no check digit's business: a 0 in it stays.
    let r =
        parse_mrz("P<UTOERIKSS0N<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10", TODAY);
    assert!(r.valid && r.repairs.is_empty());
    assert_eq!(r.fields.unwrap().surname, "ERIKSS0N");
    // A real misprint (one digit for another) is not a confusion: the check fails, nothing is changed.
    let r =
        parse_mrz("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408132F1204159ZE184226B<<<<<10", TODAY);
    assert!(!r.valid && r.repairs.is_empty());
    let dob = r.checks.iter().find(|c| c.field == MrzCheckedField::DateOfBirth).unwrap();
    assert!(!dob.valid);
    // The TD1 optional data is covered only by the composite. The Swedish specimen's personal number has six
    // confusable digits, and a Z read for its 2 leaves several readings with one change that pass the
    // composite: not confirmed, so nothing is changed.
    let swe = "I<SWE59000002<8198703142391<<<\n8703145M1701027SWE<<<<<<<<<<<8\nSPECIMEN<<SVEN<<<<<<<<<<<<<<<<";
    let r = parse_mrz(&swe.replace("142391", "14Z391"), TODAY);
    assert!(!r.valid && r.repairs.is_empty(), "{:?}", r.repairs);
    assert_eq!(r.fields.unwrap().optional_data, "19870314Z391");
    // With one confusable character, the composite confirms: UTO's TD1 with an O in its (empty) optional data
    // is no confusion (a filler is no glyph OCR confuses), but its composite digit read as a letter is.
    let r = parse_mrz(
        "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<G\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        TODAY,
    );
    assert!(r.valid, "{:?}", r.checks);
    assert_eq!((r.repairs.len(), r.repairs[0].to.as_str()), (1, "6"));
}

#[test]
fn mrz_that_is_not_one() {
    for text in ["", "hello", "P<UTO\nL898", "\u{0}\u{ffff}", &"<".repeat(88), &"é".repeat(88)] {
        let r = parse_mrz(text, TODAY);
        assert!(!r.valid, "{text:?}");
    }
    assert_eq!(parse_mrz("P<UTO", TODAY).format, None);
}

/// A tiny xorshift: reproducible random strings without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn string(&mut self, alphabet: &[char]) -> String {
        let len = (self.next() % 40) as usize;
        (0..len).map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize]).collect()
    }
}

/// 10 000 random strings per country (digits, letters, separators, non-ASCII) never panic, and every
/// result keeps its invariants.
#[test]
fn random_strings_never_panic() {
    let alphabet: Vec<char> = "0123456789 -./SsTFGMOIBZ<\n\u{0}é٣𝟘ß\u{200b}".chars().collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for country in ["MYS", "IDN", "SGP", "THA", "VNM", "NGA", "XXX", ""] {
        for i in 0..10_000 {
            let value = rng.string(&alphabet);
            let id_type = [None, Some("NRIC"), Some("FIN"), Some("BVN"), Some("??")][i % 5];
            let c = check(country, id_type, &value);
            assert_eq!(c.valid, c.issues.is_empty());
            if !c.valid {
                assert!(!c.issues.is_empty());
            }
            serde_json::to_string(&c).unwrap();
        }
    }
    let mrz_alphabet: Vec<char> = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<<<<<<\n".chars().collect();
    for _ in 0..20_000 {
        let mut text = rng.string(&mrz_alphabet);
        if rng.next() % 2 == 0 {
            // Near-MRZ shapes, to reach the repair search.
            let base = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";
            let mut b: Vec<char> = base.chars().collect();
            for _ in 0..(rng.next() % 8) {
                let at = (rng.next() % b.len() as u64) as usize;
                if b[at] != '\n' {
                    b[at] = mrz_alphabet[(rng.next() % 42) as usize];
                }
            }
            text = b.into_iter().collect();
        }
        let r = parse_mrz(&text, TODAY);
        if r.valid {
            assert!(r.checks.iter().all(|c| c.valid));
        }
    }
}

/// The rule normalize applies (consistency.rs), on constructed verifications.
#[test]
fn consistency_rule() {
    use crate::model::{Decision, Document, Person, ProviderId, Verification};
    let v = |number: &str, dob: Option<&str>, gender: Option<Gender>, country: &str, doc_type: &str| {
        let mut v = Verification::new(ProviderId::Maschain, Decision::Approved, serde_json::Value::Null);
        v.person = Some(Person {
            id_number: Some(number.into()),
            date_of_birth: dob.map(str::to_string),
            gender,
            ..Person::default()
        });
        v.document =
            Some(Document { country: Some(country.into()), doc_type: Some(doc_type.into()), ..Document::default() });
        v
    };
    let run = |mut v: Verification| {
        consistency::apply(&mut v);
        (v.decision, v.reasons.iter().map(|r| r.provider_code.clone()).collect::<Vec<_>>())
    };
    let ok = (Decision::Approved, Vec::<String>::new());
    assert_eq!(run(v("900101-14-5678", Some("1990-01-01"), Some(Gender::Female), "MYS", "MyKad")), ok);
    // The century is not compared: the number cannot tell 1910 from 2010.
    assert_eq!(run(v("100101-14-5678", Some("1910-01-01"), Some(Gender::Female), "MYS", "MyKad")), ok);
    assert_eq!(
        run(v("900101-14-5678", Some("1990-01-02"), Some(Gender::Male), "MYS", "MyKad")),
        (
            Decision::Review,
            vec!["person.idNumber,person.dateOfBirth".to_string(), "person.idNumber,person.gender".to_string()]
        )
    );
    assert_eq!(run(v("900101-17-5678", None, None, "MYS", "MyKad")).1, vec!["person.idNumber".to_string()]);
    // Masked numbers, passports, other countries and missing fields are not compared.
    assert_eq!(run(v("3171********0001", Some("1990-01-01"), None, "IDN", "ID_NIK")), ok);
    assert_eq!(run(v("A00000000", Some("1990-01-01"), None, "MYS", "PASSPORT")), ok);
    assert_eq!(run(v("12345", None, None, "KOR", "passport")), ok);
    assert_eq!(run(v("3671122503770004", None, None, "IDN", "eKTP")), ok);
    // Only `approved` changes.
    let mut rejected = v("900101-17-5678", None, None, "MYS", "MyKad");
    rejected.decision = Decision::Rejected;
    assert_eq!(run(rejected), (Decision::Rejected, vec![]));
}
