// The package's behaviour against the local Metering emulator (js/emulator), the same in every
// runtime: Node, Deno, workerd, Bun and Vercel's Edge Runtime each import this file, hand it the
// package module they imported their own way and the emulator's URL, and run every scenario.
//
// The emulator verifies every signature with @smithy/signature-v4, so a passing call is a
// correctly signed one. Only web-platform APIs are used here (fetch, crypto.subtle,
// AbortController, timers): no `node:` imports, so the file bundles into a Worker unchanged.
// Scenarios run one at a time: each starts from `reset`, which empties the ledger and the
// stats, clears faults and the clock offset.

// The assertions, keys and emulator helpers live in support.mjs; the scenarios of the AWS SDK-shaped
// features (fromAssumeRole, logger, user agents, disposal) in sdk-scenarios.mjs, run with these.
import { scenarios as sdkScenarios } from "./sdk-scenarios.mjs";
import {
  SELLER, BUYER, SAAS, CONTAINER, LICENSE_6, MINUTE, HOUR,
  ok, equal, deepEqual, rejection, describeError, metadata, serviceError,
  emulatorAdmin, recent, client, clearFaultsAfterFirstAttempt, b64url, timed,
} from "./support.mjs";

export { SELLER, BUYER, emulatorAdmin };

// ---------------------------------------------------------------------------------------------
// Scenarios

export const scenarios = {};
const scenario = (name, fn) => {
  scenarios[name] = fn;
};

scenario("batchMeterUsage: typed results, Dates revived, dedup and statuses", async ({ mod, emu, ...ctx }) => {
  const c = client({ mod, ...ctx });
  const at = recent();
  const out = await c.batchMeterUsage({
    productCode: SAAS,
    usageRecords: [
      { timestamp: at, customerIdentifier: "cust-legacy-0001", dimension: "users", quantity: 3 },
      {
        timestamp: at,
        customerIdentifier: "cust-legacy-0002",
        dimension: "api_calls",
        quantity: 7,
        usageAllocations: [
          { allocatedUsageQuantity: 4, tags: [{ key: "team", value: "a" }] },
          { allocatedUsageQuantity: 3 },
        ],
      },
      { timestamp: at, customerIdentifier: "cust-legacy-0004", dimension: "users", quantity: 1 },
    ],
  });
  deepEqual(Object.keys(metadata(out)).sort(), ["results", "unprocessedRecords"], "output members");
  equal(out.results.length, 3, "results");
  equal(out.unprocessedRecords.length, 0, "unprocessedRecords");
  const [first, second, unsubscribed] = out.results;
  equal(first.status, "Success", "first status");
  ok(/^[0-9a-f-]{36}$/.test(first.meteringRecordId), `meteringRecordId looks like an id: ${first.meteringRecordId}`);
  ok(first.usageRecord.timestamp instanceof Date, "usageRecord.timestamp is a Date");
  equal(first.usageRecord.timestamp.getTime(), at.getTime(), "echoed timestamp");
  deepEqual(
    { dimension: first.usageRecord.dimension, quantity: first.usageRecord.quantity, customerIdentifier: first.usageRecord.customerIdentifier },
    { dimension: "users", quantity: 3, customerIdentifier: "cust-legacy-0001" },
    "echoed record",
  );
  ok(!("licenseArn" in first.usageRecord), "absent output members are left out");
  deepEqual(second.usageRecord.usageAllocations, [{ allocatedUsageQuantity: 4, tags: [{ key: "team", value: "a" }] }, { allocatedUsageQuantity: 3 }], "echoed allocations");
  equal(unsubscribed.status, "CustomerNotSubscribed", "unsubscribed customer");
  const ledger = await emu.ledger();
  deepEqual(ledger.map((r) => [r.customer.identifier, r.dimension, r.quantity]).sort(), [["cust-legacy-0001", "users", 3], ["cust-legacy-0002", "api_calls", 7]], "billed once each");

  // Same record again: Success with the original id; another quantity: DuplicateRecord.
  const again = await c.batchMeterUsage({
    productCode: SAAS,
    usageRecords: [
      { timestamp: at, customerIdentifier: "cust-legacy-0001", dimension: "users", quantity: 3 },
      { timestamp: at, customerIdentifier: "cust-legacy-0002", dimension: "api_calls", quantity: 8 },
    ],
  });
  deepEqual(again.results.map((r) => [r.status, r.meteringRecordId]), [["Success", first.meteringRecordId], ["DuplicateRecord", second.meteringRecordId]], "resubmission");
  equal((await emu.ledger()).length, 2, "nothing billed twice");
});

scenario("batchMeterUsage: license-based records without productCode", async (ctx) => {
  const c = client(ctx);
  const out = await c.batchMeterUsage({
    usageRecords: [{ timestamp: recent(), customerAWSAccountId: "210000000006", licenseArn: LICENSE_6, dimension: "storage_gb", quantity: 11 }],
  });
  equal(out.results[0].status, "Success", "status");
  equal(out.results[0].usageRecord.licenseArn, LICENSE_6, "licenseArn echoed");
  const [billed] = await ctx.emu.ledger();
  deepEqual([billed.productCode, billed.customer.account, billed.quantity], [SAAS, "210000000006", 11], "ledger");
});

