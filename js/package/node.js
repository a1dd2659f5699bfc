// Node (ESM): read and compile the module from the package folder, synchronously.
import { readFileSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { start } from "./load.js";

// Node 18 has WebCrypto but not yet as the `crypto` global (Node 19+ does); the client takes
// its random client tokens from `crypto.getRandomValues`.
globalThis.crypto ??= webcrypto;

start(new WebAssembly.Module(readFileSync(new URL("./marketplace_metering_wasm_bg.wasm", import.meta.url))));

export * from "./exports.js";
