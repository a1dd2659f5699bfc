// Cold start: import + instantiate + first request prepared, ours vs the AWS SDK client.
// Node, Deno and Bun: a fresh process per sample (js/bench/cold/start.mjs times itself from before
// the import; the spawn's wall time, runtime boot included, is kept too). workerd: each library's
// Worker is bundled with esbuild and timed from `new Miniflare(...)` to the first response of
// `dispatchFetch` (the handler does the first prepare); workerd freezes clocks inside a Worker,
// so only the outside can time it. An empty Worker gives the workerd + Miniflare baseline.
// Vercel's Edge Runtime: each library's function (the same handlers) is built as Next.js/Vercel
// build an edge function (js/vercel/edge-function.mjs), then a fresh Node process per sample times
// compiling its .wasm + creating the EdgeRuntime context with the bundle + the first response
// (js/bench/cold/edge-start.mjs); an empty function gives the baseline.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { Miniflare } from "miniflare";
import { buildEdgeFunction } from "../vercel/edge-function.mjs";
import { bundle } from "./bundle.mjs";
import { median } from "./stats.mjs";

const root = new URL("../..", import.meta.url).pathname;
const SAMPLES = Number(process.env.BENCH_COLD_SAMPLES ?? 7);
const LIBS = ["ours", "aws-sdk"];
const deno = `${root}node_modules/.bin/deno`;
const bun = `${root}node_modules/.bin/bun`;

function spawnOne(cmd, args, lib) {
  const t0 = performance.now();
  const r = spawnSync(cmd, [...args, lib], { cwd: root, encoding: "utf8" });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${lib}: exit ${r.status}\n${r.stderr}`);
  return { ms: JSON.parse(r.stdout).ms, wallMs };
}

function processRuntime(runtime, cmd, args, libs = LIBS) {
  const samples = Object.fromEntries(libs.map((l) => [l, []]));
  for (const lib of libs) spawnOne(cmd, args, lib); // discarded: fills the OS file cache (and Deno's)
  for (let i = 0; i < SAMPLES; i++) for (const lib of i % 2 ? [...libs].reverse() : libs) samples[lib].push(spawnOne(cmd, args, lib));
  return libs.map((lib) => ({
    runtime,
    name: lib,
    samples: SAMPLES,
    medianMs: median(samples[lib].map((s) => s.ms)),
    medianProcessWallMs: median(samples[lib].map((s) => s.wallMs)),
  }));
}

async function workerd() {
  const dir = `${root}target/bench/workers`;
  mkdirSync(dir, { recursive: true });
  copyFileSync(`${root}pkg/marketplace_metering_wasm_bg.wasm`, `${dir}/marketplace_metering_wasm_bg.wasm`);
  const workers = { empty: "worker-empty.mjs", ours: "worker-ours.mjs", "aws-sdk": "worker-sdk.mjs" };
  for (const [name, file] of Object.entries(workers)) {
    await bundle(`import w from "./js/bench/cold/${file}"; export default w;`, `${dir}/${name}.mjs`, { loader: { ".json": "text" } });
  }
  const once = async (name) => {
    const t0 = performance.now();
    const mf = new Miniflare({
      modules: true,
      scriptPath: `${dir}/${name}.mjs`,
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: "2025-06-01",
    });
    try {
      const res = await mf.dispatchFetch("http://localhost/");
      const text = await res.text();
      const ms = performance.now() - t0;
      if (name !== "empty" && !text.startsWith("AWS4-HMAC-SHA256 ")) throw new Error(`workerd ${name}: ${res.status} ${text.slice(0, 300)}`);
      return ms;
    } finally {
      await mf.dispose();
    }
  };
  const names = Object.keys(workers);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) await once(n); // discarded warm-up
  const n = Math.max(3, SAMPLES - 2); // each sample starts a workerd process: fewer, slower samples
  for (let i = 0; i < n; i++) for (const name of i % 2 ? [...names].reverse() : names) samples[name].push(await once(name));
  const base = median(samples.empty);
  return names.map((name) => ({
    runtime: "workerd",
    name: name === "empty" ? "empty-worker" : name,
    samples: n,
    medianMs: median(samples[name]),
    overEmptyMs: median(samples[name]) - base,
  }));
}

async function edgeRuntime() {
  // worker-*.mjs export a Worker's { fetch }; an edge function is the fetch itself.
  const functions = { empty: "worker-empty.mjs", ours: "edge-ours.mjs", "aws-sdk": "worker-sdk.mjs" };
  for (const [name, file] of Object.entries(functions)) {
    const contents = `import w from "./js/bench/cold/${file}"; export default (request) => w.fetch(request);`;
    await buildEdgeFunction({ contents, resolveDir: root }, `${root}target/bench/edge/${name}`, { minify: true, loader: { ".json": "text" } });
  }
  const version = JSON.parse(readFileSync(`${root}node_modules/edge-runtime/package.json`, "utf8")).version;
  const results = processRuntime(`edge-runtime ${version}`, process.execPath, ["js/bench/cold/edge-start.mjs"], Object.keys(functions));
  const base = results.find((r) => r.name === "empty").medianMs;
  return results.map((r) => ({ ...r, name: r.name === "empty" ? "empty-function" : r.name, overEmptyMs: r.medianMs - base }));
}

const results = [
  ...processRuntime(`node ${process.versions.node}`, process.execPath, ["js/bench/cold/start.mjs"]),
  ...processRuntime("deno", deno, ["run", "-A", "js/bench/cold/start.mjs"]),
  ...processRuntime(`bun ${execFileSync(bun, ["--version"], { encoding: "utf8" }).trim()}`, bun, ["js/bench/cold/start.mjs"]),
  ...(await workerd()),
  ...(await edgeRuntime()),
];
console.log(JSON.stringify({ results }));
