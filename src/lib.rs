//! AWS Marketplace Metering Service client: a sans-IO core — SigV4, endpoint rules, the
//! service model's tables and one walker over them, the awsJson1_1 and STS query protocols,
//! and the call machine that decides retries, backoff, clock skew, credentials and batch
//! splitting — plus a thin wasm-bindgen edge in [`wasm`] that drives it over `fetch`.
//!
//! Everything outside `wasm` builds and tests natively, never awaits and never reads the
//! clock: the time and randomness are always parameters.

// On wasm32 the crate links no std: its panic machinery and formatting would be most of the
// module. Native builds (and every test) keep std.
#![cfg_attr(all(target_arch = "wasm32", not(test), not(feature = "std")), no_std)]

extern crate alloc;

pub mod answer;
pub mod batch;
pub mod call;
pub mod client;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod json;
pub mod model;
pub mod num;
pub mod options;
pub mod protocol;
pub mod retry;
pub mod sigv4;
pub mod sts;
pub mod text;
pub mod time;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

// The wasm module's memory and panics: its own small allocator, and a panic handler that
// traps without formatting (a panic would leave the instance unusable for every later call in
// the isolate; the core is written not to panic on any input).
#[cfg(target_arch = "wasm32")]
mod heap;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: heap::Heap = heap::Heap::new();

#[cfg(all(target_arch = "wasm32", not(any(test, feature = "std"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
