// Edge function for the Edge Runtime cold start: the module loads the package through its
// edge-light entry (the .wasm a module binding the runtime supplies), the first request does the
// first prepare. Built by bench/coldstart.mjs with js/vercel/edge-function.mjs.
import * as lib from "../../../pkg/edge-light.js";
import { firstOurs } from "../first.mjs";
import { handler } from "./worker-common.mjs";

export default handler((args) => firstOurs(lib, args));
