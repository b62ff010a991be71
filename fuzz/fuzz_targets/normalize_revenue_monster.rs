//! Raw bytes → JSON → `normalize` of revenue-monster (every endpoint it knows): never a panic, invariants hold.
#![no_main]

use ekyc_bridge::ProviderId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ekyc_bridge_fuzz::fuzz_normalize(
        ProviderId::RevenueMonster,
        &[None, Some("get-ekyc-result"), Some("face-compare"), Some("get-mykad-result"), Some("bogus")],
        data,
    );
});
