// README.md's code, run: every JavaScript/TypeScript block carries a marker (snippets.mjs), and
// every block marked runnable runs in its runtime (runners.mjs) against a fresh emulator, checked
// by the entry of CHECKS below keyed by its marker ("worker registration-and-hourly-job"). A new
// snippet needs a marker in the README and an entry here; the test fails without either.
// Run: node --test tests/js/readme/ (after the package is installed into tests/js, as make does).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startEmulator } from '../../../js/emulator/server.js';
import { loadSeed } from '../../../js/emulator/seed.js';
import { readSnippets } from './snippets.mjs';
import { freePort, runNode, runShell, startBunServer, startDenoServer, startEdgeRoute, startWorker } from './runners.mjs';

const README = new URL('../../../README.md', import.meta.url);
const { snippets, skipped, problems } = readSnippets(readFileSync(README, 'utf8'));
const HOUR_MS = 3600 * 1000;
const SELLER = { AWS_ACCESS_KEY_ID: 'AKIDEMULATOREXAMPLE', AWS_SECRET_ACCESS_KEY: 'emulatorSecretKey/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const ROLE_EXTERNAL = 'arn:aws:iam::111122223333:role/MarketplaceMeteringWithExternalId';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** What a user sets to point a snippet at the emulator instead of AWS. */
const configFor = (emu) => ({ AWS_REGION: 'us-east-1', ...SELLER, METERING_ENDPOINT_URL: emu.url });

/** The hour before the one `ms` falls in, as a snippet computes it. */
const previousHour = (ms) => Math.floor(ms / HOUR_MS) * HOUR_MS - HOUR_MS;

/** A registration token minted as if the buyer had clicked "Set up your account" `agoMs` ago. */
function tokenFrom(emu, customer, agoMs = 0) {
  emu.setClockOffsetMs(-agoMs);
  try {
    return emu.mintRegistrationToken(customer);
  } finally {
    emu.setClockOffsetMs(0);
  }
}

/** Posts the form AWS Marketplace posts to a fulfilment URL. */
const registration = (post, url, form) => post(url, { method: 'POST', body: new URLSearchParams(form)});

/** The checks every registration page gets: fresh, forged, expired and missing tokens. */
async function checkRegistrationPage(emu, post, url, customer) {
  const fresh = await registration(post, url, { 'x-amzn-marketplace-token': tokenFrom(emu, customer) });
  const text = await fresh.text();
  assert.equal(fresh.status, 200, text);
  const forged = await registration(post, url, { 'x-amzn-marketplace-token': 'forged-token.not-from-aws' });
  assert.equal(forged.status, 400, await forged.text());
  const expired = await registration(post, url, { 'x-amzn-marketplace-token': tokenFrom(emu, customer, 4 * HOUR_MS + 60_000) });
  assert.equal(expired.status, 400, await expired.text());
  const calls = emu.stats().requests.ResolveCustomer;
  const missing = await registration(post, url, {});
  assert.equal(missing.status, 400, await missing.text());
  assert.equal(emu.stats().requests.ResolveCustomer, calls, 'no token, no call to AWS');
  return text;
}

/**
 * A registration page served by a program of its own (`start`: the Deno or Bun runner) against a
 * fresh emulator: the page's checks, then the text it welcomed `customer` with. A failure shows
 * the program's output.
 */
async function checkServedPage(start, snippet, customer) {
  const emu = await startEmulator({ rateLimitPerSecond: 0 });
  const server = await start(snippet, configFor(emu));
  try {
    return await checkRegistrationPage(emu, fetch, server.url, customer);
  } catch (err) {
    err.message += `\n${snippet.runtime} output:\n${server.output()}`;
    throw err;
  } finally {
    await server.stop();
    await emu.close();
  }
}

// The hourly job's scale test: more tenants than one KV list() returns, in two products, legacy
// and license customers, a few of them no longer subscribed.
const BIG = { legacyA: 300, licenseA: 350, licenseB: 400, unsubscribedEvery: 97 };
function bigSeed() {
  const seed = JSON.parse(readFileSync(new URL('../../../js/emulator/seed.json', import.meta.url), 'utf8'));
  seed.products.push({ productCode: 'prod-readme-a', dimensions: ['users'] }, { productCode: 'prod-readme-b', dimensions: ['users'] });
  let n = 0;
  const subscribed = () => (++n % BIG.unsubscribedEvery !== 0);
  const license = (product, i) => {
    const account = String(310_000_000_000 + n);
    return { productCode: product, awsAccountId: account, licenseArn: `arn:aws:license-manager::294406891311:license:l-readme${product.slice(-1)}${String(i).padStart(10, '0')}`, subscribed: subscribed() };
  };
  for (let i = 0; i < BIG.legacyA; i++) seed.customers.push({ productCode: 'prod-readme-a', customerIdentifier: `cust-readme-a-${i}`, subscribed: subscribed() });
  for (let i = 0; i < BIG.licenseA; i++) seed.customers.push(license('prod-readme-a', i));
  for (let i = 0; i < BIG.licenseB; i++) seed.customers.push(license('prod-readme-b', i));
  return seed;
}

/** Runs `fn` over `items`, `width` at a time. */
async function pool(items, width, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

const CHECKS = {
  async 'worker registration-and-hourly-job'(snippet) {
    const seed = bigSeed();
    const emu = await startEmulator({ seed, rateLimitPerSecond: 0 });
    const worker = await startWorker(snippet, { kvNamespaces: ['TENANTS'], bindings: configFor(emu) });
    try {
      // The registration page.
      assert.match(await checkRegistrationPage(emu, worker.fetch, 'http://worker.test/register', '210000000006'), /210000000006/);
      // Every tenant registers through the page, as buyers would, so the job reads what the page wrote.
      const tenants = loadSeed(seed).customers.filter((c) => c.productCode.startsWith('prod-readme-'));
      await pool(tenants, 8, async (c) => {
        const res = await registration(worker.fetch, 'http://worker.test/', { 'x-amzn-marketplace-token': emu.mintRegistrationToken(c.licenseArn ?? c.customerIdentifier) });
        assert.equal(res.status, 200, await res.text());
      });
      const kv = await worker.mf.getKVNamespace('TENANTS');
      const firstPage = await kv.list();
      assert.equal(firstPage.list_complete, false, 'more tenants than one list() returns');

      // The cron: it reports the hour before the one it fires in.
      const scheduledTime = Date.now();
      const fired = await (await worker.mf.getWorker()).scheduled({ cron: '5 * * * *', scheduledTime });
      assert.equal(fired.outcome, 'ok');

      const registered = [...tenants, ...seed.customers.filter((c) => c.awsAccountId === '210000000006')];
      const expected = registered.filter((c) => c.subscribed !== false)
        .map((c) => `${c.productCode} ${c.licenseArn ?? c.customerIdentifier}`).sort();
      const billed = emu.ledger().records;
      assert.deepEqual(billed.map((r) => `${r.productCode} ${r.customer.license ?? r.customer.identifier}`).sort(), expected,
        'every subscribed tenant billed once, in its own product');
      assert.ok(billed.every((r) => r.hour * 1000 === previousHour(scheduledTime) && r.dimension === 'users' && r.quantity === 0));
      // One product and one kind of customer per call, at most 25 records each.
      const groups = [1, BIG.legacyA, BIG.licenseA, BIG.licenseB];
      assert.equal(emu.stats().requests.BatchMeterUsage, groups.reduce((sum, n) => sum + Math.ceil(n / 25), 0));
    } finally {
      await worker.dispose();
      await emu.close();
    }
  },

  async 'deno registration'(snippet) {
    assert.equal(await checkServedPage(startDenoServer, snippet, '210000000008'), 'Welcome, AWS account 210000000008!');
  },

  async 'edge nextjs-registration'(snippet) {
    const emu = await startEmulator({ rateLimitPerSecond: 0 });
    const route = await startEdgeRoute(snippet, configFor(emu));
    try {
      const text = await checkRegistrationPage(emu, route.fetch, 'http://edge.test/register', '210000000007');
      assert.equal(text, 'Welcome, AWS account 210000000007!');
      assert.equal((await route.fetch('http://edge.test/register')).status, 405, 'POST only: a GET has no handler');
    } finally {
      await route.dispose();
      await emu.close();
    }
  },

  async 'bun registration'(snippet) {
    assert.equal(await checkServedPage(startBunServer, snippet, '210000000009'), 'Welcome, AWS account 210000000009!');
  },

  async 'worker metering-role'(snippet) {
    const emu = await startEmulator({ rateLimitPerSecond: 0 });
    // What the README tells the seller to set, pointed at the emulator's seeded user and role.
    const bindings = {
      AWS_REGION: 'us-east-1',
      METERING_ROLE_ARN: ROLE_EXTERNAL,
      METERING_ROLE_EXTERNAL_ID: 'emulator-external-id-7Qm2',
      METERING_USER_ACCESS_KEY_ID: SELLER.AWS_ACCESS_KEY_ID,
      METERING_USER_SECRET_ACCESS_KEY: SELLER.AWS_SECRET_ACCESS_KEY,
      STS_ENDPOINT_URL: emu.url,
      METERING_ENDPOINT_URL: emu.url,
    };
    const worker = await startWorker(snippet, { bindings });
    const wrongId = await startWorker(snippet, { bindings: { ...bindings, METERING_ROLE_EXTERNAL_ID: 'not-the-external-id' } });
    try {
      const text = await checkRegistrationPage(emu, worker.fetch, 'http://worker.test/', 'cust-legacy-0003');
      assert.equal(text, 'Welcome, cust-legacy-0003!');
      // One session for every request the isolate served, of the role, named as the snippet names it.
      const sessions = emu.sessions();
      assert.deepEqual(sessions.map((s) => [s.roleArn, s.roleSessionName]), [[ROLE_EXTERNAL, 'metering-worker']]);
      const received = emu.requests();
      assert.deepEqual(received.filter((r) => r.protocol === 'sts').map((r) => [r.accessKeyId, r.outcome]), [[SELLER.AWS_ACCESS_KEY_ID, '200']]);
      const metering = received.filter((r) => r.protocol === 'metering');
      assert.equal(metering.length, 3, 'fresh, forged and expired tokens');
      assert.ok(metering.every((r) => r.accessKeyId === sessions[0].accessKeyId && r.sessionToken), 'signed with the session');
      // The wrong ExternalId: STS refuses, the page fails (a CredentialsError named AccessDenied).
      const refused = await registration(wrongId.fetch, 'http://worker.test/', { 'x-amzn-marketplace-token': tokenFrom(emu, 'cust-legacy-0003') });
      assert.equal(refused.status, 500, await refused.text());
      assert.deepEqual(emu.requests().slice(received.length).map((r) => [r.protocol, r.outcome]), [['sts', '403 AccessDenied']]);
    } finally {
      await worker.dispose();
      await wrongId.dispose();
      await emu.close();
    }
  },

  async 'node hourly-report'(snippet) {
    const emu = await startEmulator({ rateLimitPerSecond: 0 });
    try {
      const started = Date.now();
      const run = await runNode(snippet, configFor(emu));
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^210000000009 Success ${UUID.source}\\n$`));
      const [record, ...more] = emu.ledger().records;
      assert.deepEqual(more, []);
      assert.equal(record.customer.account, '210000000009');
      assert.equal(record.quantity, 7);
      assert.equal(record.hour * 1000, previousHour(started));
    } finally {
      await emu.close();
    }
  },

  async 'shell try-the-emulator'(snippet) {
    // The snippet starts its own emulator on 8787; here on a port that is free.
    const port = await freePort();
    const run = await runShell(snippet, {
      replace: { 8787: String(port) },
      after: `echo "::ledger::$(curl -s http://127.0.0.1:${port}/__emulator/ledger)"`,
    });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^emulator listening on http:\/\/127\.0\.0\.1:\d+$/m);
    assert.match(run.stdout, /\{"token":"[\w.-]+"\}/);
    const ledger = JSON.parse(/^::ledger::(.*)$/m.exec(run.stdout)[1]);
    const usage = JSON.parse(readFileSync(new URL('../../../js/examples/node/usage.example.json', import.meta.url), 'utf8')).usage;
    assert.equal(ledger.records.length, usage.length, run.stdout);
  },
};

test('every JavaScript and TypeScript block in README.md carries a snippet marker', () => {
  assert.deepEqual(problems, []);
  assert.ok(snippets.length > 0 && skipped.every((s) => s.reason.trim().length > 0));
});

test('every runnable snippet has its checks here, and every check its snippet', () => {
  assert.deepEqual(snippets.map((s) => s.id).sort(), Object.keys(CHECKS).sort());
});

for (const snippet of snippets) {
  const check = CHECKS[snippet.id];
  test(`README.md:${snippet.line} ${snippet.id}`, { skip: !check && 'no checks for it (the test above fails)', timeout: 120_000 }, () => check(snippet));
}
