// `make bench`: runs every benchmark (each in its own process, peers measured in the same run
// as ours), prints one table, writes the same figures to target/bench/results.json and the
// table to target/bench/table.md (what README.md's Benchmarks section quotes), and says for
// each target whether it is met. Targets are goals, not tests: a miss does not fail the run.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";

const root = new URL("../..", import.meta.url).pathname;
const out = `${root}target/bench`;
mkdirSync(out, { recursive: true });
const deno = `${root}node_modules/.bin/deno`;
const bun = `${root}node_modules/.bin/bun`;

function run(cmd, args, env = {}) {
  process.stderr.write(`bench: ${[cmd, ...args].join(" ").replace(root, "")}\n`);
  // stderr is kept apart: the AWS SDK prints a Node-version notice there on every start.
  return execFileSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
}
const runJson = (cmd, args) => JSON.parse(run(cmd, args));

// The native floor twice: at opt-level 3 (the floor proper) and at the "z" the wasm is built
// with, in its own target dir so the two do not rebuild each other. Same bytes, same API.
const native = (optLevel, targetDir) =>
  run("cargo", ["bench", "--quiet", "--bench", "sign"], { CARGO_PROFILE_BENCH_OPT_LEVEL: optLevel, ...(targetDir && { CARGO_TARGET_DIR: targetDir }) })
    .trim()
    .split("\n")
    .map((l) => ({ ...JSON.parse(l), optLevel }));

