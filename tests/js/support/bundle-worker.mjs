// Bundles a test Worker as Wrangler would: ESM for workerd, the package's workerd entry (the
// conditions Wrangler uses), the .wasm kept as its own module (workerd compiles it at load), and
// the runtime's own `cloudflare:` modules left to the runtime.

import { build } from "esbuild";

/** Writes `outdir/worker.js` (and the .wasm beside it) from `entry`; resolves with esbuild's result. */
export function bundleWorker(entry, outdir, options = {}) {
  return build({
    entryPoints: { worker: entry },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    external: ["cloudflare:*"],
    loader: { ".wasm": "copy" },
    outdir,
    logLevel: "silent",
    ...options,
  });
}
