//! AWS Marketplace Metering Service client: a sans-IO core (SigV4, endpoint rules, the
//! awsJson1_1 protocol, validation, retry decisions) plus a thin wasm-bindgen edge in
//! [`wasm`] that runs it over `fetch` in JavaScript runtimes.
//!
//! Everything outside `wasm` builds and tests natively, never awaits and never reads the
//! clock: the time is always a parameter.

extern crate alloc;

pub mod batch;
pub mod client;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod json;
pub mod model;
pub mod protocol;
pub mod retry;
pub mod sigv4;
pub mod time;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
