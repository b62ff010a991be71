//! Raw bytes → JSON → `normalize` of advance-ai (every endpoint it knows): never a panic, invariants hold.
#![no_main]

use ekyc_bridge::ProviderId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ekyc_bridge_fuzz::fuzz_normalize(ProviderId::AdvanceAi, &[None], data);
});
