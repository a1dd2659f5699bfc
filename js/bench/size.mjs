// Size: the Worker bundle as a user deploys it, and where the bytes are. Prints one JSON object
// and writes the full report to target/bench/size-report.txt.
//
// Worker bundle: js/bench/worker/<lib>.mjs, a Worker using all four operations, goes into its
// own project directory under target/bench/size/ (ours with the package installed by npm from
// the packed tarball, imported by its name; the AWS SDK and aws4fetch from the repo's
// node_modules) and is bundled by `wrangler deploy --dry-run --outdir dist --minify` (the same
// compatibility date as the workerd cold start, no compatibility flags: the SDK client bundles
// and runs without nodejs_compat). Counted: what wrangler would upload, i.e. the JS module(s)
// and the .wasm module(s) in dist/ (not the source map, which is uploaded only on request),
// each file gzip -9 on its own. Each bundle then answers one MeterUsage in workerd (Miniflare)
// against js/bench/server.mjs, so a broken bundle cannot pass for a small one.
//
// Where the bytes are: the shipped .wasm by section; its functions by size, read from a copy of
// the build that keeps the `name` section (wasm-bindgen and wasm-opt run again as wasm-pack runs
// them, plus `-g`); the minified JS by input file (wrangler's esbuild metafile).
import { execFile, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { Miniflare } from "miniflare";
import { demangle, owner, parseWasm } from "./wasm-names.mjs";

const root = new URL("../..", import.meta.url).pathname;
const out = `${root}target/bench/size`;
const TARBALL = `${root}target/npm/marketplace-metering-wasm.tgz`;
const SHIPPED_WASM = `${root}pkg/marketplace_metering_wasm_bg.wasm`;
const CARGO_WASM = `${root}target/wasm32-unknown-unknown/release/marketplace_metering_wasm.wasm`;
const COMPATIBILITY_DATE = "2025-06-01";
const LIBS = {
  ours: "marketplace-metering-wasm (this package)",
  "aws-sdk": "@aws-sdk/client-marketplace-metering",
  aws4fetch: "aws4fetch AwsClient, JSON by hand",
};
const RECORD_ID = "b7b7b7b7-0000-4000-8000-000000000001";

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const quiet = { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] };
const exec = async (cmd, args, options) => (await promisify(execFile)(cmd, args, { encoding: "utf8", maxBuffer: 1 << 24, ...options })).stdout;

