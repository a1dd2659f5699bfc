// Client call overhead (Node): CPU time per sequential meterUsage call against bench/server.mjs
// in a child process, from process.cpuUsage() of this process (user + system), so it counts
// validation, serialization, signing, the HTTP stack each client brings (fetch/undici for ours,
// node:http for the AWS SDK) and response parsing. Rounds interleave the two clients.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { MarketplaceMeteringClient, MeterUsageCommand } from "@aws-sdk/client-marketplace-metering";
import { MarketplaceMetering } from "../../pkg/node.js";
import { sdkMeterUsage } from "./first.mjs";
import { credentials, meterUsage, REGION } from "./inputs.mjs";
import { median } from "./stats.mjs";

const server = spawn(process.execPath, [new URL("./server.mjs", import.meta.url).pathname], { stdio: ["pipe", "pipe", "inherit"] });
const [line] = await once(server.stdout, "data");
const url = String(line).match(/http:\/\/\S+/)[0];

const ours = new MarketplaceMetering({ region: REGION, credentials, endpointUrl: url });
const sdk = new MarketplaceMeteringClient({ region: REGION, credentials, endpoint: url });
const sdkInput = sdkMeterUsage(meterUsage);
const clients = [
  { name: "ours", call: async () => (await ours.meterUsage(meterUsage)).meteringRecordId },
  { name: "aws-sdk", call: async () => (await sdk.send(new MeterUsageCommand(sdkInput))).MeteringRecordId },
];

async function round(call, n) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await call();
  const cpu = process.cpuUsage(cpu0);
  return { cpuNs: ((cpu.user + cpu.system) * 1e3) / n, wallNs: ((performance.now() - t0) * 1e6) / n };
}

try {
  for (const c of clients) {
    // Each must really succeed before it is timed (a fast failure would flatter it).
    if ((await c.call()) !== "b7b7b7b7-0000-4000-8000-000000000001") throw new Error(`${c.name}: no MeteringRecordId`);
    for (let i = 0; i < 200; i++) await c.call(); // warm-up: JIT, connection pool
    const probe = await round(c.call, 50);
    c.n = Math.max(50, Math.round(250e6 / probe.wallNs)); // ~250 ms per round
    c.samples = [];
  }
  for (let r = 0; r < 7; r++) for (const c of r % 2 ? [...clients].reverse() : clients) c.samples.push(await round(c.call, c.n));
  const results = clients.map((c) => ({
    case: "MeterUsage call",
    name: c.name,
    n: c.n,
    rounds: 7,
    medianCpuNs: median(c.samples.map((s) => s.cpuNs)),
    medianWallNs: median(c.samples.map((s) => s.wallNs)),
  }));
  console.log(JSON.stringify({ runtime: `node ${process.versions.node}`, server: "js/bench/server.mjs (canned 200, separate process)", results }));
} finally {
  ours.close();
  sdk.destroy();
  server.stdin.end();
}
