//! The JS boundary: the only code that touches JavaScript. It reads options and inputs,
//! hands the core's calls to the driver loop in js/runtime.js (fetch, timers, AbortSignal),
//! and turns the core's outputs and errors into JS values.

mod bindings;
mod call;
mod client;
mod errors;
mod heap;
mod model_types;
mod options;

pub use client::{from_assume_role, MarketplaceMetering};

#[global_allocator]
static HEAP: heap::Heap = heap::Heap::new();

/// A panic would leave the instance unusable for every later call in the isolate; the core is
/// written not to panic on any input, so this only makes sure none of the formatting machinery
/// of a default panic handler is linked.
#[cfg(not(any(test, feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
