#!/usr/bin/env node
// make demo: the example Worker (js/examples/worker), bundled from the package as installed from
// the packed tarball, runs in workerd (Miniflare) against the local emulator. Real HTTP requests
// play AWS Marketplace and the buyer's browser; the transcript says what each step stands for and
// checks its outcome. Then the Node, Deno, Bun and Next.js (Vercel Edge Runtime) examples run
// against the same emulator.
//
//   node scripts/demo.mjs [--quiet]     (make demo / make test-demo; needs `make build` first)
// Exit status: 0 when every check passed, 1 otherwise. --quiet prints failures and one summary line.

import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { runServer } from "edge-runtime";
import { startEmulator } from "../js/emulator/server.js";
import { buildEdgeFunction, startEdgeFunction } from "../js/vercel/edge-function.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLES = `${ROOT}js/examples`;
const TARBALL = `${ROOT}target/npm/marketplace-metering-wasm.tgz`;
const BUNDLE_DIR = `${ROOT}target/demo/worker`;
const HOUR_MS = 3600 * 1000;
// Whatever hangs (a child that never listens, a request that never answers) fails the demo.
const DEADLINE_MS = 120_000;

const SELLER = { accessKeyId: "AKIDEMULATOREXAMPLE", secretAccessKey: "emulatorSecretKey/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const BUYER = {
  accessKeyId: "ASIAEMULATORSESSION",
  secretAccessKey: "emulatorSessionSecret/wJalrXUtnFEMI/EXAMPLEKEY",
  sessionToken: "emulator-session-token-FwoGZXIvYXdzEXAMPLE",
};
const ADMIN_TOKEN = "demo-admin-token";
const license = (nn) => `arn:aws:license-manager::294406891311:license:l-0demo0000000000${nn}`;
const meterCustomer = (nn) => ({ customerAWSAccountId: `2100000000${nn}`, licenseArn: license(nn) });
// The demo's second Worker: moves the usage meters' clocks through the package's usageMeterFor.
const DEMO_CLOCK_WORKER = `
import { usageMeterFor } from "marketplace-metering-wasm/workers";
export default {
  async fetch(request, env) {
    const { customers, hooks } = await request.json();
    return Response.json(await Promise.all(customers.map((c) => usageMeterFor(env.USAGE_METER, c).testHooks(hooks))));
  },
};`;

const quiet = process.argv.includes("--quiet");
const say = quiet ? () => {} : (line = "") => console.log(line);
let passed = 0;
let failed = 0;
let stepNo = 0;

function check(ok, what, detail) {
  if (ok) {
    passed++;
    say(`  ✓ ${what}`);
  } else {
    failed++;
    // Failures are printed in --quiet mode too: they are what the reader needs.
    console.log(`  ✗ ${what}${detail === undefined ? "" : `\n      got: ${detail}`}`);
  }
  return ok;
}

function step(title, ...story) {
  stepNo++;
  say();
  say(`── ${stepNo}. ${title} ${"─".repeat(Math.max(3, 78 - title.length))}`);
  for (const line of story) say(`   ${line}`);
}

const deadline = setTimeout(() => {
  console.log(`demo: gave up after ${DEADLINE_MS / 1000} s (something hung)`);
  process.exit(1);
}, DEADLINE_MS);
deadline.unref();

const started = Date.now();
let emulator;
let mf;
const pageServers = []; // the Deno and Bun examples' processes
let edgeServer;
try {
  await main();
} catch (err) {
  failed++;
  console.log(`  ✗ the demo stopped: ${err.stack ?? err}`);
} finally {
  for (const child of pageServers) child.kill();
  await edgeServer?.close();
  await mf?.dispose();
  await emulator?.close();
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`demo: ${passed} passed, ${failed} failed (${seconds} s)`);
process.exit(failed === 0 ? 0 : 1);

