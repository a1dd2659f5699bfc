// A Vercel Edge Function / Next.js edge route, built and run on this machine the way Vercel does
// it, for the Edge Runtime test tier, `make demo` and `make bench`:
//
// - Build (buildEdgeFunction): esbuild bundles the function with Next.js's export conditions for
//   the edge compiler (`edge-light`, `worker`, then the defaults: `browser`, `module`, `import`,
//   `default`), for the browser platform (no Node built-ins), as one CommonJS script, as `vercel
//   dev` bundles an edge function (@vercel/node, edge-functions/edge-handler). A `.wasm?module`
//   import becomes `globalThis["wasm_<sha1 of the bytes>"]`, as both Next.js
//   (next-middleware-wasm-loader) and Vercel's esbuild wasm plugin emit it; both handle only
//   `?module`, so a plain `.wasm` import is left to esbuild, which has no loader for it and fails
//   the build. The .wasm files are written next to the script, and edge-function.json names them
//   (our manifest, not Vercel's format).
// - Run (startEdgeFunction): the host compiles each .wasm into a WebAssembly.Module and puts it in
//   the context under its binding name, as the runtime does for a deployed function, then
//   evaluates the script in `edge-runtime`'s EdgeRuntime (Vercel's own runtime for local runs),
//   with `process.env` holding only the given variables. The context is created with
//   `codeGeneration: { strings: false, wasm: false }`: the deployed Edge Runtime refuses eval and
//   compiling wasm from bytes at run time; edge-runtime 4 allows wasm compilation unless told
//   otherwise, so this is what makes the local run as strict as the real one.
// - A request goes to the module's default export (a Vercel Edge Function) or to the export
//   named after its method (a Next.js route handler: `export async function POST(request)`).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EdgeRuntime } from "edge-runtime";

const EDGE_CONDITIONS = ["edge-light", "worker", "browser", "module"];
const MANIFEST = "edge-function.json";
const SCRIPT = "index.js";

const wasmModulePlugin = (bindings) => ({
  name: "edge-wasm-module",
  setup(b) {
    b.onResolve({ filter: /\.wasm\?module$/i }, async (args) => {
      const file = args.path.replace(/\?module$/i, "");
      const resolved = await b.resolve(file, { importer: args.importer, resolveDir: args.resolveDir, kind: "entry-point" });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      const name = `wasm_${createHash("sha1").update(readFileSync(resolved.path)).digest("hex")}`;
      bindings[name] = resolved.path;
      return { path: name, namespace: "edge-wasm-module" };
    });
    b.onLoad({ filter: /.*/, namespace: "edge-wasm-module" }, (args) => ({
      loader: "js",
      contents: `export default globalThis[${JSON.stringify(args.path)}];`,
    }));
  },
});

/**
 * Bundles `entry` (a file, or `{ contents, resolveDir }` for an inline module) into `outdir`.
 * Returns esbuild's metafile with what startEdgeFunction takes; `esbuild` holds extra build options.
 */
export async function buildEdgeFunction(entry, outdir, esbuild = {}) {
  const bindings = {};
  const source = typeof entry === "string" ? { entryPoints: [entry] } : { stdin: { ...entry, sourcefile: "entry.mjs", loader: "js" } };
  const result = await build({
    ...source,
    bundle: true,
    format: "cjs",
    platform: "browser",
    target: "es2022",
    conditions: EDGE_CONDITIONS,
    plugins: [wasmModulePlugin(bindings)],
    write: false,
    metafile: true,
    logLevel: "silent",
    ...esbuild,
  });
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, SCRIPT), result.outputFiles[0].text);
  const wasm = {};
  for (const [name, path] of Object.entries(bindings)) {
    copyFileSync(path, join(outdir, `${name}.wasm`));
    wasm[name] = `${name}.wasm`;
  }
  writeFileSync(join(outdir, MANIFEST), `${JSON.stringify({ entrypoint: SCRIPT, wasm }, null, 2)}\n`);
  return { metafile: result.metafile, ...readEdgeFunction(outdir) };
}

/** The built function's script and .wasm bytes, read from `dir` (not timed by the benchmark). */
export function readEdgeFunction(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8"));
  const wasm = Object.fromEntries(Object.entries(manifest.wasm).map(([name, file]) => [name, readFileSync(join(dir, file))]));
  return { code: readFileSync(join(dir, manifest.entrypoint), "utf8"), wasm };
}

// The fetch listener a deployment adds around the user's module (edge-runtime dispatches
// FetchEvents to it). A handler that throws becomes EdgeRuntime's 500.
const LISTENER = `
;addEventListener("fetch", (event) => {
  const exported = module.exports;
  const handler = typeof exported.default === "function" ? exported.default : exported[event.request.method];
  event.respondWith(handler ? handler(event.request, event) : new Response(null, { status: 405 }));
});
`;

/** Compiles the .wasm bindings and evaluates the script in a new EdgeRuntime; returns the runtime. */
export async function startEdgeFunction({ code, wasm }, { env = {} } = {}) {
  const bindings = {};
  for (const [name, bytes] of Object.entries(wasm)) bindings[name] = await WebAssembly.compile(bytes);
  return new EdgeRuntime({
    codeGeneration: { strings: false, wasm: false },
    // `module` receives the CommonJS exports; the bindings are the compiled .wasm modules.
    extend: (context) => Object.assign(context, { module: {}, process: { env: { ...env } }, ...bindings }),
    initialCode: code + LISTENER,
  });
}