// ---- the Worker bundles
async function wranglerBundle(lib) {
  const dir = `${out}/worker-${lib}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(`${dir}/src`, { recursive: true });
  cpSync(`${root}js/bench/worker/${lib}.mjs`, `${dir}/src/index.mjs`);
  writeFileSync(`${dir}/package.json`, `${JSON.stringify({ name: `bench-worker-${lib}`, private: true, type: "module" })}\n`);
  writeFileSync(`${dir}/wrangler.toml`, `name = "bench-worker-${lib}"\nmain = "src/index.mjs"\ncompatibility_date = "${COMPATIBILITY_DATE}"\n`);
  if (lib === "ours") {
    await exec("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", TARBALL], { cwd: dir });
  }
  const printed = await exec(`${root}node_modules/.bin/wrangler`, ["deploy", "--dry-run", "--outdir", "dist", "--minify", "--metafile"], {
    cwd: dir,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  // wrangler's own figure (all modules concatenated, gzip at its default level), for reference.
  const total = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(printed);
  const uploaded = readdirSync(`${dir}/dist`).filter((f) => /\.(m?js|wasm)$/.test(f));
  const files = uploaded.map((f) => {
    const bytes = readFileSync(`${dir}/dist/${f}`);
    return { file: f, kind: f.endsWith(".wasm") ? "wasm" : "js", raw: bytes.length, gzip: gzip(bytes) };
  });
  const sum = (kind) => {
    const of = files.filter((f) => !kind || f.kind === kind);
    return { raw: of.reduce((a, f) => a + f.raw, 0), gzip: of.reduce((a, f) => a + f.gzip, 0) };
  };
  return {
    name: lib,
    label: LIBS[lib],
    dir: dir.replace(root, ""),
    files,
    ...sum(),
    js: sum("js"),
    wasm: sum("wasm"),
    wranglerTotalKiB: total ? { raw: Number(total[1]), gzip: Number(total[2]) } : null,
    metafile: JSON.parse(readFileSync(`${dir}/dist/bundle-meta.json`, "utf8")),
  };
}

async function smoke(bundle, endpoint) {
  const mf = new Miniflare({
    modules: true,
    scriptPath: `${root}${bundle.dir}/dist/index.js`,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", PRODUCT_CODE: "prod-abc123", METERING_ENDPOINT: endpoint },
  });
  try {
    const res = await mf.dispatchFetch("http://localhost/meter-usage", { method: "POST", body: JSON.stringify({ dimension: "requests", quantity: 3 }) });
    const text = await res.text();
    if (!text.includes(RECORD_ID)) throw new Error(`${bundle.name}: the Worker bundle did not meter in workerd: ${res.status} ${text.slice(0, 300)}`);
    return "MeterUsage answered in workerd";
  } finally {
    await mf.dispose();
  }
}

// The minified JS module of our bundle by input (esbuild's bytesInOutput); the rest of the
// output is esbuild's own wrapping.
function jsByInput(bundle) {
  const [name, output] = Object.entries(bundle.metafile.outputs).find(([o]) => /\.m?js$/.test(o));
  const inputs = Object.entries(output.inputs)
    .map(([file, v]) => ({ file: file.replace(/^.*node_modules\//, ""), bytes: v.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  const own = inputs.filter((i) => i.file.startsWith("src/")).reduce((a, i) => a + i.bytes, 0);
  const pkg = inputs.filter((i) => !i.file.startsWith("src/")).reduce((a, i) => a + i.bytes, 0);
  return { output: name, bytes: output.bytes, inputs, packageBytes: pkg, workerBytes: own, esbuildBytes: output.bytes - pkg - own };
}

// ---- the .wasm's functions, from a named copy of the shipped build
async function namedBuild() {
  const wasmOptArgs = /\[package\.metadata\.wasm-pack\.profile\.release\][^[]*?wasm-opt\s*=\s*\[([^\]]*)\]/s.exec(readFileSync(`${root}Cargo.toml`, "utf8"));
  const bindgen = ["wasm-bindgen", `${homedir()}/.cargo/bin/wasm-bindgen`].find((c) => {
    try {
      execFileSync(c, ["--version"], quiet);
      return true;
    } catch {
      return false;
    }
  });
  if (!existsSync(CARGO_WASM) || !bindgen || !wasmOptArgs) {
    return { error: `no named build: ${!existsSync(CARGO_WASM) ? `${CARGO_WASM.replace(root, "")} missing` : !bindgen ? "wasm-bindgen not found" : "wasm-opt flags not found in Cargo.toml"}` };
  }
  const flags = [...wasmOptArgs[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  const tmp = mkdtempSync(`${tmpdir()}/mmw-size-`);
  try {
    await exec(bindgen, [CARGO_WASM, "--out-dir", tmp, "--target", "bundler", "--out-name", "marketplace_metering_wasm"]);
    await exec(`${root}node_modules/.bin/wasm-opt`, [`${tmp}/marketplace_metering_wasm_bg.wasm`, "-o", `${tmp}/named.wasm`, ...flags, "-g"]);
    return { how: `wasm-bindgen --target bundler, then wasm-opt ${flags.join(" ")} -g`, bytes: readFileSync(`${tmp}/named.wasm`) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const sectionLabel = (s) => (s.kind === "custom" ? `custom "${s.name}"` : s.kind);

function wasmReport(named) {
  const shippedBytes = readFileSync(SHIPPED_WASM);
  const shipped = parseWasm(shippedBytes);
  const sections = shipped.sections.map((s) => ({ section: sectionLabel(s), raw: s.size }));
  if (named.error) return { raw: shippedBytes.length, gzip: gzip(shippedBytes), sections, named };
  const parsed = parseWasm(named.bytes);
  // The named copy must be the shipped module plus names: every other section the same size.
  const others = parsed.sections.filter((s) => !(s.kind === "custom" && s.name === "name")).map(sectionLabel);
  const sizeOf = (w, label) => w.sections.filter((s) => sectionLabel(s) === label).reduce((a, s) => a + s.size, 0);
  const differing = [...new Set([...others, ...shipped.sections.map(sectionLabel)])].filter((l) => sizeOf(parsed, l) !== sizeOf(shipped, l));
  const codeBytes = parsed.functions.reduce((a, f) => a + f.size, 0);
  const fns = parsed.functions.map((f) => ({ bytes: f.size, name: f.name ? demangle(f.name) : `function[${f.index}]`, owner: owner(f.name && demangle(f.name)) }));
  const byOwner = new Map();
  for (const f of fns) {
    const o = f.owner;
    const e = byOwner.get(o) ?? { owner: o, bytes: 0, functions: 0 };
    e.bytes += f.bytes;
    e.functions++;
    byOwner.set(o, e);
  }
  return {
    raw: shippedBytes.length,
    gzip: gzip(shippedBytes),
    sections,
    named: {
      how: named.how,
      raw: named.bytes.length,
      nameSection: sizeOf(parsed, 'custom "name"'),
      sameAsShipped: differing.length === 0,
      differingSections: differing,
    },
    functions: parsed.functions.length,
    codeBytes,
    // Formatting or panic machinery that reached the module (the build is meant to have none).
    formatting: fns.filter((f) => /core::fmt|Formatter|panic_fmt|slice_error_fail|escape_debug/.test(f.name)).map((f) => f.name),
    top: fns.sort((a, b) => b.bytes - a.bytes).slice(0, 25),
    byOwner: [...byOwner.values()].sort((a, b) => b.bytes - a.bytes),
  };
}

// ---- the report
const pct = (part, whole) => `${((100 * part) / whole).toFixed(1)}%`;
const n = (x) => x.toLocaleString("en-US");
function table(header, rows) {
  const cells = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const right = (c) => /^[\d,.]+( ?%|×)?$/.test(c);
  return cells.map((r) => r.map((c, i) => (right(c) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd()).join("\n");
}

function report(bundles, glue, wasm) {
  const lines = [`Size report, ${new Date().toISOString()} (js/bench/size.mjs, part of make bench)`, ""];
  lines.push(
    `Worker bundle: js/bench/worker/<lib>.mjs (all four operations) bundled by wrangler deploy --dry-run --outdir dist --minify,`,
    `compatibility_date ${COMPATIBILITY_DATE}, no compatibility flags; counted: the uploaded modules in dist/, each gzip -9 on its own.`,
    "",
    table(
      ["library", "JS raw", "JS gzip", ".wasm raw", ".wasm gzip", "total raw", "total gzip", "wrangler's Total Upload (KiB, gzip)"],
      bundles.map((b) => [b.name, n(b.js.raw), n(b.js.gzip), n(b.wasm.raw), n(b.wasm.gzip), n(b.raw), n(b.gzip), b.wranglerTotalKiB ? `${b.wranglerTotalKiB.raw} (${b.wranglerTotalKiB.gzip})` : "?"]),
    ),
    "",
    "Files uploaded:",
    ...bundles.flatMap((b) => b.files.map((f) => `  ${b.name}: ${f.file}  ${n(f.raw)} B raw, ${n(f.gzip)} B gzip`)),
    "",
    `Our minified JS module (${glue.output.replace(/^.*\//, "")}, ${n(glue.bytes)} B; ${pct(bundles[0].js.gzip, bundles[0].gzip)} of the gzip upload) by input, bytes in the output:`,
    table(
      ["bytes", "share", "input"],
      [...glue.inputs.map((i) => [n(i.bytes), pct(i.bytes, glue.bytes), i.file]), [n(glue.esbuildBytes), pct(glue.esbuildBytes, glue.bytes), "(esbuild's wrapping)"]],
    ),
    `The package's JS glue: ${n(glue.packageBytes)} B of it (${pct(glue.packageBytes, glue.bytes)}); the Worker's own code ${n(glue.workerBytes)} B.`,
    "",
    `The shipped .wasm (pkg/marketplace_metering_wasm_bg.wasm): ${n(wasm.raw)} B raw, ${n(wasm.gzip)} B gzip -9, by section:`,
    table(["bytes", "share", "section"], [...wasm.sections].sort((a, b) => b.raw - a.raw).map((s) => [n(s.raw), pct(s.raw, wasm.raw), s.section])),
    "",
  );
  if (wasm.named.error) {
    lines.push(`Functions: not available (${wasm.named.error}).`);
    return lines.join("\n");
  }
  lines.push(
    `Functions: from a named copy of the build (${wasm.named.how}; ${n(wasm.named.raw)} B, of which ${n(wasm.named.nameSection)} B the name section).`,
    wasm.named.sameAsShipped
      ? "Every other section of that copy has the shipped size, so the sizes below are the shipped bytes."
      : wasm.named.differingSections.every((l) => l === "import" || l === "export")
        ? "Its code and data sections have the shipped sizes, so the sizes below are the shipped bytes (only the import and export sections differ: scripts/assemble-pkg.mjs shortens their names after wasm-opt)."
        : `CAUTION: sections ${wasm.named.differingSections.join(", ")} differ in size from the shipped .wasm: the build changed how it runs wasm-bindgen/wasm-opt, and the sizes below are the named copy's.`,
    `Sizes are bytes in the code section (body and its length prefix); after LTO and wasm-opt a function's bytes include what was inlined into it.`,
    `Names: Rust's, with the ::h<hash> suffix and [<hash>] crate disambiguators removed; exported functions carry wasm-bindgen's export names.`,
    "",
    wasm.formatting.length === 0
      ? "No core::fmt, panic_fmt or str-slicing panic function is linked."
      : `Formatting or panic functions linked (${wasm.formatting.length}): ${wasm.formatting.join(", ")}`,
    "",
    `Largest functions (top 25 of ${wasm.functions}; code section ${n(wasm.codeBytes)} B):`,
    table(["bytes", "share", "function"], wasm.top.map((f) => [n(f.bytes), pct(f.bytes, wasm.codeBytes), f.name])),
    "",
    "Code by crate (this crate by module):",
    table(["bytes", "share", "functions", "owner"], wasm.byOwner.map((o) => [n(o.bytes), pct(o.bytes, wasm.codeBytes), n(o.functions), o.owner])),
  );
  return lines.join("\n");
}

// ---- run (the builds side by side: nothing here is timed)
mkdirSync(out, { recursive: true });
const [named, ...bundles] = await Promise.all([namedBuild(), ...Object.keys(LIBS).map(wranglerBundle)]);
const server = spawn(process.execPath, [`${root}js/bench/server.mjs`], { stdio: ["pipe", "pipe", "inherit"] });
try {
  const [line] = await once(server.stdout, "data");
  const endpoint = String(line).match(/http:\/\/\S+/)[0];
  for (const b of bundles) b.smoke = await smoke(b, endpoint);
} finally {
  server.stdin.end();
}
const glue = jsByInput(bundles[0]);
const wasm = wasmReport(named);
const text = report(bundles, glue, wasm);
writeFileSync(`${root}target/bench/size-report.txt`, `${text}\n`);
for (const b of bundles) delete b.metafile;
console.log(JSON.stringify({ results: bundles, glue, wasm, compatibilityDate: COMPATIBILITY_DATE, report: "target/bench/size-report.txt" }));