scenario("batchMeterUsage: unprocessed records come back with Dates", async (ctx) => {
  await ctx.emu.setFaults({ unprocessed: 1 });
  const at = recent();
  const out = await client(ctx).batchMeterUsage({ productCode: SAAS, usageRecords: [{ timestamp: at, customerIdentifier: "cust-legacy-0003", dimension: "users", quantity: 2 }] });
  equal(out.results.length, 0, "results");
  equal(out.unprocessedRecords.length, 1, "unprocessedRecords");
  ok(out.unprocessedRecords[0].timestamp instanceof Date, "unprocessed timestamp is a Date");
  equal(out.unprocessedRecords[0].timestamp.getTime(), at.getTime(), "unprocessed timestamp");
  equal((await ctx.emu.ledger()).length, 0, "nothing billed");
});

scenario("meterUsage with session-token credentials; idempotent replay; DuplicateRequestException", async (ctx) => {
  const c = client(ctx, { credentials: BUYER });
  const input = { productCode: CONTAINER, timestamp: recent(), usageDimension: "requests", usageQuantity: 5 };
  const out = await c.meterUsage(input);
  deepEqual(Object.keys(metadata(out)), ["meteringRecordId"], "output members");
  const again = await c.meterUsage(input);
  equal(again.meteringRecordId, out.meteringRecordId, "same hour and quantity: same id");
  const [billed] = await ctx.emu.ledger();
  deepEqual([billed.productCode, billed.customer.account, billed.dimension, billed.quantity, billed.meteringRecordId], [CONTAINER, "444455556666", "requests", 5, out.meteringRecordId], "ledger");
  const err = await rejection(c.meterUsage({ ...input, usageQuantity: 6 }), "another quantity in the same hour");
  serviceError(ctx.mod, err, { cls: ctx.mod.DuplicateRequestException, name: "DuplicateRequestException", status: 400 });

  // The session key without its token is refused by the emulator: the token really is sent.
  const noToken = client(ctx, { credentials: { accessKeyId: BUYER.accessKeyId, secretAccessKey: BUYER.secretAccessKey } });
  const e2 = await rejection(noToken.meterUsage(input), "session key without token");
  serviceError(ctx.mod, e2, { cls: ctx.mod.MarketplaceMeteringServiceException, name: "UnrecognizedClientException", status: 400 });
});

scenario("meterUsage: a lost answer is retried with the same clientToken and billed once", async (ctx) => {
  await ctx.emu.setFaults({ resetAfterCommit: 1 });
  const fetch = clearFaultsAfterFirstAttempt(ctx.emu);
  const c = client(ctx, { credentials: BUYER, fetch });
  const out = await c.meterUsage({ productCode: CONTAINER, timestamp: recent(), usageDimension: "vcpu_hours", usageQuantity: 2 });
  equal(fetch.attempts(), 2, "attempts");
  const ledger = await ctx.emu.ledger();
  equal(ledger.length, 1, "billed once");
  equal(ledger[0].meteringRecordId, out.meteringRecordId, "the retry answered with the committed record");
});

scenario("truncated answers: retried; after commit the retry is billed once; when attempts run out a NetworkError", async (ctx) => {
  const { mod, emu } = ctx;
  const record = { timestamp: recent(), customerIdentifier: "cust-legacy-0001", dimension: "users", quantity: 5 };
  // The service billed the record, then the answer was cut short: the retry is de-duplicated.
  await emu.setFaults({ truncateAfterCommit: 1 });
  const fetch = clearFaultsAfterFirstAttempt(emu);
  const out = await client(ctx, { fetch }).batchMeterUsage({ productCode: SAAS, usageRecords: [record] });
  equal(fetch.attempts(), 2, "attempts");
  equal(out.results[0]?.status, "Success", "status after the retry");
  const ledger = await emu.ledger();
  equal(ledger.length, 1, "billed once");
  equal(ledger[0].meteringRecordId, out.results[0].meteringRecordId, "the retry answered with the committed record");
  // Every answer cut short: the error says the service answered 200 but could not be read.
  await emu.setFaults({ truncate: 1 });
  const err = await rejection(client(ctx, { maxAttempts: 2 }).resolveCustomer({ registrationToken: "t" }), "always truncated");
  ok(err instanceof mod.NetworkError, describeError(err));
  equal(err.$metadata.httpStatusCode, 200, "httpStatusCode");
  equal(err.$metadata.attempts, 2, "attempts");
  deepEqual(err.$retryable, { throttling: false }, "$retryable");
});

scenario("one host with a skewed clock: the call corrects its clock twice and succeeds", async (ctx) => {
  const { emu } = ctx;
  const token = await emu.mintToken("cust-legacy-0002");
  // The first attempt meets a host 15 minutes ahead, which rejects it and sends its own Date;
  // the second, signed on that clock, meets a normal host, whose Date corrects it back.
  await emu.setFaults({ skew: 1, skewMs: 15 * MINUTE });
  const fetch = clearFaultsAfterFirstAttempt(emu);
  const out = await client(ctx, { fetch }).resolveCustomer({ registrationToken: token });
  equal(out.customerIdentifier, "cust-legacy-0002", "resolved");
  equal(fetch.attempts(), 3, "attempts: skewed host, correction, correction back");
});

