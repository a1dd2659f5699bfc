// One timing run (a fresh Node process; measure.mjs starts several and takes medians): µs per
// call for each variant's -hooks build, the variants interleaved round by round (the order
// rotating), so load from other builds on the shared cores lands on all. Each round is timed
// by this process's CPU time (process.cpuUsage, user + system) as well as by the wall clock:
// on 2 cores shared with other builds the wall clock also counts the time the process was
// not running, the CPU time does not.
//
//   node experiments/serde-boundary/js/time.mjs walker serde [...]   -> one JSON line
//
// Cases, with the product's benchmark inputs (js/bench/inputs/):
//   prepare MeterUsage          prepareRequest("MeterUsage", …): input boundary, validation,
//                               body, SigV4 (no I/O)
//   prepare BatchMeterUsage x25 the same for 25 records
//   output BatchMeterUsage x25  a 25-result 2xx body -> the JS output object (__benchOutput; the
//                               walker's text is JSON.parse'd with the driver's reviver, as
//                               js/runtime.js does)
//   call BatchMeterUsage x25    batchMeterUsage(…) end to end against a `fetch` that answers the
//                               25-result body at once: both boundaries, signing, the driver
import { batch25, credentials, meterUsage, REGION } from "../../../js/bench/inputs.mjs";
import { median } from "../../../js/bench/stats.mjs";
import { answer25, hook } from "./common.mjs";
import { load, pkgDir } from "./load.mjs";

const variants = process.argv.slice(2);
const answer = new TextEncoder().encode(JSON.stringify(answer25()));
const fetch = async () =>
  new Response(answer, { status: 200, headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "bench" } });

const cases = [];
for (const v of variants) {
  const { MarketplaceMetering } = await load(`${v}-hooks`);
  const output = await hook(`${v}-hooks`);
  const client = new MarketplaceMetering({ region: REGION, credentials });
  const calling = new MarketplaceMetering({ region: REGION, credentials, fetch, maxAttempts: 1 });
  // Each must work before it is timed (a fast failure would flatter it).
  if ((await calling.batchMeterUsage(batch25)).results.length !== 25) throw new Error(`${v}: the stubbed call failed`);
  if (output("BatchMeterUsage", answer).results.length !== 25) throw new Error(`${v}: __benchOutput failed`);
  cases.push(
    { name: `${v}|prepare MeterUsage`, fn: () => client.prepareRequest("MeterUsage", meterUsage) },
    { name: `${v}|prepare BatchMeterUsage x25`, fn: () => client.prepareRequest("BatchMeterUsage", batch25) },
    { name: `${v}|output BatchMeterUsage x25`, fn: () => output("BatchMeterUsage", answer) },
    { name: `${v}|call BatchMeterUsage x25`, fn: () => calling.batchMeterUsage(batch25) },
  );
}
// Two parts of the walker's time, for reading the figures: its first step on input
// (JSON.stringify in js/runtime.js) and its output without the driver's reviver.
if (variants.includes("walker")) {
  const bg = await import(new URL("marketplace_metering_wasm_bg.js", `file://${pkgDir("walker-hooks")}`).href);
  cases.push(
    { name: "walker-parts|JSON.stringify(input) x25", fn: () => JSON.stringify(batch25) },
    { name: "walker-parts|output x25, JSON.parse without the reviver", fn: () => JSON.parse(bg.__benchOutput("BatchMeterUsage", answer)) },
  );
}

async function round(fn, n) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const cpu = process.cpuUsage(cpu0);
  return { cpuNs: ((cpu.user + cpu.system) * 1e3) / n, wallNs: ((performance.now() - t0) * 1e6) / n };
}

const ROUNDS = 9;
const ROUND_MS = 150;
const byCase = new Map();
for (const c of cases) {
  const key = c.name.split("|")[1];
  byCase.set(key, [...(byCase.get(key) ?? []), c]);
}
const results = [];
for (const [name, group] of byCase) {
  for (const c of group) {
    // Warm-up (JIT, wasm tier-up), then n for about ROUND_MS per round.
    const warm = await round(c.fn, 200);
    await round(c.fn, 200);
    c.n = Math.max(20, Math.round((ROUND_MS * 1e6) / Math.max(warm.wallNs, 1)));
    c.samples = [];
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < group.length; k++) {
      const c = group[(k + r) % group.length];
      c.samples.push(await round(c.fn, c.n));
    }
  }
  for (const c of group) {
    const cpu = c.samples.map((s) => s.cpuNs);
    const wall = c.samples.map((s) => s.wallNs);
    results.push({
      variant: c.name.split("|")[0],
      case: name,
      n: c.n,
      rounds: ROUNDS,
      cpuMedianNs: median(cpu),
      cpuMinNs: Math.min(...cpu),
      wallMedianNs: median(wall),
      wallMinNs: Math.min(...wall),
    });
  }
}
console.log(JSON.stringify(results));
