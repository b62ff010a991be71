//! Hosted verification flows (API.md §3), the parts that need no browser: the `state` that ties a return
//! to the flow that started it, and [`parse_redirect`], which reads what a return URL *claims*. A return URL
//! is typed by the user's browser and can say anything: it is never proof. Confirm with the backend
//! (`MasChain.getVerification`, `AdvanceAi.getResult`).

pub mod redirect;
pub mod state;

pub use redirect::{parse_redirect, Claimed, RedirectExpect, RedirectOutcome, STATE_PARAM};
pub use state::{new_state, states_equal};
