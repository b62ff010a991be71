//! `validateIdNumber` and `parseMrz` on any text: never a panic, and every result keeps its invariants. The input
//! is `<flags byte><text>`: the low three bits pick the country, bit 3 whether a `type` is given.
#![no_main]

use ekyc_bridge::idnum::mrz::parse_mrz;
use ekyc_bridge::idnum::{validate_id_number, IdNumberInput};
use libfuzzer_sys::fuzz_target;

const COUNTRIES: [&str; 8] = ["MYS", "IDN", "SGP", "THA", "VNM", "NGA", "sgp", "XXX"];
const TYPES: [&str; 8] = ["MyKad", "NIK", "FIN", "ThaiID", "CCCD", "NIN", "NRIC", "passport"];

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let today = time::macros::date!(2026 - 12 - 02);
    let pick = usize::from(flags & 7);
    let input =
        IdNumberInput { country: COUNTRIES[pick], id_type: (flags & 8 != 0).then_some(TYPES[pick]), value: &text };
    let check = validate_id_number(&input, today);
    assert_eq!(check.valid, check.issues.is_empty(), "valid iff no issues");
    if check.valid {
        assert!(check.normalized.is_some(), "a valid number has its printed form");
    }
    serde_json::to_string(&check).expect("an IdNumberCheck always serializes");

    let mrz = parse_mrz(&text, today);
    if mrz.valid {
        assert!(mrz.format.is_some() && mrz.fields.is_some());
        assert!(mrz.checks.iter().all(|c| c.valid), "valid with a failing check digit");
        // A repaired zone reads the same the second time, with nothing left to repair.
        let again = parse_mrz(&mrz.lines.join("\n"), today);
        assert!(again.valid && again.repairs.is_empty(), "the repaired lines do not check");
    }
    serde_json::to_string(&mrz).expect("an MrzResult always serializes");
});