// -----------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(TARBALL)) throw new Error(`${TARBALL} is missing: run make build first`);
  say("AWS Marketplace metering, end to end, on this machine");
  say("=====================================================");
  say("A SaaS product sold on AWS Marketplace must do two things: when a buyer subscribes, AWS sends");
  say("the buyer's browser to the seller's registration page with a token, which the seller exchanges");
  say("for the customer's identity (ResolveCustomer); then every hour the seller reports each customer's");
  say("usage (BatchMeterUsage) and AWS bills it. Here the seller is the example Cloudflare Worker");
  say("(js/examples/worker) running in workerd, counting usage with the package's usage meter (a Durable");
  say("Object per customer), and AWS is the local emulator (js/emulator).");

  // The package exactly as a user gets it: the packed tarball, installed by npm (removed first:
  // npm keeps an installed file: tarball of the same version, however its contents changed).
  rmSync(`${EXAMPLES}/node_modules/marketplace-metering-wasm`, { recursive: true, force: true });
  execFileSync("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: EXAMPLES, stdio: ["ignore", "ignore", "inherit"] });
  emulator = await startEmulator({ port: 0 });
  const worker = await startWorker(emulator.url);
  say();
  say(`AWS Marketplace Metering (emulated): ${emulator.url}`);
  say(`the seller's Worker (workerd):        ${worker.url}`);

  await registration(worker);
  await meterUsage(worker);
  await usageMeter(worker);
  await nodeExample();
  printLedger();
  await denoExample();
  await bunExample();
  await nextEdgeExample();
}

async function startWorker(endpointUrl) {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  mkdirSync(BUNDLE_DIR, { recursive: true });
  // What Wrangler does: bundle for workerd and keep the .wasm as its own module, which workerd
  // compiles at load (Workers forbid compiling wasm from bytes at run time).
  const bundle = (options) => build({
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    external: ["cloudflare:*"],
    loader: { ".wasm": "copy" },
    logLevel: "warning",
    ...options,
  });
  await bundle({ entryPoints: [`${EXAMPLES}/worker/src/index.js`], outdir: BUNDLE_DIR });
  // The demo's own second Worker: moves the usage meters' clocks (their test hook) through the
  // package's public usageMeterFor, so an hour passes in a second.
  await bundle({ stdin: { contents: DEMO_CLOCK_WORKER, resolveDir: `${EXAMPLES}/worker/src` }, outdir: `${BUNDLE_DIR}/clock` });
  const worker = {
    modules: true,
    // Module names are paths relative to this; the default (the working directory) would make the
    // demo depend on where it is run from.
    modulesRoot: BUNDLE_DIR,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-09-01",
  };
  mf = new Miniflare({
    workers: [{
    ...worker,
    name: "seller",
    scriptPath: `${BUNDLE_DIR}/index.js`,
    kvNamespaces: ["TENANTS"],
    durableObjects: { USAGE_METER: { className: "UsageMeter", useSQLite: true } },
    bindings: {
      // The only difference from production: METERING_ENDPOINT_URL and the emulator's keys.
      AWS_REGION: "us-east-1",
      METERING_ENDPOINT_URL: endpointUrl,
      AWS_ACCESS_KEY_ID: SELLER.accessKeyId,
      AWS_SECRET_ACCESS_KEY: SELLER.secretAccessKey,
      METER_USAGE_ACCESS_KEY_ID: BUYER.accessKeyId,
      METER_USAGE_SECRET_ACCESS_KEY: BUYER.secretAccessKey,
      METER_USAGE_SESSION_TOKEN: BUYER.sessionToken,
      METER_USAGE_PRODUCT_CODE: "prod-container",
      USAGE_METER_HEARTBEAT_DIMENSION: "users",
      // Demo only: lets the clock worker move the meters' clocks.
      USAGE_METER_TEST_HOOKS: "1",
      ADMIN_TOKEN,
    },
    }, {
      ...worker,
      name: "demo-clock",
      scriptPath: `${BUNDLE_DIR}/clock/stdin.js`,
      durableObjects: { USAGE_METER: { className: "UsageMeter", scriptName: "seller", useSQLite: true } },
    }],
    // The Worker's own log lines, indented under the step that caused them.
    handleRuntimeStdio(stdout, stderr) {
      for (const stream of [stdout, stderr]) {
        stream.setEncoding("utf8");
        stream.on("data", (text) => {
          for (const line of text.split("\n").filter(Boolean)) say(`     worker log: ${line}`);
        });
      }
    },
  });
  return { url: await mf.ready };
}

// ----------------------------------------------------------------------------- registration

