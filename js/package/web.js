// Deno and browsers: fetch the module next to this file (file: URLs in Deno, http(s) in a
// browser) and compile it once, at import, with top-level await.
import { start } from "./load.js";

const url = new URL("./marketplace_metering_wasm_bg.wasm", import.meta.url);
const response = await fetch(url);
if (!response.ok) throw new Error(`marketplace-metering-wasm: could not load ${url} (HTTP ${response.status})`);
start(await WebAssembly.compile(await response.arrayBuffer()));

export * from "./exports.js";
