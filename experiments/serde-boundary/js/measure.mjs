// The serde-boundary experiment's figures, in one run over the packages build.sh made from one
// commit: bytes (the .wasm and the minified Worker glue, raw and gzip -9), µs per call (several
// fresh processes of time.mjs, medians), and the field-path table. Checks first that every
// variant writes the same request bodies and the same outputs, so the timings compare the
// same work. Prints Markdown; writes target/serde-experiment/results.{json,md}.
//
//   node experiments/serde-boundary/js/measure.mjs [--runs N]
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { bundle } from "../../../js/bench/bundle.mjs";
import { median } from "../../../js/bench/stats.mjs";
import { answer25, hook } from "./common.mjs";
import { load, pkgDir } from "./load.mjs";
import { BAD, BAD_ANSWER, bodies, errors } from "./quality.mjs";
import { sections } from "./wasm.mjs";

const { values: args } = parseArgs({ options: { runs: { type: "string", default: "7" } } });
const out = new URL("../../../target/serde-experiment/", import.meta.url).pathname;
const load1 = () => loadavg().map((l) => Number(l.toFixed(2)));
const machine = {
  commit: readFileSync(`${out}commit`, "utf8").trim(),
  nproc: cpus().length,
  cpu: cpus()[0]?.model ?? "unknown",
  node: process.versions.node,
  loadAverageAtStart: load1(),
  date: new Date().toISOString(),
};

// --- bytes ---------------------------------------------------------------------------------
const SIZE_VARIANTS = ["walker", "walker-std", "serde", "serde-lax"];
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const sizes = [];
for (const v of SIZE_VARIANTS) {
  const dir = pkgDir(v);
  const wasm = readFileSync(`${dir}marketplace_metering_wasm_bg.wasm`);
  const outfile = `${out}${v}/worker-glue.min.mjs`;
  // The Worker entry as a Worker deploys it (js/bench/bundle.mjs: esbuild, minified, .wasm external).
  await bundle(`export { MarketplaceMetering } from ${JSON.stringify(`${dir}workerd.js`)};`, outfile);
  const glue = readFileSync(outfile);
  sizes.push({ variant: v, wasmRaw: wasm.length, wasmGzip: gz(wasm), glueRaw: glue.length, glueGzip: gz(glue), totalGzip: gz(wasm) + gz(glue), sections: sections(wasm) });
}

// Where the serde build's code bytes go, by crate and module (js/attribute.mjs).
const attribution = JSON.parse(
  execFileSync(process.execPath, [new URL("./attribute.mjs", import.meta.url).pathname, "walker", "serde"], { encoding: "utf8" }),
);

// --- the same work: bodies and outputs ------------------------------------------------------
const expected = await bodies((await load("walker")).MarketplaceMetering);
for (const v of ["serde", "serde-lax"]) {
  const got = await bodies((await load(v)).MarketplaceMetering);
  for (const k of Object.keys(expected)) if (got[k] !== expected[k]) throw new Error(`${v}: the ${k} body differs from the product's:\n${got[k]}\n${expected[k]}`);
}
const answer = new TextEncoder().encode(JSON.stringify(answer25()));
const outputs = [];
for (const v of ["walker-hooks", "serde-hooks"]) outputs.push((await hook(v))("BatchMeterUsage", answer));
if (!isDeepStrictEqual(outputs[0], outputs[1])) throw new Error("the 25-result output differs between the walker and serde builds");

// --- field paths ----------------------------------------------------------------------------
const QUALITY_VARIANTS = ["walker", "serde", "serde-lax"];
const quality = {};
for (const v of QUALITY_VARIANTS) quality[v] = await errors((await load(v)).MarketplaceMetering);

// --- µs -------------------------------------------------------------------------------------
const TIME_VARIANTS = ["walker", "serde", "serde-lax"];
const runs = [];
const time = new URL("./time.mjs", import.meta.url).pathname;
for (let r = 0; r < Number(args.runs); r++) {
  // Fresh processes; the variants load in a rotated order each run.
  const order = TIME_VARIANTS.map((_, i) => TIME_VARIANTS[(i + r) % TIME_VARIANTS.length]);
  process.stderr.write(`measure: timing run ${r + 1}/${args.runs} (${order.join(", ")}), load ${load1().join(" ")}\n`);
  runs.push(JSON.parse(execFileSync(process.execPath, [time, ...order], { encoding: "utf8" })));
}
const timings = [];
for (const row of runs[0]) {
  const same = runs.flat().filter((x) => x.variant === row.variant && x.case === row.case);
  timings.push({
    variant: row.variant,
    case: row.case,
    runs: same.length,
    cpuUs: median(same.map((x) => x.cpuMedianNs)) / 1e3,
    cpuMinUs: Math.min(...same.map((x) => x.cpuMinNs)) / 1e3,
    wallUs: median(same.map((x) => x.wallMedianNs)) / 1e3,
    wallMinUs: Math.min(...same.map((x) => x.wallMinNs)) / 1e3,
  });
}
machine.loadAverageAtEnd = load1();