scenario("meterUsage: IdempotencyConflictException, DryRunOperation, UnauthorizedException", async (ctx) => {
  const { mod } = ctx;
  const c = client(ctx, { credentials: BUYER });
  const input = { productCode: CONTAINER, timestamp: recent(), usageDimension: "requests", usageQuantity: 1, clientToken: "token-scenario-1" };
  await c.meterUsage(input);
  serviceError(mod, await rejection(c.meterUsage({ ...input, usageQuantity: 2 }), "same token, other parameters"), {
    cls: mod.IdempotencyConflictException,
    name: "IdempotencyConflictException",
    status: 409,
  });
  const dry = await rejection(c.meterUsage({ productCode: CONTAINER, timestamp: recent(), usageDimension: "requests", dryRun: true }), "dry run");
  serviceError(mod, dry, { cls: mod.MarketplaceMeteringServiceException, name: "DryRunOperation", status: 412 });
  equal(dry.constructor, mod.MarketplaceMeteringServiceException, "DryRunOperation is the base service class (not modelled)");
  const unauthorized = await rejection(client(ctx).meterUsage({ productCode: CONTAINER, timestamp: recent(), usageDimension: "requests", dryRun: true }), "dry run, not entitled");
  serviceError(mod, unauthorized, { cls: mod.MarketplaceMeteringServiceException, name: "UnauthorizedException", status: 403 });
  equal((await ctx.emu.ledger()).length, 1, "dry runs bill nothing");
});

scenario("registerUsage: JWT verifiable with the emulator's key; rotation timestamp is a Date", async (ctx) => {
  const c = client(ctx, { credentials: BUYER });
  const out = await c.registerUsage({ productCode: CONTAINER, publicKeyVersion: 1, nonce: "nonce-42" });
  deepEqual(Object.keys(metadata(out)).sort(), ["publicKeyRotationTimestamp", "signature"], "output members");
  ok(out.publicKeyRotationTimestamp instanceof Date && !Number.isNaN(out.publicKeyRotationTimestamp.getTime()), "publicKeyRotationTimestamp is a valid Date");
  ok(Math.abs(out.publicKeyRotationTimestamp.getTime() - Date.now()) < 24 * HOUR, "rotation timestamp near the emulator's start");
  const [header, payload, signature] = out.signature.split(".");
  const claims = JSON.parse(new TextDecoder().decode(b64url(payload)));
  deepEqual([claims.productCode, claims.publicKeyVersion, claims.nonce], [CONTAINER, 1, "nonce-42"], "claims");
  const { jwk } = await ctx.emu.publicKey();
  const key = await crypto.subtle.importKey("jwk", { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  const data = new TextEncoder().encode(`${header}.${payload}`);
  ok(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, b64url(signature), data), "the JWT verifies with the published key");
  const tampered = new TextEncoder().encode(`${header}.${payload}x`);
  ok(!(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, b64url(signature), tampered)), "a changed payload does not verify");

  serviceError(ctx.mod, await rejection(c.registerUsage({ productCode: CONTAINER, publicKeyVersion: 2 }), "key version 2"), {
    cls: ctx.mod.InvalidPublicKeyVersionException,
    name: "InvalidPublicKeyVersionException",
    status: 400,
  });
  serviceError(ctx.mod, await rejection(client(ctx).registerUsage({ productCode: CONTAINER, publicKeyVersion: 1 }), "seller account"), {
    cls: ctx.mod.CustomerNotEntitledException,
    name: "CustomerNotEntitledException",
    status: 400,
  });
});

scenario("resolveCustomer: legacy and license customers; absent members left out", async (ctx) => {
  const c = client(ctx);
  const legacy = await c.resolveCustomer({ registrationToken: await ctx.emu.mintToken("cust-legacy-0001") });
  equal(legacy.customerIdentifier, "cust-legacy-0001", "customerIdentifier");
  equal(legacy.productCode, SAAS, "productCode");
  const licensed = await c.resolveCustomer({ registrationToken: await ctx.emu.mintToken("210000000006") });
  deepEqual(metadata(licensed), { productCode: SAAS, customerAWSAccountId: "210000000006", licenseArn: LICENSE_6 }, "license customer");
  ok(!("customerIdentifier" in licensed), "no customerIdentifier member for a license customer");
});

scenario("service errors map to their classes", async (ctx) => {
  const { mod, emu } = ctx;
  const c = client(ctx);
  const buyer = client(ctx, { credentials: BUYER });
  const record = (over = {}) => ({ timestamp: recent(), customerIdentifier: "cust-legacy-0001", dimension: "users", quantity: 1, ...over });
  // Each call starts when it is awaited: a call made early and awaited later rejects unhandled
  // meanwhile, which Bun's test runner fails the test for.
  const cases = [
    ["InvalidTokenException", () => c.resolveCustomer({ registrationToken: "not-a-token" })],
    ["TimestampOutOfBoundsException", () => c.batchMeterUsage({ productCode: SAAS, usageRecords: [record({ timestamp: recent(2 * 24 * HOUR) })] })],
    ["InvalidProductCodeException", () => buyer.meterUsage({ productCode: "prod-nonexistent", timestamp: recent(), usageDimension: "requests" })],
    ["InvalidUsageDimensionException", () => c.batchMeterUsage({ productCode: SAAS, usageRecords: [record({ dimension: "gpus" })] })],
    ["InvalidUsageAllocationsException", () => c.batchMeterUsage({ productCode: SAAS, usageRecords: [record({ quantity: 5, usageAllocations: [{ allocatedUsageQuantity: 4 }] })] })],
    ["InvalidCustomerIdentifierException", () => c.batchMeterUsage({ productCode: SAAS, usageRecords: [record({ customerAWSAccountId: "210000000006" })] })],
    ["InvalidLicenseException", () => c.batchMeterUsage({ productCode: SAAS, usageRecords: [{ timestamp: recent(), customerAWSAccountId: "210000000007", licenseArn: LICENSE_6, dimension: "users" }] })],
    ["CustomerNotEntitledException", () => c.meterUsage({ productCode: CONTAINER, timestamp: recent(), usageDimension: "requests" })],
  ];
  for (const [name, call] of cases) {
    serviceError(mod, await rejection(call(), name), { cls: mod[name], name, status: 400 });
  }
  equal((await emu.ledger()).length, 0, "nothing billed");

  const wrongSecret = client(ctx, { credentials: { accessKeyId: SELLER.accessKeyId, secretAccessKey: "wrongSecret/abcdefghijklmnopqrstuvwxyz0123" } });
  serviceError(mod, await rejection(wrongSecret.resolveCustomer({ registrationToken: "x" }), "wrong secret"), {
    cls: mod.MarketplaceMeteringServiceException,
    name: "InvalidSignatureException",
    status: 400,
  });
  const unknownKey = client(ctx, { credentials: { accessKeyId: "AKIDUNKNOWNKEY000000", secretAccessKey: "whatever/abcdefghijklmnopqrstuvwxyz012345" } });
  serviceError(mod, await rejection(unknownKey.resolveCustomer({ registrationToken: "x" }), "unknown key"), {
    cls: mod.MarketplaceMeteringServiceException,
    name: "UnrecognizedClientException",
    status: 400,
  });
});