const machine = {
  nproc: cpus().length,
  cpu: (readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? "unknown",
  node: process.versions.node,
  deno: run(deno, ["--version"]).split("\n")[0],
  bun: run(bun, ["--version"]).trim(),
  edgeRuntime: JSON.parse(readFileSync(`${root}node_modules/edge-runtime/package.json`, "utf8")).version,
  loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
  date: new Date().toISOString(),
};

const signing = [
  runJson(process.execPath, ["js/bench/signing.mjs"]),
  runJson(deno, ["run", "-A", "js/bench/signing.mjs"]),
  runJson(bun, ["js/bench/signing.mjs"]),
  runJson(process.execPath, ["js/bench/edge/signing.mjs"]),
];
// The native floor and the split of ours' time are for Node and Deno only.
const nodeDeno = signing.filter((s) => ["node", "deno"].includes(s.runtime.split(" ")[0]));
const floor = [...native("3"), ...native("z", `${out}/cargo-opt-z`)];
const profile = runJson(process.execPath, ["js/bench/profile.mjs"]);
const overhead = runJson(process.execPath, ["js/bench/overhead.mjs"]);
const size = runJson(process.execPath, ["js/bench/size.mjs"]);
const cold = runJson(process.execPath, ["js/bench/coldstart.mjs"]);

// ---- the table: one row per (what, runtime, case, peer); ours/peer < 1 means ours is smaller or faster
const rows = [];
const us = (ns) => `${(ns / 1000).toFixed(1)} µs`;
const ms = (x) => `${x.toFixed(1)} ms`;
const kb = (b) => `${(b / 1000).toFixed(1)} kB`;
const row = (what, runtime, kase, ours, peer, peerValue, fmt) =>
  rows.push({ what, runtime, case: kase, ours: fmt(ours), peer, peerValue: fmt(peerValue), ratio: ours / peerValue, oursRaw: ours, peerRaw: peerValue });

const runtimeName = (r) => r.split(" ")[0];
const PEER_LABEL = {
  "smithy-node-crypto": "@smithy/signature-v4 + Sha256Node (node:crypto)",
  "smithy-webcrypto": "@smithy/signature-v4 + Sha256WebCrypto",
  aws4fetch: "aws4fetch AwsV4Signer",
};
for (const s of signing) {
  const rt = runtimeName(s.runtime);
  for (const kase of [...new Set(s.results.map((r) => r.case))]) {
    const of = (name) => s.results.find((r) => r.case === kase && r.name === name)?.medianNs;
    for (const peer of Object.keys(PEER_LABEL)) {
      if (of(peer) !== undefined) row("signing", rt, kase, of("ours"), PEER_LABEL[peer], of(peer), us);
    }
  }
}
const nativeOf = (kase, opt) => floor.find((f) => f.case === kase && f.optLevel === opt).medianNs;
for (const s of nodeDeno) {
  for (const kase of [...new Set(floor.map((f) => f.case))]) {
    const wasm = s.results.find((r) => r.case === kase && r.name === "ours").medianNs;
    row("wasm vs native", runtimeName(s.runtime), kase, wasm, "native Rust, opt-level 3", nativeOf(kase, "3"), us);
    row("wasm vs native", runtimeName(s.runtime), kase, wasm, "native Rust, opt-level z", nativeOf(kase, "z"), us);
  }
}
const call = (name) => overhead.results.find((r) => r.name === name);
row("call CPU", "node", "MeterUsage, sequential", call("ours").medianCpuNs, "@aws-sdk/client-marketplace-metering", call("aws-sdk").medianCpuNs, us);
row("call wall", "node", "MeterUsage, sequential", call("ours").medianWallNs, "@aws-sdk/client-marketplace-metering", call("aws-sdk").medianWallNs, us);
const sz = (name) => size.results.find((r) => r.name === name);
for (const k of ["gzip", "raw"]) {
  row(`size ${k}`, "workerd", ".wasm + minified JS", sz("ours-bundled")[k], "@aws-sdk/client-marketplace-metering, 4 commands", sz("aws-sdk")[k], kb);
  row(`size ${k}`, "workerd", ".wasm + minified JS", sz("ours-bundled")[k], "aws4fetch", sz("aws4fetch")[k], kb);
}
const cs = (rt, name) => cold.results.find((r) => r.runtime.startsWith(rt) && r.name === name);
const COLD_CASE = { workerd: "Miniflare start + first prepare", "edge-runtime": "EdgeRuntime context + first prepare" };
for (const rt of ["node", "deno", "bun", "workerd", "edge-runtime"]) {
  row("cold start", rt, COLD_CASE[rt] ?? "import + first prepare", cs(rt, "ours").medianMs, "@aws-sdk/client-marketplace-metering", cs(rt, "aws-sdk").medianMs, ms);
}
row("cold start", "workerd", "same, minus empty Worker", cs("workerd", "ours").overEmptyMs, "@aws-sdk/client-marketplace-metering", cs("workerd", "aws-sdk").overEmptyMs, ms);
row("cold start", "edge-runtime", "same, minus empty function", cs("edge-runtime", "ours").overEmptyMs, "@aws-sdk/client-marketplace-metering", cs("edge-runtime", "aws-sdk").overEmptyMs, ms);

function markdown(header, body) {
  const cells = [header, ...body];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}
const table = markdown(
  ["what", "runtime", "case", "ours", "peer", "peer's", "ours/peer"],
  rows.map((r) => [r.what, r.runtime, r.case, r.ours, r.peer, r.peerValue, `${r.ratio.toFixed(2)}×`]),
);

// ---- where ours' signing time goes: the boundary JSON.stringify timed on its own (both
// runtimes); in Node, V8's sampling profiler splits prepareRequest into wasm code, wasm-bindgen
// glue (the crossing), GC and the rest (bench/profile.mjs), each share applied to the median;
// native Rust is the same parse+validate+serialize+sign without wasm, at opt-level 3 and z.
const splitRows = [];
for (const s of nodeDeno) {
  const rt = runtimeName(s.runtime);
  for (const kase of [...new Set(floor.map((f) => f.case))]) {
    const of = (name) => s.results.find((r) => r.case === kase && r.name === name).medianNs;
    const total = of("ours");
    const share = rt === "node" ? profile.results.find((r) => r.case === kase).share : undefined;
    const part = (k) => (share ? `${us(share[k] * total)} (${(100 * share[k]).toFixed(0)}%)` : "n/a");
    splitRows.push([rt, kase, us(total), us(of("ours:boundary-stringify")), part("wasm"), part("glue"), share ? us((share.gc + share.other) * total) : "n/a", us(nativeOf(kase, "3")), us(nativeOf(kase, "z"))]);
  }
}
const split = markdown(
  ["runtime", "case", "prepareRequest", "boundary JSON.stringify (timed)", "in wasm code (profile)", "JS glue / crossing (profile)", "GC + Promise + rest", "native opt 3", "native opt z"],
  splitRows,
);

// ---- targets
const targets = [];
const target = (name, met, detail) => targets.push({ name, met, detail });
for (const rt of ["node", "deno"]) {
  const smithy = rows.filter((r) => r.what === "signing" && r.runtime === rt && r.peer.startsWith("@smithy"));
  // Against the fastest @smithy configuration in that runtime (the stricter reading).
  const speedups = [...new Set(smithy.map((r) => r.case))].map((c) => {
    const ofCase = smithy.filter((r) => r.case === c);
    return { c, x: Math.min(...ofCase.map((r) => r.peerRaw)) / ofCase[0].oursRaw };
  });
  target(
    `signing ≥ 5× faster than @smithy/signature-v4 in ${rt}`,
    speedups.every((s) => s.x >= 5),
    `speed-up vs the fastest @smithy setup: ${speedups.map((s) => `${s.c} ${s.x.toFixed(2)}×`).join(", ")}`,
  );
}
const wasmNative = rows.filter((r) => r.what === "wasm vs native" && r.runtime === "node" && r.peer.includes("opt-level 3"));
const inWasm = (r) => (profile.results.find((p) => p.case === r.case).share.wasm * r.oursRaw) / r.peerRaw;
target(
  "wasm (in Node) within 2× of the native floor",
  wasmNative.every((r) => r.ratio <= 2),
  `prepareRequest / native opt 3: ${wasmNative.map((r) => `${r.case} ${r.ratio.toFixed(2)}×`).join(", ")}; ` +
    `time in wasm code alone / native opt 3: ${wasmNative.map((r) => `${r.case} ${inWasm(r).toFixed(2)}×`).join(", ")}`,
);
const gz = sz("ours-bundled").gzip;
target("package ≤ 20 kB gzip (.wasm + JS)", gz <= 20_000, `${kb(gz)} gzip (${kb(sz("ours-wasm-only").gzip)} of it the .wasm)`);
target("package < 40% of the AWS SDK bundle (gzip)", gz / sz("aws-sdk").gzip < 0.4, `${((100 * gz) / sz("aws-sdk").gzip).toFixed(0)}% of ${kb(sz("aws-sdk").gzip)}`);
for (const rt of ["node", "deno", "bun", "workerd", "edge-runtime"]) {
  const o = cs(rt, "ours").medianMs;
  const a = cs(rt, "aws-sdk").medianMs;
  target(`cold start below the AWS SDK in ${rt}`, o < a, `${ms(o)} vs ${ms(a)}`);
}

const heading =
  `marketplace-metering-wasm benchmark, ${machine.date}\n` +
  `machine: ${machine.nproc} cores, ${machine.cpu}; node ${machine.node}; ${machine.deno}; bun ${machine.bun}; edge-runtime ${machine.edgeRuntime}; load average at start ${machine.loadAverageAtStart.join(" ")}\n` +
  `medians: signing 7 rounds of ~200 ms each; call overhead 7 rounds of ~250 ms against js/bench/server.mjs (a canned 200 in a separate process);\n` +
  `cold start ${cs("node", "ours").samples} fresh processes (Node, Deno, Bun, Edge Runtime) / ${cs("workerd", "ours").samples} Miniflare starts (workerd) per library. ours/peer < 1: ours smaller or faster.`;
const targetLines = targets.map((t) => `${t.met ? "MET    " : "MISSED "} ${t.name}: ${t.detail}`).join("\n");
const wasmSections = Object.entries(sz("ours-wasm-only").sections)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 4)
  .map(([k, v]) => `${k} ${kb(v)}`)
  .join(", ");
const printed = [
  heading,
  "",
  table,
  "",
  "Where ours' signing time goes:",
  "",
  split,
  "",
  `.wasm by section (raw): ${wasmSections}`,
  "",
  "Targets:",
  targetLines,
].join("\n");
console.log(printed);
writeFileSync(`${out}/table.md`, `${printed}\n`);
writeFileSync(`${out}/results.json`, `${JSON.stringify({ machine, rows, targets, signing, native: floor, profile, overhead, size, coldStart: cold }, null, 2)}\n`);
console.log(`\nwritten: target/bench/results.json, target/bench/table.md`);