// --- report ---------------------------------------------------------------------------------
const kb = (n) => (n / 1000).toFixed(1);
const lines = [];
const p = (s = "") => lines.push(s);
p(`Commit ${machine.commit.slice(0, 12)}; ${machine.nproc} cores (${machine.cpu}), Node ${machine.node}; load average ${machine.loadAverageAtStart.join(" ")} at the start, ${machine.loadAverageAtEnd.join(" ")} at the end.`);
p();
p("| build | .wasm raw | .wasm gzip -9 | Worker glue (minified) gzip -9 | Worker bundle gzip -9 | vs product | code / data section |");
p("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
const base = sizes.find((s) => s.variant === "walker");
for (const s of sizes) {
  const delta = s.totalGzip - base.totalGzip;
  p(`| ${s.variant} | ${s.wasmRaw} | ${s.wasmGzip} | ${s.glueGzip} | **${s.totalGzip}** (${kb(s.totalGzip)} kB) | ${delta === 0 ? "—" : `${delta > 0 ? "+" : ""}${delta} B (${delta > 0 ? "+" : ""}${((100 * delta) / base.totalGzip).toFixed(0)}%)`} | ${s.sections.code} / ${s.sections.data ?? 0} |`);
}
p();
p("The code section by crate and module (function bodies after wasm-opt; wasm-bindgen's export shims hold what they inline), where walker and serde differ by more than 500 B:");
p();
p("| crate::module | walker | serde | serde − walker |");
p("| --- | ---: | ---: | ---: |");
const groups = [...new Set(Object.values(attribution).flatMap(Object.keys))]
  .map((g) => [g, attribution.walker[g] ?? 0, attribution.serde[g] ?? 0])
  .filter(([, a, b]) => Math.abs(b - a) > 500)
  .sort((x, y) => y[2] - y[1] - (x[2] - x[1]));
for (const [g, a, b] of groups) p(`| ${g} | ${a} | ${b} | ${b - a > 0 ? "+" : ""}${b - a} |`);
const total = (v) => Object.values(attribution[v]).reduce((x, y) => x + y, 0);
p(`| all function bodies | ${total("walker")} | ${total("serde")} | +${total("serde") - total("walker")} |`);
p();
p(`µs per call, CPU time of the process (median over ${args.runs} processes of the per-process median of 9 interleaved rounds; in brackets the wall-clock median):`);
p();
const cases = [...new Set(timings.filter((t) => TIME_VARIANTS.includes(t.variant)).map((t) => t.case))];
p(`| case | ${TIME_VARIANTS.join(" | ")} |`);
p(`| --- | ${TIME_VARIANTS.map(() => "---:").join(" | ")} |`);
for (const c of cases) {
  const cell = (v) => {
    const t = timings.find((x) => x.case === c && x.variant === v);
    return `${t.cpuUs.toFixed(1)} (${t.wallUs.toFixed(1)})`;
  };
  p(`| ${c} | ${TIME_VARIANTS.map(cell).join(" | ")} |`);
}
for (const t of timings.filter((x) => x.variant === "walker-parts")) p(`| *part of walker:* ${t.case} | ${t.cpuUs.toFixed(1)} (${t.wallUs.toFixed(1)}) | | |`);
p();
p("Field paths: the ValidationError each build's prepareRequest rejects with (`field`: `message` after the field), or what it sent:");
p();
p(`| bad input | ${QUALITY_VARIANTS.join(" | ")} |`);
p(`| --- | ${QUALITY_VARIANTS.map(() => "---").join(" | ")} |`);
const esc = (s) => String(s).replace(/\|/g, "\\|").replace(/\n/g, " ");
for (let i = 0; i < BAD.length + 1; i++) {
  const cell = (v) => {
    const r = quality[v][i];
    if (r.accepted) return "**accepted** (sent)";
    if (r.field === undefined) return `${esc(r.name)}: ${esc(r.message)}`;
    const rule = r.message.startsWith(`${r.field}: `) ? r.message.slice(r.field.length + 2) : r.message;
    return `\`${esc(r.field)}\`: ${esc(rule)}`;
  };
  p(`| ${esc(i < BAD.length ? BAD[i][0] : BAD_ANSWER)} | ${QUALITY_VARIANTS.map(cell).join(" | ")} |`);
}
const md = lines.join("\n") + "\n";
writeFileSync(`${out}results.md`, md);
writeFileSync(`${out}results.json`, JSON.stringify({ machine, sizes, attribution, timings, runs, quality }, null, 1) + "\n");
process.stdout.write(md);