scenario("ExpiredTokenException after the emulator's clock moves 4 hours on (and the skew is learnt)", async (ctx) => {
  const token = await ctx.emu.mintToken("cust-legacy-0002");
  await ctx.emu.setClockOffsetMs(4 * HOUR + MINUTE);
  const err = await rejection(client(ctx).resolveCustomer({ registrationToken: token }), "expired token");
  // Attempt 1 is refused as signed 4 h in the past; attempt 2 is signed on the emulator's clock.
  serviceError(ctx.mod, err, { cls: ctx.mod.ExpiredTokenException, name: "ExpiredTokenException", status: 400, attempts: 2 });
});

scenario("every error class is exported, with its prototype chain", async ({ mod }) => {
  const modelled = [
    "InternalServiceErrorException", "InvalidProductCodeException", "InvalidUsageDimensionException", "InvalidTagException",
    "InvalidUsageAllocationsException", "InvalidCustomerIdentifierException", "TimestampOutOfBoundsException", "ThrottlingException",
    "DisabledApiException", "InvalidLicenseException", "InvalidEndpointRegionException", "DuplicateRequestException",
    "IdempotencyConflictException", "CustomerNotEntitledException", "InvalidRegionException", "InvalidPublicKeyVersionException",
    "PlatformNotSupportedException", "InvalidTokenException", "ExpiredTokenException",
  ];
  equal(modelled.length, 19, "the model's error count");
  for (const name of modelled) {
    const cls = mod[name];
    ok(typeof cls === "function", `${name} is exported`);
    const e = new cls("m", { name });
    ok(e instanceof mod.MarketplaceMeteringServiceException && e instanceof mod.MarketplaceMeteringError && e instanceof Error, `${name} chain`);
  }
  for (const name of ["ValidationError", "CredentialsError", "NetworkError", "TimeoutError", "BatchError", "ClientClosedError"]) {
    const e = new mod[name]("m");
    ok(e instanceof mod.MarketplaceMeteringError && !(e instanceof mod.MarketplaceMeteringServiceException), `${name} chain`);
    equal(e.name, name, `${name} name`);
    deepEqual(e.$metadata, { attempts: 0, totalRetryDelay: 0 }, `${name} $metadata`);
  }
  const expected = new Set([...modelled, "MarketplaceMetering", "fromAssumeRole", "MarketplaceMeteringError", "MarketplaceMeteringServiceException", "ValidationError", "CredentialsError", "NetworkError", "TimeoutError", "BatchError", "ClientClosedError"]);
  const exported = Object.keys(mod).filter((k) => k !== "default");
  deepEqual(exported.filter((k) => !expected.has(k)), [], "no unexpected exports (makeError stays private)");
  deepEqual([...expected].filter((k) => !exported.includes(k)), [], "no missing exports");
});

scenario("credentialsProvider: sync, lazy, called once and cached", async (ctx) => {
  let calls = 0;
  const c = client(ctx, { credentials: undefined, credentialsProvider: () => (calls++, { ...SELLER }) });
  equal(calls, 0, "not called by the constructor");
  await c.resolveCustomer({ registrationToken: await ctx.emu.mintToken("cust-legacy-0001") });
  await c.resolveCustomer({ registrationToken: await ctx.emu.mintToken("cust-legacy-0002") });
  equal(calls, 1, "provider calls");
});

scenario("credentialsProvider: async; concurrent calls share one provider call", async (ctx) => {
  let calls = 0;
  const provider = async () => {
    calls++;
    await new Promise((r) => setTimeout(r, 30));
    return { ...BUYER, expiration: new Date(Date.now() + HOUR) };
  };
  const c = client(ctx, { credentials: undefined, credentialsProvider: provider });
  const outs = await Promise.all(
    [0, 1, 2].map((i) => c.resolveCustomer({ registrationToken: "x" + i }).catch((e) => e)),
  );
  // The buyer key may call ResolveCustomer; a made-up token proves the request was signed and read.
  for (const e of outs) ok(e instanceof ctx.mod.InvalidTokenException, `signed with the provider's credentials: ${describeError(e)}`);
  equal(calls, 1, "one provider call for three concurrent calls");
  await c.registerUsage({ productCode: CONTAINER, publicKeyVersion: 1 });
  equal(calls, 1, "still cached an hour before expiry");
});

