// Cloudflare Workers: Wrangler (and workerd's module rules) turn a `.wasm` import into a
// compiled WebAssembly.Module, which is instantiated synchronously.
import wasmModule from "./marketplace_metering_wasm_bg.wasm";
import { start } from "./load.js";

start(wasmModule);

export * from "./exports.js";
