// Instantiates the wasm module synchronously from an already compiled WebAssembly.Module.
// Every runtime entry (workerd.js, node.js, web.js) obtains the Module its own way and calls
// this once; Workers forbid compiling wasm from bytes at run time, so nothing here does.
import * as bg from "./marketplace_metering_wasm_bg.js";

export function start(module) {
  const instance = new WebAssembly.Instance(module, { "./marketplace_metering_wasm_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  if (typeof instance.exports.__wbindgen_start === "function") instance.exports.__wbindgen_start();
}