scenario("credentialsProvider: called again when expiration is less than 5 minutes away", async (ctx) => {
  let calls = 0;
  const c = client(ctx, { credentials: undefined, credentialsProvider: () => (calls++, { ...SELLER, expiration: new Date(Date.now() + 4 * MINUTE) }) });
  await c.resolveCustomer({ registrationToken: await ctx.emu.mintToken("cust-legacy-0001") });
  await c.resolveCustomer({ registrationToken: await ctx.emu.mintToken("cust-legacy-0001") });
  equal(calls, 2, "refreshed for each call");
  let later = 0;
  const c2 = client(ctx, { credentials: undefined, credentialsProvider: () => (later++, { ...SELLER, expiration: new Date(Date.now() + 6 * MINUTE) }) });
  await c2.resolveCustomer({ registrationToken: await ctx.emu.mintToken("cust-legacy-0001") });
  await c2.resolveCustomer({ registrationToken: await ctx.emu.mintToken("cust-legacy-0001") });
  equal(later, 1, "6 minutes before expiry is still fresh");
});

scenario("credentials win over credentialsProvider", async (ctx) => {
  let calls = 0;
  const c = client(ctx, { credentials: SELLER, credentialsProvider: () => (calls++, { accessKeyId: "AKIDOTHER", secretAccessKey: "other" }) });
  await c.resolveCustomer({ registrationToken: await ctx.emu.mintToken("cust-legacy-0003") });
  equal(calls, 0, "provider never called");
});

scenario("no credentials or a failing provider: CredentialsError before any request", async (ctx) => {
  const { mod, emu } = ctx;
  const none = await rejection(client(ctx, { credentials: undefined }).resolveCustomer({ registrationToken: "t" }), "no credentials");
  ok(none instanceof mod.CredentialsError, `CredentialsError: ${describeError(none)}`);
  equal(none.name, "CredentialsError", "name");
  equal(none.$metadata.attempts, 0, "attempts");
  const cause = new Error("provider is down");
  const failing = await rejection(client(ctx, { credentials: undefined, credentialsProvider: async () => { throw cause; } }).resolveCustomer({ registrationToken: "t" }), "provider throws");
  ok(failing instanceof mod.CredentialsError, `CredentialsError: ${describeError(failing)}`);
  equal(failing.cause, cause, "cause is what the provider threw");
  const shape = await rejection(client(ctx, { credentials: undefined, credentialsProvider: () => ({ accessKeyId: "AKID" }) }).resolveCustomer({ registrationToken: "t" }), "bad shape");
  ok(shape instanceof mod.CredentialsError && /secretAccessKey/.test(shape.message), `names the missing member: ${describeError(shape)}`);
  let threw;
  try {
    new mod.MarketplaceMetering({ region: "us-east-1", credentials: { accessKeyId: "AKID", secretAccessKey: "" } });
  } catch (e) {
    threw = e;
  }
  ok(threw instanceof mod.CredentialsError, `constructor rejects empty static secret: ${describeError(threw)}`);
  equal(await emu.requests(), 0, "no request reached the emulator");
});

scenario("validation: field paths, invalid Dates, unknown members; nothing sent", async (ctx) => {
  const { mod, emu } = ctx;
  const c = client(ctx);
  const rec = (over) => ({ productCode: SAAS, usageRecords: [{ timestamp: recent(), customerIdentifier: "cust-legacy-0001", dimension: "users", quantity: 1 }, { timestamp: recent(), customerIdentifier: "cust-legacy-0002", dimension: "users", ...over }] });
  const cases = [
    [c.batchMeterUsage(rec({ quantity: -1 })), "usageRecords[1].quantity"],
    [c.batchMeterUsage(rec({ quantity: 1.5 })), "usageRecords[1].quantity"],
    [c.batchMeterUsage(rec({ timestamp: new Date(NaN) })), "usageRecords[1].timestamp"],
    // A Date crosses as its ISO text, so that text is read as the Date; other text is not.
    [c.batchMeterUsage(rec({ timestamp: "yesterday" })), "usageRecords[1].timestamp"],
    [c.batchMeterUsage(rec({ timestamp: Date.now() })), "usageRecords[1].timestamp"],
    [c.batchMeterUsage(rec({ quantitiy: 4 })), "usageRecords[1].quantitiy"],
    [c.batchMeterUsage(rec({ usageAllocations: [{ allocatedUsageQuantity: 1, tags: [{ key: "", value: "v" }] }] })), "usageRecords[1].usageAllocations[0].tags[0].key"],
    [c.batchMeterUsage({ productCode: SAAS, usageRecords: Array.from({ length: 26 }, () => rec({}).usageRecords[0]) }), "usageRecords"],
    [c.meterUsage({ productCode: CONTAINER, timestamp: recent(), usageDimension: "requests", clientToken: "x".repeat(65) }), "clientToken"],
    [c.meterUsage({ productCode: CONTAINER, timestamp: recent() }), "usageDimension"],
    [c.registerUsage({ productCode: CONTAINER, publicKeyVersion: 0 }), "publicKeyVersion"],
    [c.resolveCustomer({ registrationToken: "" }), "registrationToken"],
    [c.resolveCustomer({ registrationToken: "t", extra: 1 }), "extra"],
  ];
  for (const [promise, field] of cases) {
    const err = await rejection(promise, field);
    ok(err instanceof mod.ValidationError && err instanceof mod.MarketplaceMeteringError, `ValidationError for ${field}: ${describeError(err)}`);
    equal(err.name, "ValidationError", "name");
    equal(err.field, field, "field");
    ok(typeof err.rule === "string" && err.rule.length > 0 && err.message.includes(err.rule), `rule in the message: ${err.message}`);
    equal(err.$fault, "client", "$fault");
  }
  let threw;
  try {
    new mod.MarketplaceMetering({ region: "us-east-1", maxAttempts: 21 });
  } catch (e) {
    threw = e;
  }
  ok(threw instanceof mod.ValidationError && threw.field === "maxAttempts", `constructor option: ${describeError(threw)}`);
  equal(await emu.requests(), 0, "nothing reached the emulator");
});

