// Node (ESM): read and compile the module from the package folder, synchronously.
import { readFileSync } from "node:fs";
import { start } from "./load.js";

start(new WebAssembly.Module(readFileSync(new URL("./marketplace_metering_wasm_bg.wasm", import.meta.url))));

export * from "./exports.js";
