// Vercel's Edge Runtime (Next.js middleware and edge routes, Vercel Edge Functions): the build
// turns a `.wasm?module` import into a compiled WebAssembly.Module that the runtime supplies
// (Next.js's next-middleware-wasm-loader, Vercel's esbuild wasm plugin); nothing here compiles
// wasm from bytes, which the Edge Runtime forbids. The same as workerd.js but for the `?module`
// spelling: Next.js and Vercel handle no other.
import wasmModule from "./marketplace_metering_wasm_bg.wasm?module";
import { start } from "./load.js";

start(wasmModule);

export * from "./exports.js";
