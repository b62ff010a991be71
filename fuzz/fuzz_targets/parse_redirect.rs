//! `parse_redirect`: the input is `<flags byte><url>\n<expected state>`. Whatever the URL says, the outcome is
//! never `trusted`, and a strict call only succeeds with the right state.
#![no_main]

use ekyc_bridge::flows::{parse_redirect, RedirectExpect};
use ekyc_bridge::ProviderId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let (url, state) = match text.split_once('\n') {
        Some((url, state)) => (url, Some(state.to_string())),
        None => (&*text, None),
    };
    let provider = match flags & 0b11 {
        0 => None,
        1 => Some(ProviderId::Maschain),
        2 => Some(ProviderId::AdvanceAi),
        _ => Some(ProviderId::ALL[usize::from(flags >> 5) % ProviderId::ALL.len()]),
    };
    let expect = RedirectExpect { provider, state: state.clone(), strict: flags & 0b100 != 0 };
    match parse_redirect(url, &expect) {
        Ok(outcome) => {
            assert!(!outcome.trusted, "a return URL is never trusted");
            if expect.strict {
                assert_eq!(outcome.state_valid, Some(true), "strict accepted a wrong state");
                assert_eq!(outcome.state, state, "strict accepted a state that differs from the expected one");
            }
            if state.is_none() {
                assert_eq!(outcome.state_valid, None);
            }
        }
        Err(e) => {
            let _ = format!("{e} {e:?}");
        }
    }
});