scenario("abortSignal: already aborted, and aborted in flight, reject with the signal's reason", async (ctx) => {
  const c = client(ctx);
  const reason = { why: "caller gave up" };
  const pre = await rejection(c.resolveCustomer({ registrationToken: "t" }, { abortSignal: AbortSignal.abort(reason) }), "already aborted");
  equal(pre, reason, "rejects with the reason itself");
  equal(await ctx.emu.requests(), 0, "nothing sent");

  await ctx.emu.setFaults({ slow: 1, slowMs: 3000 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const { error, ms } = await timed(c.resolveCustomer({ registrationToken: "t" }, { abortSignal: controller.signal }));
  equal(error, controller.signal.reason, "rejects with the signal's reason");
  ok(error?.name === "AbortError", `the default reason is an AbortError: ${describeError(error)}`);
  ok(ms < 2000, `returned at the abort, not after the slow answer (${ms} ms)`);
  const bad = await rejection(c.resolveCustomer({ registrationToken: "t" }, { abortSignal: {} }), "not a signal");
  ok(bad instanceof ctx.mod.ValidationError && bad.field === "abortSignal", `abortSignal checked: ${describeError(bad)}`);
});

scenario("requestTimeoutMs: a slow answer is a TimeoutError, retried per maxAttempts", async (ctx) => {
  await ctx.emu.setFaults({ slow: 1, slowMs: 1500 });
  const c = client(ctx, { requestTimeoutMs: 150, maxAttempts: 2 });
  const { error, ms } = await timed(c.resolveCustomer({ registrationToken: "t" }));
  ok(error instanceof ctx.mod.TimeoutError, `TimeoutError: ${describeError(error)}`);
  equal(error.name, "TimeoutError", "name");
  equal(error.$metadata.attempts, 2, "attempts");
  deepEqual(error.$retryable, { throttling: false }, "$retryable");
  ok(ms < 1400, `gave up at the time limits (${ms} ms)`);
  equal((await ctx.emu.stats()).requests.ResolveCustomer, 2, "two attempts reached the emulator");
  // With time to spare the same slow answer succeeds.
  await ctx.emu.setFaults({ slow: 1, slowMs: 50 });
  const ok2 = await client(ctx, { requestTimeoutMs: 5000 }).resolveCustomer({ registrationToken: await ctx.emu.mintToken("cust-legacy-0001") });
  equal(ok2.customerIdentifier, "cust-legacy-0001", "slow but in time");
});

scenario("close(): aborts calls in flight, is idempotent, later calls reject", async (ctx) => {
  const { mod } = ctx;
  await ctx.emu.setFaults({ slow: 1, slowMs: 3000 });
  const c = client(ctx);
  const inFlight = timed(c.resolveCustomer({ registrationToken: "t" }));
  await new Promise((r) => setTimeout(r, 100));
  c.close();
  c.close();
  const { error, ms } = await inFlight;
  ok(error instanceof mod.ClientClosedError && error instanceof mod.MarketplaceMeteringError, `a ClientClosedError: ${describeError(error)}`);
  equal(error.name, "ClientClosedError", "name");
  ok(ms < 2000, `aborted at close (${ms} ms)`);
  const later = await rejection(c.resolveCustomer({ registrationToken: "t" }), "after close");
  ok(later instanceof mod.ClientClosedError, `later call: ${describeError(later)}`);
});

// Records for meterUsageRecords: every (customer, dimension, hour) once, within the 24 h window.
function manyRecords(count) {
  const customers = ["cust-legacy-0001", "cust-legacy-0002", "cust-legacy-0003", "cust-legacy-0005"];
  const dims = ["users", "api_calls", "storage_gb"];
  const top = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  return Array.from({ length: count }, (_, i) => ({
    timestamp: new Date(top - Math.floor(i / 12) * HOUR),
    customerIdentifier: customers[i % 4],
    dimension: dims[Math.floor(i / 4) % 3],
    quantity: i + 1,
  }));
}

scenario("meterUsageRecords: 60 records in 3 calls, each record back once with its own object", async (ctx) => {
  const c = client(ctx);
  const records = manyRecords(60);
  const out = await c.meterUsageRecords({ productCode: SAAS, usageRecords: records });
  // No $metadata: the outcome of several calls, not one answer (src/batch.rs); a call that fails
  // as a whole has its error, with that call's $metadata, in BatchError's failures.
  deepEqual(Object.keys(out).sort(), ["results", "unprocessedRecords"], "output members");
  equal(out.results.length, 60, "results");
  equal(out.unprocessedRecords.length, 0, "unprocessedRecords");
  const seen = new Set(out.results.map((r) => r.usageRecord));
  equal(seen.size, 60, "distinct records");
  ok(records.every((r) => seen.has(r)), "each result carries the caller's own record object");
  ok(out.results.every((r) => r.status === "Success" && /^[0-9a-f-]{36}$/.test(r.meteringRecordId)), "all Success with an id");
  equal((await ctx.emu.ledger()).length, 60, "sixty records billed");
  equal(await ctx.emu.requests(), 3, "25 + 25 + 10");
  const tooMany = await rejection(c.batchMeterUsage({ productCode: SAAS, usageRecords: records }), "61 in one call");
  ok(tooMany instanceof ctx.mod.ValidationError, describeError(tooMany));
  equal(tooMany.field, "usageRecords", "field");
});

scenario("meterUsageRecords: unprocessed records are sent again until all are billed once", async (ctx) => {
  const c = client(ctx, { maxAttempts: 10 });
  // 30%: a few rounds; each round waits a throttling-style backoff (500 ms doubling, jittered).
  await ctx.emu.setFaults({ unprocessed: 0.3 });
  const records = manyRecords(40);
  const out = await c.meterUsageRecords({ productCode: SAAS, usageRecords: records }, { concurrency: 2 });
  equal(out.results.length + out.unprocessedRecords.length, 40, "every record accounted for");
  equal(out.unprocessedRecords.length, 0, "none left unprocessed within 10 rounds");
  const ledger = await ctx.emu.ledger();
  equal(ledger.length, 40, "each billed once");
  ok((await ctx.emu.requests()) > 2, "unprocessed records took more calls");
});

scenario("meterUsageRecords: a call that fails as a whole rejects with BatchError carrying its records", async (ctx) => {
  const { mod } = ctx;
  const c = client(ctx);
  const records = manyRecords(30);
  const err = await rejection(c.meterUsageRecords({ productCode: "prod-unknown", usageRecords: records }), "unknown product");
  ok(err instanceof mod.BatchError && err instanceof mod.MarketplaceMeteringError, describeError(err));
  equal(err.results.length, 0, "no results");
  equal(err.unprocessedRecords.length, 30, "every record handed back");
  equal(err.failures.length, 2, "one failure per call");
  ok(err.failures.every((f) => f.error instanceof mod.InvalidProductCodeException), "each failure says why");
  equal(err.failures.reduce((n, f) => n + f.usageRecords.length, 0), 30, "the failures carry all the records");
  ok(err.unprocessedRecords.every((r) => records.includes(r)), "the caller's own objects");
  equal((await ctx.emu.ledger()).length, 0, "nothing billed");
});

scenario("20 concurrent calls on one client", async (ctx) => {
  const c = client(ctx);
  const customers = ["cust-legacy-0001", "cust-legacy-0002", "cust-legacy-0003", "cust-legacy-0005"];
  const dims = ["users", "api_calls", "storage_gb"];
  const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => ctx.emu.mintToken(customers[i % 4])));
  const at = recent();
  const calls = [
    ...tokens.map((t, i) => c.resolveCustomer({ registrationToken: t }).then((o) => ["resolve", o.customerIdentifier === customers[i % 4]])),
    ...Array.from({ length: 10 }, (_, i) =>
      c
        .batchMeterUsage({ productCode: SAAS, usageRecords: [{ timestamp: at, customerIdentifier: customers[i % 4], dimension: dims[Math.floor(i / 4)], quantity: i + 1 }] })
        .then((o) => ["batch", o.results[0].status === "Success"]),
    ),
  ];
  const outs = await Promise.all(calls);
  deepEqual(outs.filter(([, good]) => !good), [], "every call got its own answer");
  equal((await ctx.emu.ledger()).length, 10, "ten records billed");
  equal(await ctx.emu.requests(), 20, "one request each");
});

