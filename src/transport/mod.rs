//! The one place that performs I/O. [`policy`] decides (natively tested, pure); `fetch` acts (wasm32 only,
//! on the global `fetch`).

pub mod policy;

#[cfg(target_arch = "wasm32")]
pub mod fetch;

pub use policy::TransportOptions;
