// esbuild settings shared by the size and the workerd cold-start benchmarks, so both measure the
// bundles a Worker would deploy: ESM, minified, resolved with the Worker export conditions.
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

export const ENTRIES = {
  ours: `export { MarketplaceMetering } from "./pkg/workerd.js";`,
  "aws-sdk": `export { MarketplaceMeteringClient, BatchMeterUsageCommand, MeterUsageCommand, RegisterUsageCommand, ResolveCustomerCommand } from "@aws-sdk/client-marketplace-metering";`,
  aws4fetch: `export { AwsClient, AwsV4Signer } from "aws4fetch";`,
};
