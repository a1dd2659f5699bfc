// Where prepareRequest's time goes in Node, from V8's own sampling profiler: a child runs
// prepareRequest in a loop for ~1.5 s under --cpu-prof, and the self time of each sample is
// put in a bucket: wasm code, the JSON.stringify at the boundary (runtime.js `stringify`),
// the wasm-bindgen glue that crosses the boundary (string encode/decode, object building),
// garbage collection, and the rest (Promise machinery, the loop). Prints one JSON object.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { cases, credentials, REGION } from "./inputs.mjs";

if (process.argv[2] === "--child") {
  const { MarketplaceMetering } = await import("../../pkg/node.js");
  const { op, input } = cases.find((c) => c.op === process.argv[3]);
  const client = new MarketplaceMetering({ region: REGION, credentials });
  for (let i = 0; i < 500; i++) await client.prepareRequest(op, input); // warm-up, mostly outside the window that matters
  const end = performance.now() + 1500;
  while (performance.now() < end) await client.prepareRequest(op, input);
  process.exit(0);
}

function bucket({ functionName, url }) {
  if (functionName.startsWith("wasm-function") || functionName.startsWith("$")) return "wasm";
  if (url.endsWith("/runtime.js") && functionName === "stringify") return "stringify";
  if (url.endsWith("marketplace_metering_wasm_bg.js") || url.includes("encoding") || url.endsWith("/runtime.js")) return "glue";
  if (functionName === "(garbage collector)") return "gc";
  return "other";
}

const results = [];
for (const { op, label } of cases) {
  const dir = mkdtempSync(`${tmpdir()}/mmw-prof-`);
  const r = spawnSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, new URL(import.meta.url).pathname, "--child", op], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`profile ${op}: ${r.stderr}`);
  const profile = JSON.parse(readFileSync(`${dir}/${readdirSync(dir)[0]}`, "utf8"));
  rmSync(dir, { recursive: true });
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = { wasm: 0, stringify: 0, glue: 0, gc: 0, other: 0 };
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    if (node.callFrame.functionName !== "(idle)") totals[bucket(node.callFrame)] += profile.timeDeltas[i];
  });
  const sum = Object.values(totals).reduce((a, b) => a + b, 0);
  results.push({ case: label, share: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v / sum])) });
}
console.log(JSON.stringify({ runtime: `node ${process.versions.node}`, results }));