async function registration(worker) {
  step("A buyer subscribes and lands on the seller's registration page",
    "Real life: the buyer clicks \"Set up your account\" on AWS Marketplace; AWS makes the buyer's",
    "browser form-POST a registration token (x-amzn-marketplace-token) to the seller's fulfilment URL.",
    "The page calls ResolveCustomer with it and learns who subscribed.");
  const token = await mintToken("210000000006");
  let page = await register(worker, { "x-amzn-marketplace-token": token });
  check(page.status === 200, "the page answers 200 (AWS requires it)", page.status);
  check(page.fields["AWS account"] === "210000000006", "it names the buyer's AWS account 210000000006", JSON.stringify(page.fields));
  check(page.fields.License === license("06") && page.fields.Product === "prod-demo-saas",
    "and the license and product the seller will meter against", JSON.stringify(page.fields));

  step("Two more buyers subscribe (one to a free trial)",
    "Real life: the same form POST; a free-trial offer adds x-amzn-marketplace-offer-type=free-trial.");
  page = await register(worker, { "x-amzn-marketplace-token": await mintToken("210000000007"), "x-amzn-marketplace-offer-type": "free-trial" });
  check(page.status === 200 && page.fields["AWS account"] === "210000000007" && page.fields.Offer === "free trial",
    "account 210000000007 is welcomed to its free trial", `${page.status} ${JSON.stringify(page.fields)}`);
  page = await register(worker, { "x-amzn-marketplace-token": await mintToken("210000000010") });
  check(page.status === 200 && page.fields["AWS account"] === "210000000010", "account 210000000010 is welcomed",
    `${page.status} ${JSON.stringify(page.fields)}`);

  step("The first buyer reloads the page",
    "Real life: browsers re-POST on reload. A token keeps resolving to the same customer for 4 hours.");
  page = await register(worker, { "x-amzn-marketplace-token": token });
  check(page.status === 200 && page.fields["AWS account"] === "210000000006", "same token, same customer: 210000000006",
    `${page.status} ${JSON.stringify(page.fields)}`);

  step("Someone posts a made-up token",
    "Real life: a forged or mangled link. ResolveCustomer answers InvalidTokenException.");
  page = await register(worker, { "x-amzn-marketplace-token": "this-is-not-a-marketplace-token" });
  check(page.status === 400 && /not valid/.test(page.title), "a friendly 400 page: \"This sign-up link is not valid\"", `${page.status} ${page.title}`);

  step("A buyer comes back after more than 4 hours",
    "Real life: tokens expire after 4 hours (ExpiredTokenException); the buyer must click",
    "\"Set up your account\" again. (The emulator's clock is moved back to mint an old token.)");
  const stale = await mintToken("210000000006", -(4 * HOUR_MS + 60_000));
  page = await register(worker, { "x-amzn-marketplace-token": stale });
  check(page.status === 400 && /expired/.test(page.title), "a friendly 400 page: \"This sign-up link has expired\"", `${page.status} ${page.title}`);

  step("Someone opens the page without a token",
    "Real life: a bookmark or a crawler. Nothing to resolve, AWS is not called.");
  const before = emulator.stats().requests.ResolveCustomer ?? 0;
  page = await register(worker, {});
  check(page.status === 400 && /could not find/.test(page.title), "a friendly 400 page: \"We could not find your subscription\"", `${page.status} ${page.title}`);
  check((emulator.stats().requests.ResolveCustomer ?? 0) === before, "and no call reached AWS");
}

async function mintToken(customer, clockOffsetMs = 0) {
  // What AWS does when the buyer clicks "Set up your account": issue a registration token.
  if (clockOffsetMs) await admin("clock", { offsetMs: clockOffsetMs });
  try {
    return (await admin("tokens", { customerIdentifier: customer })).token;
  } finally {
    if (clockOffsetMs) await admin("clock", { offsetMs: 0 });
  }
}

