//! Checks shared by the fuzz targets: properties every provider's `normalize` must keep on any input, so a
//! run finds wrong answers (an `approved` with reasons, a lost `raw`) and not only panics.

use ekyc_bridge::{normalize, Decision, NormalizeOptions, ProviderId};
use serde_json::Value;

/// Parses `data` as JSON and normalizes it for `provider` with each of `endpoints` (`None` = the default).
/// Panics (= a fuzz finding) when a success breaks an invariant of API.md §4.
pub fn fuzz_normalize(provider: ProviderId, endpoints: &[Option<&str>], data: &[u8]) {
    let Ok(response) = serde_json::from_slice::<Value>(data) else { return };
    for endpoint in endpoints {
        let options = NormalizeOptions { endpoint: endpoint.map(str::to_string) };
        match normalize(provider, &response, &options) {
            Ok(v) => {
                assert_eq!(v.provider, provider, "normalize must name its provider");
                assert_eq!(v.raw, response, "raw must hold the response unchanged");
                if v.decision == Decision::Approved {
                    assert!(v.reasons.is_empty(), "approved with reasons: {:?}", v.reasons);
                    if let Some(face) = &v.face {
                        assert_ne!(face.r#match, Some(false), "approved with a face mismatch");
                        assert_ne!(face.liveness_passed, Some(false), "approved with failed liveness");
                    }
                }
                // The result crosses the JS boundary as JSON: it must always serialize.
                serde_json::to_string(&v).expect("a Verification always serializes");
            }
            Err(e) => {
                // Debug and Display must not panic either (they are logged).
                let _ = format!("{e} {e:?}");
            }
        }
    }
}