for (const [fault, cls, name, status, serverFault] of [
  ["throttle", "ThrottlingException", "ThrottlingException", 400, "client"],
  ["internal", "InternalServiceErrorException", "InternalServiceErrorException", 500, "server"],
  ["unavailable", "MarketplaceMeteringServiceException", "503", 503, "server"],
  ["reset", "NetworkError", "NetworkError", undefined, "client"],
]) {
  scenario(`retries: ${fault} then success; ${name} when attempts run out`, async (ctx) => {
    const { mod, emu } = ctx;
    await emu.setFaults({ [fault]: 1 });
    const fetch = clearFaultsAfterFirstAttempt(emu);
    const out = await client(ctx, { fetch }).resolveCustomer({ registrationToken: await emu.mintToken("cust-legacy-0001") });
    equal(out.customerIdentifier, "cust-legacy-0001", "answer after the retry");
    equal(fetch.attempts(), 2, "attempts");

    await emu.setFaults({ [fault]: 1 });
    const err = await rejection(client(ctx, { maxAttempts: 3 }).resolveCustomer({ registrationToken: "t" }), `${fault} every time`);
    ok(err instanceof mod[cls], `${cls}: ${describeError(err)}`);
    equal(err.name, name, "name");
    equal(err.$metadata.attempts, 3, "attempts");
    equal(err.$metadata.httpStatusCode, status, "httpStatusCode");
    deepEqual(err.$retryable, { throttling: fault === "throttle" }, "$retryable: throttling only for ThrottlingException");
    equal(err.$fault, serverFault, "$fault");
    ok(err.$metadata.totalRetryDelay >= 0, "totalRetryDelay");
    if (fault === "reset") ok(err.cause !== undefined, "a NetworkError carries fetch's error as cause");
    const one = await rejection(client(ctx, { maxAttempts: 1 }).resolveCustomer({ registrationToken: "t" }), "maxAttempts 1");
    equal(one.$metadata.attempts, 1, "maxAttempts 1: one attempt");
  });
}