async function admin(route, body) {
  const res = await fetch(`${emulator.url}/__emulator/${route}`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`emulator admin ${route}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

async function register(worker, form) {
  const shown = Object.entries(form).map(([k, v]) => `${k}=${v.length > 24 ? `${v.slice(0, 20)}…` : v}`).join("&");
  say(`   → POST /register  (form: ${shown || "empty"})`);
  const res = await fetch(new URL("/register", worker.url), { method: "POST", body: new URLSearchParams(form) });
  const html = await res.text();
  const page = readPage(res.status, html);
  const fields = Object.entries(page.fields).map(([k, v]) => `${k}: ${v}`);
  say(`   ← ${res.status} "${page.title}"${fields.length ? `\n       ${fields.join("\n       ")}` : ""}`);
  return page;
}

/** The title and the definition list of the Worker's HTML page, as text. */
function readPage(status, html) {
  const text = (s) => s.replace(/<[^>]+>/g, "").replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).trim();
  const title = text(html.match(/<h1>([\s\S]*?)<\/h1>/)?.[1] ?? "");
  const fields = {};
  for (const [, k, v] of html.matchAll(/<dt>([\s\S]*?)<\/dt><dd>([\s\S]*?)<\/dd>/g)) fields[text(k)] = text(v);
  return { status, title, fields };
}

// ----------------------------------------------------------------------------- MeterUsage

async function meterUsage(worker) {
  const timestamp = new Date().toISOString();
  const report = { dimension: "vcpu_hours", quantity: 2, timestamp, clientToken: `demo-${Date.now()}` };

  step("MeterUsage dry run (container product)",
    "Real life: AMI and container products report with MeterUsage from the buyer's side. A dry run",
    "asks \"would this be allowed?\" and bills nothing; AWS answers it with DryRunOperation.");
  const billedBefore = emulator.ledger().records.length;
  let res = await post(worker, "/meter-usage", { ...report, dryRun: true });
  check(res.status === 200 && res.json.dryRun === "would succeed", "allowed: the buyer account is entitled to prod-container", JSON.stringify(res.json));
  check(emulator.ledger().records.length === billedBefore, "nothing billed");

  step("MeterUsage for real: 2 vCPU-hours",
    "Real life: the container reports the hour's usage once.");
  res = await post(worker, "/meter-usage", report);
  const id = res.json?.meteringRecordId;
  const billed = emulator.ledger().records.filter((r) => r.meteringRecordId === id);
  check(res.status === 200 && typeof id === "string", "AWS returns a metering record id", JSON.stringify(res.json));
  check(billed.length === 1 && billed[0].quantity === 2 && billed[0].operation === "MeterUsage", "billed once: 2 vcpu_hours", JSON.stringify(billed));

  step("The same MeterUsage again (a retry after a lost answer)",
    "Real life: a timeout leaves the caller unsure; the same request with the same clientToken is safe.");
  res = await post(worker, "/meter-usage", report);
  check(res.status === 200 && res.json.meteringRecordId === id, "the same metering record id comes back", JSON.stringify(res.json));
  check(emulator.ledger().records.length === billedBefore + 1, "still billed once");
}

async function post(worker, path, body) {
  say(`   → POST ${path}  ${JSON.stringify(body)}`);
  const res = await fetch(new URL(path, worker.url), {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  say(`   ← ${res.status} ${json ? JSON.stringify(json.results ? { hour: json.hour, results: `${json.results.length} records` } : json) : text}`);
  return { status: res.status, json };
}

// ----------------------------------------------------------------------------- BatchMeterUsage

/** Moves the emulator's clock and the meters' to `at`; their alarms follow. */
async function fastForward(at, hooks = {}) {
  const offsetMs = at - Date.now();
  await admin("clock", { offsetMs });
  const clock = await mf.getWorker("demo-clock");
  const res = await clock.fetch("http://demo-clock/", { method: "POST", body: JSON.stringify({ customers: ["06", "07", "10"].map(meterCustomer), hooks: { clockOffsetMs: offsetMs, ...hooks } }) });
  if (!res.ok) throw new Error(`demo clock: HTTP ${res.status} ${await res.text()}`);
  return offsetMs;
}

async function until(what, predicate, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function meterStatus(worker, account) {
  const res = await fetch(new URL(`/usage?customer=${account}`, worker.url), { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return res.json();
}

async function usageMeter(worker) {
  const hour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const at = (ms) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
  const ledgerSize = emulator.ledger().records.length;
  // The clocks stay at 20 past the hour while this hour's usage is recorded, wherever the wall
  // clock is, so a demo run across an hour boundary tells the same story.
  await fastForward(hour + 20 * 60_000);

  step("The seller's application records usage as it serves requests",
    "Real life: every request the seller's Worker serves, in any isolate and location, calls",
    "recordUsage(env.USAGE_METER, ...) from marketplace-metering-wasm/workers; the customer's UsageMeter",
    "Durable Object stores the event before the call returns. Here: 12 requests at once from account",
    "210000000006 and 3 from 210000000010 (which has cancelled since); 210000000007 uses nothing.");
  const request = (account, id) => fetch(new URL("/api/report", worker.url), { method: "POST", headers: { "x-customer": account, "x-request-id": id } })
    .then(async (res) => ({ status: res.status, json: await res.json() }));
  say(`   → POST /api/report  x12 (x-customer: 210000000006), x3 (x-customer: 210000000010), all at once`);
  const answers = await Promise.all([
    ...Array.from({ length: 12 }, (_, i) => request("210000000006", `req-06-${i}`)),
    ...Array.from({ length: 3 }, (_, i) => request("210000000010", `req-10-${i}`)),
  ]);
  say(`   ← ${answers.map((a) => a.status).join(" ")}; counted in ${[...new Set(answers.map((a) => a.json.countedIn))].join(", ")}`);
  check(answers.every((a) => a.status === 200 && a.json.counted && Date.parse(a.json.countedIn) === hour),
    `all 15 stored, in the hour ${at(hour)}`, JSON.stringify(answers.find((a) => a.status !== 200 || !a.json.counted)));

  step("A request is retried",
    "Real life: a client times out and sends the same request again (same request id): it counts once.");
  say("   → POST /api/report  (x-customer: 210000000006, x-request-id: req-06-0, again)");
  const retried = await request("210000000006", "req-06-0");
  say(`   ← ${retried.status} ${JSON.stringify(retried.json)}`);
  check(retried.status === 200 && retried.json.counted === false, "not counted again", JSON.stringify(retried.json));

  step("Another system reports usage with its own time",
    "Real life: a queue consumer or batch job forwards usage counted elsewhere, with when it happened.");
  let res = await post(worker, "/usage", { customer: "210000000006", dimension: "users", quantity: 12, eventId: "import-1", timestamp: new Date(hour).toISOString() });
  check(res.status === 200 && res.json.counted && Date.parse(res.json.hour) === hour && !res.json.late, `12 users counted in ${at(hour)}`, JSON.stringify(res.json));

  step("Before the hour ends, nothing is billed; each meter shows what it counts",
    "Real life: GET /usage shows a customer's meter (an admin view of usageMeterFor(...).status()).");
  let status = await meterStatus(worker, "210000000006");
  say(`   ← open: ${status.open.map((r) => `${r.dimension} ${r.quantity}`).join(", ")}`);
  const open = Object.fromEntries(status.open.map((r) => [r.dimension, r.quantity]));
  check(open.api_calls === 12 && open.users === 12, "210000000006: api_calls 12, users 12, still counting", JSON.stringify(status.open));
  check(emulator.ledger().records.length === ledgerSize, "nothing billed yet");

  step("The hour ends: each meter's alarm reports it",
    "Real life: after the hour and a grace period (USAGE_METER_GRACE_SECONDS) each meter's alarm sends",
    "its customer's totals with BatchMeterUsage: a record per dimension, quantity 0 for a customer",
    "without usage. No cron job. (The demo moves the emulator's clock and the meters' an hour forward",
    "instead of waiting: a test hook that only USAGE_METER_TEST_HOOKS=1 turns on, set by the demo.)");
  // Past the default grace (5 minutes) and spread (up to 10 more), when every meter is due.
  await fastForward(hour + HOUR_MS + 16 * 60_000);
  await until("the hour billed and 210000000010 answered", async () =>
    emulator.ledger().records.length >= ledgerSize + 3 && (await meterStatus(worker, "210000000010")).history.length > 0);
  const billed = emulator.ledger().records.slice(ledgerSize);
  for (const r of billed) say(`     billed: ${r.customer.account} ${r.dimension.padEnd(10)} ${String(r.quantity).padStart(3)}  hour ${at(r.hour * 1000)}`);
  const find = (account, dimension, h) => billed.find((r) => r.customer.account === account && r.dimension === dimension && r.hour * 1000 === h);
  check(find("210000000006", "api_calls", hour)?.quantity === 12 && find("210000000006", "users", hour)?.quantity === 12,
    "210000000006 billed 12 api_calls and 12 users, once", JSON.stringify(billed));
  check(find("210000000007", "users", hour)?.quantity === 0, "210000000007 reported with 0 users (the hourly heartbeat)", JSON.stringify(billed));
  status = await meterStatus(worker, "210000000010");
  say(`     210000000010's meter: ${status.history.map((r) => `${r.dimension} ${r.quantity} ${r.status}`).join(", ")}`);
  check(!billed.some((r) => r.customer.account === "210000000010") && status.history.every((r) => r.status === "CustomerNotSubscribed") && status.pending.length === 0,
    "210000000010 not billed: CustomerNotSubscribed, kept in its meter's history, not retried", JSON.stringify(status.history));
  check(billed.length === 3, "3 records billed for the hour", billed.length);

  step("An event arrives for the hour already sent",
    "Real life: a straggler from a slow queue. AWS keeps the first record of an hour (a second one is",
    "DuplicateRecord, not billed), so the meter counts it in the next hour not yet sent, and says so.");
  res = await post(worker, "/usage", { customer: "210000000006", dimension: "users", quantity: 5, eventId: "import-2", timestamp: new Date(hour + 30 * 60_000).toISOString() });
  check(res.json?.late === true && Date.parse(res.json.hour) === hour + HOUR_MS, `late: counted in ${at(hour + HOUR_MS)}`, JSON.stringify(res.json));
  check(emulator.ledger().records.length === ledgerSize + 3, "the sent hour is not sent again");

  step("The meter is reset right after AWS billed, before it wrote that down",
    "Real life: a deployment or a machine failure at the worst moment. The meter sends the hour again;",
    "AWS de-duplicates per customer, dimension and hour and answers with the same id. (The test hook",
    "resets 210000000006's meter right after the send; the clocks move another hour.)");
  await fastForward(hour + 2 * HOUR_MS + 16 * 60_000, { crashOnce: ["afterSend"] });
  status = await until("210000000006's next hour acknowledged", async () => {
    const s = await meterStatus(worker, "210000000006");
    return s.history.some((r) => Date.parse(r.hour) === hour + HOUR_MS) && s.pending.length === 0 ? s : undefined;
  });
  const record = status.history.find((r) => Date.parse(r.hour) === hour + HOUR_MS);
  say(`     210000000006's meter: users ${record.quantity} in ${at(hour + HOUR_MS)}: ${record.status} after ${record.attempts} sends`);
  const secondHour = emulator.ledger().records.filter((r) => r.customer.account === "210000000006" && r.hour * 1000 === hour + HOUR_MS);
  check(record.attempts === 2 && secondHour.length === 1 && secondHour[0].quantity === 5 && secondHour[0].meteringRecordId === record.meteringRecordId,
    "sent twice, billed once: the 5 late users, with the id AWS gave the first time", JSON.stringify({ record, secondHour }));
  await until("210000000007's heartbeat", () => emulator.ledger().records.length >= ledgerSize + 5);
  await admin("clock", { offsetMs: 0 });
}

// ----------------------------------------------------------------------------- Node and Deno

async function nodeExample() {
  step("The Node example meters an hour for six customers (js/examples/node/meter-hourly.mjs)",
    "Real life: the same hourly report from a Node service; legacy customers (CustomerIdentifier +",
    "ProductCode) and new ones (AWS account + LicenseArn) go in separate calls.");
  say("   $ node node/meter-hourly.mjs node/usage.example.json");
  const before = emulator.ledger().records.length;
  const run = await runChild(process.execPath, ["node/meter-hourly.mjs", "node/usage.example.json"], examplesEnv());
  for (const line of run.output.trimEnd().split("\n")) say(`     ${line}`);
  check(run.code === 0, "it exits 0: every record billed", `exit ${run.code}`);
  check(emulator.ledger().records.length === before + 6, "6 records billed", emulator.ledger().records.length - before);
}

function printLedger() {
  const records = emulator.ledger().records;
  say();
  say("── The ledger: what AWS would bill (every record once) " + "─".repeat(29));
  say(`   ${"operation".padEnd(15)} ${"product".padEnd(15)} ${"customer".padEnd(17)} ${"dimension".padEnd(10)} ${"hour (UTC)".padEnd(17)} quantity`);
  for (const r of records) {
    const customer = r.customer.identifier ?? r.customer.account;
    const hour = new Date(r.hour * 1000).toISOString().slice(0, 16).replace("T", " ");
    say(`   ${r.operation.padEnd(15)} ${r.productCode.padEnd(15)} ${customer.padEnd(17)} ${r.dimension.padEnd(10)} ${hour.padEnd(17)} ${String(r.quantity).padStart(8)}`);
  }
  check(records.length === 12, "12 records: 1 MeterUsage, 5 from the Worker's usage meters (2 hours), 6 from the Node script", records.length);
}

async function denoExample() {
  step("The same registration page on Deno (js/examples/deno/registration.ts)",
    "Real life: a seller whose site runs on Deno; the same form POST from AWS.");
  say("   $ PORT=0 deno run --allow-net --allow-env --allow-read=. deno/registration.ts");
  const url = await startPageServer("deno", ["run", "--allow-net", "--allow-env", "--allow-read=.", "deno/registration.ts"]);
  await registrationPageChecks("Deno", url, "210000000008");
}

async function bunExample() {
  step("The same registration page on Bun (js/examples/bun/registration.mjs)",
    "Real life: a seller whose site runs on Bun; the same form POST from AWS. Bun loads the package's",
    "node.js entry (the `bun` export condition).");
  say("   $ PORT=0 bun bun/registration.mjs");
  const url = await startPageServer("bun", ["bun/registration.mjs"]);
  await registrationPageChecks("Bun", url, "210000000007");
}

async function nextEdgeExample() {
  step("The same page as a Next.js edge route (js/examples/nextjs/app/register/route.js)",
    "Real life: a seller's Next.js site on Vercel; AWS form-POSTs to the route handler's POST export.",
    "Bundled as Next.js bundles an edge route (the package's edge-light entry; its .wasm arrives as a",
    "module the runtime supplies), run in Vercel's edge-runtime, which refuses wasm compiled from bytes.");
  say("   (js/vercel/edge-function.mjs builds and starts it; edge-runtime's runServer serves it)");
  const fn = await buildEdgeFunction(`${EXAMPLES}/nextjs/app/register/route.js`, `${ROOT}target/demo/nextjs-register`);
  const { PATH, HOME, ...env } = examplesEnv();
  edgeServer = await runServer({ runtime: await startEdgeFunction(fn, { env }), host: "127.0.0.1", port: 0 });
  const url = new URL("/register", edgeServer.url).href;
  say(`     ${url}`);
  await registrationPageChecks("The Next.js edge route", url, "210000000009");
}

/** Starts an example's page server on a free port and resolves with the URL it prints. make puts
 *  node_modules/.bin on PATH; run directly, the demo finds the repository's Deno and Bun itself. */
async function startPageServer(command, args) {
  const local = `${ROOT}node_modules/.bin/${command}`;
  const child = spawn(existsSync(local) ? local : command, args, {
    cwd: EXAMPLES,
    env: { ...examplesEnv(), PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  pageServers.push(child);
  const url = await firstUrl(child);
  say(`     ${url}`);
  return url;
}

/** The registration page at `url` welcomes a freshly subscribed buyer and turns a forged token away. */
async function registrationPageChecks(who, url, account) {
  const page = await register({ url }, { "x-amzn-marketplace-token": await mintToken(account) });
  check(page.status === 200 && page.fields["AWS account"] === account && page.fields.License === license(account.slice(-2)),
    `${who} welcomes account ${account} with its license`, `${page.status} ${JSON.stringify(page.fields)}`);
  const bad = await register({ url }, { "x-amzn-marketplace-token": "forged" });
  check(bad.status === 400 && /not valid/.test(bad.title), "and turns a forged token away with a 400 page", `${bad.status} ${bad.title}`);
}

/** Environment for the Node, Deno, Bun and Next.js examples: the emulator instead of AWS, by configuration only. */
function examplesEnv() {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_REGION: "us-east-1",
    METERING_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: SELLER.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SELLER.secretAccessKey,
  };
}

function runChild(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: EXAMPLES, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** Resolves with the URL a page server prints once it listens; rejects if it exits first. */
function firstUrl(child) {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (text) => {
      seen += text;
      const match = seen.match(/listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    child.stderr.on("data", (text) => (seen += text));
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`${child.spawnfile} exited with ${code} before listening:\n${seen}`)));
  });
}
