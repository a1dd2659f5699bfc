// Cold start: import + instantiate + first request prepared, ours vs the AWS SDK client.
// Node and Deno: a fresh process per sample (js/bench/cold/start.mjs times itself from before the
// import; the spawn's wall time, runtime boot included, is kept too). workerd: each library's
// Worker is bundled with esbuild and timed from `new Miniflare(...)` to the first response of
// `dispatchFetch` (the handler does the first prepare); workerd freezes clocks inside a Worker,
// so only the outside can time it. An empty Worker gives the workerd + Miniflare baseline.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { Miniflare } from "miniflare";
import { bundle } from "./bundle.mjs";
import { median } from "./stats.mjs";

const root = new URL("../..", import.meta.url).pathname;
const SAMPLES = Number(process.env.BENCH_COLD_SAMPLES ?? 7);
const LIBS = ["ours", "aws-sdk"];
const deno = `${root}node_modules/.bin/deno`;

function spawnOne(cmd, args, lib) {
  const t0 = performance.now();
  const r = spawnSync(cmd, [...args, lib], { cwd: root, encoding: "utf8" });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${lib}: exit ${r.status}\n${r.stderr}`);
  return { ms: JSON.parse(r.stdout).ms, wallMs };
}

function processRuntime(runtime, cmd, args) {
  const samples = Object.fromEntries(LIBS.map((l) => [l, []]));
  for (const lib of LIBS) spawnOne(cmd, args, lib); // discarded: fills the OS file cache (and Deno's)
  for (let i = 0; i < SAMPLES; i++) for (const lib of i % 2 ? [...LIBS].reverse() : LIBS) samples[lib].push(spawnOne(cmd, args, lib));
  return LIBS.map((lib) => ({
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

const results = [
  ...processRuntime(`node ${process.versions.node}`, process.execPath, ["js/bench/cold/start.mjs"]),
  ...processRuntime("deno", deno, ["run", "-A", "js/bench/cold/start.mjs"]),
  ...(await workerd()),
];
console.log(JSON.stringify({ results }));