for (const offsetMs of [15 * MINUTE, -15 * MINUTE]) {
  scenario(`clock skew: emulator ${offsetMs > 0 ? "+" : "-"}15 min; the offset is learnt and kept`, async (ctx) => {
    await ctx.emu.setClockOffsetMs(offsetMs);
    const c = client(ctx);
    const token = await ctx.emu.mintToken("cust-legacy-0001");
    equal((await c.resolveCustomer({ registrationToken: token })).customerIdentifier, "cust-legacy-0001", "first call");
    equal(await ctx.emu.requests(), 2, "refused once, then signed on the emulator's clock");
    await c.resolveCustomer({ registrationToken: token });
    equal(await ctx.emu.requests(), 3, "the next call is signed right the first time");
  });
}

scenario("a custom fetch is used instead of the global one", async (ctx) => {
  const seen = [];
  const original = globalThis.fetch;
  let globalCalls = 0;
  const custom = (input, init) => {
    seen.push({ url: String(input), method: init.method, target: new Headers(init.headers).get("x-amz-target") });
    return original(input, init);
  };
  const token = await ctx.emu.mintToken("cust-legacy-0001");
  globalThis.fetch = (...args) => {
    globalCalls++;
    return original(...args);
  };
  const assignable = globalThis.fetch !== original;
  let out;
  try {
    out = await client(ctx, { fetch: custom }).resolveCustomer({ registrationToken: token });
  } finally {
    globalThis.fetch = original;
  }
  equal(out.customerIdentifier, "cust-legacy-0001", "answer through the custom fetch");
  deepEqual(seen, [{ url: `${ctx.url}/`, method: "POST", target: "AWSMPMeteringService.ResolveCustomer" }], "the custom fetch saw the request");
  // Where the global cannot be replaced the spy proves nothing, so it is only checked where it can.
  if (assignable) equal(globalCalls, 0, "global fetch calls");
  let threw;
  try {
    client(ctx, { fetch: "nope" });
  } catch (e) {
    threw = e;
  }
  ok(threw instanceof ctx.mod.ValidationError && threw.field === "fetch", `fetch option checked: ${describeError(threw)}`);
});

scenario("secrets never appear in errors", async (ctx) => {
  const { mod, emu } = ctx;
  const secret = "SuperSecretValue/DoNotLeak/0123456789abcdefXYZ";
  const token = "SessionTokenThatMustNotLeak-FwoGZXIvYXdz";
  const creds = { accessKeyId: SELLER.accessKeyId, secretAccessKey: secret, sessionToken: token };
  const errors = [];
  errors.push(await rejection(client(ctx, { credentials: creds }).resolveCustomer({ registrationToken: "t" }), "bad signature"));
  errors.push(await rejection(client(ctx, { credentials: { ...SELLER, secretAccessKey: secret } }).resolveCustomer({ registrationToken: "t" }), "wrong secret"));
  errors.push(await rejection(client(ctx, { credentials: creds }).batchMeterUsage({ usageRecords: [{ timestamp: "now" }] }), "validation"));
  errors.push(await rejection(client(ctx, { credentials: undefined, credentialsProvider: () => ({ accessKeyId: "A", secretAccessKey: secret, sessionToken: 42 }) }).resolveCustomer({ registrationToken: "t" }), "provider shape"));
  try {
    new mod.MarketplaceMetering({ region: "us-east-1", credentials: { accessKeyId: "", secretAccessKey: secret } });
  } catch (e) {
    errors.push(e);
  }
  await emu.setFaults({ reset: 1 });
  errors.push(await rejection(client(ctx, { credentials: creds, maxAttempts: 1 }).resolveCustomer({ registrationToken: "t" }), "network"));
  await emu.setFaults({ slow: 1, slowMs: 1000 });
  errors.push(await rejection(client(ctx, { credentials: creds, maxAttempts: 1, requestTimeoutMs: 50 }).resolveCustomer({ registrationToken: "t" }), "timeout"));
  equal(errors.length, 7, "errors collected");
  for (const err of errors) {
    const texts = [String(err), err.message, err.stack ?? "", JSON.stringify(err), String(err.cause ?? ""), err.cause?.stack ?? "", JSON.stringify(err.$metadata)];
    for (const text of texts) {
      for (const needle of [secret, token, "Signature=", "Authorization"]) {
        ok(!text.includes(needle), `${describeError(err)} shows ${needle}`);
      }
    }
  }
});

for (const [name, fn] of Object.entries(sdkScenarios)) {
  if (name in scenarios) throw new Error(`two scenarios named ${JSON.stringify(name)}`);
  scenarios[name] = fn;
}

/**
 * Runs one scenario against a freshly reset emulator. `version`: the installed package's version
 * (from its package.json), which the user-agent scenario expects to see on the wire.
 */
export async function runScenario(name, mod, url, { version } = {}) {
  const fn = scenarios[name];
  if (!fn) throw new Error(`no scenario named ${JSON.stringify(name)}`);
  const emu = emulatorAdmin(url);
  await emu.reset();
  await fn({ mod, url, emu, version });
}

export const scenarioNames = () => Object.keys(scenarios);
