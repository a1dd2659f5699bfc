//! The JS boundary: the only code that touches JavaScript. It reads options and inputs,
//! runs the sans-IO core's requests over `fetch`, waits between retries with the runtime's
//! timers, and turns failures into the exported error classes.

mod bindings;
mod client;
mod credentials;
mod error;
mod model_types;
mod records;
mod transport;

pub use client::MarketplaceMetering;
