//! The JS boundary: the only code that touches JavaScript. It reads options and inputs,
//! hands the core's calls to the driver loop in js/runtime.js (fetch, timers, AbortSignal),
//! and turns the core's outputs and errors into JS values.

mod bindings;
mod call;
mod client;
mod errors;
mod input;
mod model_types;
mod options;

pub use client::{from_assume_role, MarketplaceMetering};
