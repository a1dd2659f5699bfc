// esbuild settings for the workerd cold-start benchmark's Workers: ESM, minified, resolved with
// the Worker export conditions, as wrangler bundles them (the size benchmark runs wrangler itself).
import { build } from "esbuild";

const root = new URL("../..", import.meta.url).pathname;

export const WORKER_BUILD = {
  bundle: true,
  format: "esm",
  minify: true,
  platform: "browser",
  conditions: ["workerd", "worker", "browser"],
  // The package's workerd entry imports its .wasm as a module (Wrangler/workerd compile it);
  // a bundler leaves that import alone and ships the file next to the bundle.
  external: ["*.wasm"],
  logLevel: "error",
  absWorkingDir: root,
  metafile: true,
};

/** Bundles `contents` (an ES module, resolved from the repo root) to `outfile`. */
export function bundle(contents, outfile, extra = {}) {
  return build({ ...WORKER_BUILD, stdin: { contents, resolveDir: root, sourcefile: "entry.mjs", loader: "js" }, outfile, ...extra });
}
