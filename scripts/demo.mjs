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
  say("(js/examples/worker) running in workerd, and AWS is the local emulator (js/emulator).");

  // The package exactly as a user gets it: the packed tarball, installed by npm.
  execFileSync("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: EXAMPLES, stdio: ["ignore", "ignore", "inherit"] });
  emulator = await startEmulator({ port: 0 });
  const worker = await startWorker(emulator.url);
  say();
  say(`AWS Marketplace Metering (emulated): ${emulator.url}`);
  say(`the seller's Worker (workerd):        ${worker.url}`);

  await registration(worker);
  await meterUsage(worker);
  await hourlyMetering(worker);
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
  await build({
    entryPoints: [`${EXAMPLES}/worker/src/index.js`],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    loader: { ".wasm": "copy" },
    outdir: BUNDLE_DIR,
    logLevel: "warning",
  });
  mf = new Miniflare({
    modules: true,
    scriptPath: `${BUNDLE_DIR}/index.js`,
    // Module names are paths relative to this; the default (the working directory) would make the
    // demo depend on where it is run from.
    modulesRoot: BUNDLE_DIR,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-09-01",
    kvNamespaces: ["TENANTS", "USAGE"],
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
      HEARTBEAT_DIMENSION: "users",
      ADMIN_TOKEN,
    },
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

async function hourlyMetering(worker) {
  const hour = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS);
  const usage = await mf.getKVNamespace("USAGE");
  const key = (account) => `usage:${hour.toISOString()}:${account}`;

  step("The hourly job reports the previous hour (cron trigger)",
    `Real life: the seller's app counted usage per customer; at 5 past the hour a cron job sends the`,
    `hour ${hour.toISOString()} with BatchMeterUsage (up to 25 records a call). A customer without`,
    "usage still gets a record with quantity 0, as AWS asks.",
    "   usage stored by the app: 210000000006 {users: 12, api_calls: 3400}, 210000000010 {users: 1},",
    "   210000000007 nothing. (210000000010 has since cancelled its subscription.)");
  await usage.put(key("210000000006"), JSON.stringify({ users: 12, api_calls: 3400 }));
  await usage.put(key("210000000010"), JSON.stringify({ users: 1 }));
  const before = emulator.ledger().records.length;
  say(`   → scheduled event, cron "5 * * * *"`);
  const fired = await (await mf.getWorker()).scheduled({ cron: "5 * * * *", scheduledTime: new Date(hour.getTime() + HOUR_MS + 5 * 60_000) });
  say(`   ← ${fired.outcome}`);
  const batch = emulator.ledger().records.slice(before);
  const billed = (account, dimension) => batch.find((r) => r.customer.account === account && r.dimension === dimension);
  check(fired.outcome === "ok", "the cron handler finished", JSON.stringify(fired));
  check(billed("210000000006", "users")?.quantity === 12 && billed("210000000006", "api_calls")?.quantity === 3400,
    "210000000006 billed 12 users and 3400 api_calls", JSON.stringify(batch));
  check(billed("210000000007", "users")?.quantity === 0, "210000000007 reported with 0 users (the hourly heartbeat)", JSON.stringify(batch));
  check(!batch.some((r) => r.customer.account === "210000000010"), "210000000010 not billed: CustomerNotSubscribed", JSON.stringify(batch));
  check(batch.length === 3 && batch.every((r) => r.hour * 1000 === hour.getTime()), "3 records billed, all for that hour", batch.length);

  step("The job runs again for the same hour",
    "Real life: a crash or a retry resubmits the same records. AWS de-duplicates per customer,",
    "dimension and hour, so nothing is billed twice and the original ids come back.");
  let res = await post(worker, "/meter", { hour: hour.toISOString() });
  printResults(res.json?.results);
  const ids = new Map(batch.map((r) => [`${r.customer.account} ${r.dimension}`, r.meteringRecordId]));
  const success = (res.json?.results ?? []).filter((r) => r.status === "Success");
  check(success.length === 3 && success.every((r) => ids.get(`${r.customer} ${r.dimension}`) === r.meteringRecordId),
    "Success with the same metering record ids as the first run", JSON.stringify(res.json));
  check(res.json?.results.some((r) => r.customer === "210000000010" && r.status === "CustomerNotSubscribed"),
    "210000000010 is CustomerNotSubscribed: the seller should stop its service", JSON.stringify(res.json));
  check(emulator.ledger().records.length === before + 3, "the ledger did not grow");

  step("The seller tries to correct a number after the fact",
    "Real life: the first report for an hour stands. A different quantity is DuplicateRecord and not",
    "billed; usage cannot be corrected by resubmitting.");
  await usage.put(key("210000000006"), JSON.stringify({ users: 15, api_calls: 3400 }));
  res = await post(worker, "/meter", { hour: hour.toISOString() });
  printResults(res.json?.results);
  const users = res.json?.results.find((r) => r.customer === "210000000006" && r.dimension === "users");
  check(users?.status === "DuplicateRecord", "users 15 for 210000000006: DuplicateRecord", JSON.stringify(users));
  check(billed("210000000006", "users").quantity === 12 && emulator.ledger().records.length === before + 3,
    "the ledger still says 12 users and nothing new was billed");
}

function printResults(results = []) {
  for (const r of results) {
    say(`       ${r.customer.padEnd(14)} ${r.dimension.padEnd(10)} ${String(r.quantity).padStart(5)}  ${r.status}${r.meteringRecordId ? `  ${r.meteringRecordId.slice(0, 8)}…` : ""}`);
  }
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
  check(records.length === 10, "10 records: 1 MeterUsage, 3 from the Worker's hourly job, 6 from the Node script", records.length);
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
