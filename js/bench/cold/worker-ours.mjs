// Worker for the workerd cold start: the module loads the package (instantiating the wasm), the
// first fetch does the first prepare. Bundled by esbuild (inputs inlined as text: no fs here).
import * as lib from "../../../pkg/workerd.js";
import { firstOurs } from "../first.mjs";
import { handler } from "./worker-common.mjs";

export default handler((args) => firstOurs(lib, args));
