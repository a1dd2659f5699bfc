// Shared scenarios of the AWS SDK-shaped features (issue #13): `fromAssumeRole` against the
// emulator's STS stand-in, the `logger` option, the user agents, and `Symbol.dispose` /
// `Symbol.asyncDispose`. scenarios.mjs runs them with its own, in every runtime, under the same
// rules: web-platform APIs only, each scenario from a reset emulator. What the emulator received is
// read from its admin API (`GET /__emulator/requests`: the access key id each request claims,
// whether it carried a session token, its user agents), never from inside the package.

import {
  SELLER, BUYER, SAAS, MINUTE,
  ok, equal, deepEqual, rejection, describeError, metadata, serviceError, show,
  recent, client, clearFaultsAfterFirstAttempt, timed,
} from "./support.mjs";

// The emulator's seeded roles (js/emulator/README.md): the seller key may assume the first two,
// any principal of the seller account the third.
const ROLE = "arn:aws:iam::111122223333:role/MarketplaceMetering";
const ROLE_EXTERNAL = "arn:aws:iam::111122223333:role/MarketplaceMeteringWithExternalId";
const EXTERNAL_ID = "emulator-external-id-7Qm2";
const ROLE_MANAGED_ONLY = "arn:aws:iam::111122223333:role/ManagedMeteringPoliciesOnly";
const LOG_FIELDS = new Set(["event", "operation", "attempt", "httpStatusCode", "requestId", "errorCode", "delayMs"]);
const LEVELS = ["debug", "info", "warn", "error"];

export const scenarios = {};
const scenario = (name, fn) => {
  scenarios[name] = fn;
};

/** `fromAssumeRole` with the seller key against the emulator's STS, plus `options`. */
const assumeRole = (ctx, options = {}) =>
  ctx.mod.fromAssumeRole({ roleArn: ROLE, credentials: SELLER, endpointUrl: ctx.url, region: "us-east-1", ...options });

/** A client whose credentials come from `provider` alone. */
const roleClient = (ctx, provider, options = {}) => client(ctx, { credentials: undefined, credentialsProvider: provider, ...options });

/** A provider that passes on `provider`'s credentials and keeps each, to look for them in errors. */
function keeping(provider) {
  const kept = [];
  const wrapped = async (props) => {
    const credentials = await provider(props);
    kept.push(credentials);
    return credentials;
  };
  wrapped.kept = kept;
  return wrapped;
}

/** A logger that keeps `[level, event]` for every event: `take()` the ones since the last take, `all` of them. */
function recordingLogger() {
  const all = [];
  let from = 0;
  const logger = Object.fromEntries(LEVELS.map((level) => [level, (event) => all.push([level, event])]));
  const take = () => all.slice(from, (from = all.length));
  return { logger, take, all };
}

/** An object's members in name order, so two objects compare whatever order they were written in. */
const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * Checks an STS error as fromAssumeRole surfaces it: a CredentialsError (not a service
 * exception of Marketplace Metering) named by the STS code, with the `$metadata` of the STS
 * answer, whose request id is one the emulator gave an STS request ending that way.
 */
async function stsError(ctx, err, { name, status, attempts = 1, retryable = undefined, fault = "client" }) {
  const { mod, emu } = ctx;
  ok(err instanceof mod.CredentialsError && err instanceof mod.MarketplaceMeteringError, `${name}: a CredentialsError, got ${describeError(err)}`);
  ok(!(err instanceof mod.MarketplaceMeteringServiceException), `${name} is not a Marketplace Metering service exception`);
  equal(err.name, name, "name: the STS code");
  equal(err.$metadata.httpStatusCode, status, `${name} $metadata.httpStatusCode`);
  equal(err.$metadata.attempts, attempts, `${name} $metadata.attempts`);
  ok(Number.isInteger(err.$metadata.totalRetryDelay), `${name} $metadata.totalRetryDelay`);
  deepEqual(err.$retryable, retryable, `${name} $retryable`);
  if (retryable === undefined) ok(!("$retryable" in err), `${name}: no $retryable`);
  equal(err.$fault, fault, `${name} $fault`);
  ok(typeof err.message === "string" && err.message.length > 0, `${name} has STS's message`);
  const answered = (await emu.received()).find((r) => r.requestId === err.$metadata.requestId);
  deepEqual(answered && [answered.protocol, answered.operation, answered.outcome], ["sts", "AssumeRole", `${status} ${name}`], `${name}: $metadata.requestId is the STS answer's`);
}

/** Fails if any of `texts` holds any of `secrets` (or a signature or an Authorization header). */
function noSecretIn(texts, secrets, what) {
  for (const text of texts) {
    for (const needle of [...secrets, "Signature=", "Authorization"]) {
      ok(!String(text).includes(needle), `${what} shows ${needle.length > 12 ? needle.slice(0, 6) + "…" : needle}`);
    }
  }
}

/** Every text an error shows: String(), message, stack, JSON, its cause's, its $metadata. */
const textsOf = (err) => [String(err), err.message, err.stack ?? "", JSON.stringify(err), String(err.cause ?? ""), err.cause?.stack ?? "", JSON.stringify(err.$metadata)];

/** What `fn()` threw, or an assertion failure if it returned. */
function thrown(fn, what) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  ok(false, `${what}: expected a throw`);
}

scenario("fromAssumeRole: a bad option throws a ValidationError at once, naming it; nothing is sent", async (ctx) => {
  const { mod, emu } = ctx;
  const cases = [
    [{ roleArn: undefined }, "roleArn"],
    [{ roleArn: 42 }, "roleArn"],
    [{ roleArn: "role/MarketplaceMetering-not-an-arn" }, "roleArn"],
    [{ roleSessionName: "has space" }, "roleSessionName"],
    [{ roleSessionName: "x" }, "roleSessionName"],
    [{ externalId: "x" }, "externalId"],
    [{ durationSeconds: 899 }, "durationSeconds"],
    [{ durationSeconds: 43201 }, "durationSeconds"],
    [{ durationSeconds: 900.5 }, "durationSeconds"],
    [{ durationSeconds: "900" }, "durationSeconds"],
    [{ region: 5 }, "region"],
    [{ region: "" }, "region"],
    [{ region: "us-east-1/evil" }, "region"],
    [{ endpointUrl: 5 }, "endpointUrl"],
    [{ endpointUrl: "not a url" }, "endpointUrl"],
    [{ endpointUrl: "ftp://127.0.0.1" }, "endpointUrl"],
    [{ endpointUrl: `${ctx.url}/?Action=GetCallerIdentity` }, "endpointUrl"],
    [{ maxAttempts: 0 }, "maxAttempts"],
    [{ logger: () => {} }, "logger"],
    [{ customUserAgent: "a\nb" }, "customUserAgent"],
  ];
  for (const [options, field] of cases) {
    const err = thrown(() => assumeRole(ctx, options), field);
    ok(err instanceof mod.ValidationError && err instanceof mod.MarketplaceMeteringError, `ValidationError for ${field} ${JSON.stringify(options)}: ${describeError(err)}`);
    equal(err.field, field, `field of ${JSON.stringify(options)}`);
    ok(err.message.includes(err.rule), `the rule in the message: ${err.message}`);
  }
  for (const options of [null, "arn:aws:iam::111122223333:role/MarketplaceMetering"]) {
    const err = thrown(() => mod.fromAssumeRole(options), "options");
    ok(err instanceof mod.ValidationError && err.field === "options", `options ${JSON.stringify(options)}: ${describeError(err)}`);
  }
  // Without credentials to call STS with, it is a CredentialsError, as for the client itself.
  for (const options of [{ credentials: undefined }, { credentials: undefined, credentialsProvider: "nope" }, { credentials: { accessKeyId: "AKID" } }]) {
    const err = thrown(() => assumeRole(ctx, options), "credentials");
    ok(err instanceof mod.CredentialsError, `CredentialsError for ${JSON.stringify(options)}: ${describeError(err)}`);
  }
  equal(typeof assumeRole(ctx), "function", "good options give a provider function");
  equal(await emu.requests(), 0, "nothing reached the emulator");
});

scenario("fromAssumeRole: the role's session resolves a customer and meters; the emulator sees the session key", async (ctx) => {
  const { mod, emu } = ctx;
  const provider = assumeRole(ctx);
  equal(typeof provider, "function", "fromAssumeRole returns a provider function");
  equal(await emu.requests(), 0, "STS is not called before the first request");
  const c = roleClient(ctx, provider);
  const resolved = await c.resolveCustomer({ registrationToken: await emu.mintToken("cust-legacy-0001") });
  deepEqual(metadata(resolved), { customerIdentifier: "cust-legacy-0001", productCode: SAAS }, "resolved with the role's session");
  const out = await c.batchMeterUsage({ productCode: SAAS, usageRecords: [{ timestamp: recent(), customerIdentifier: "cust-legacy-0001", dimension: "users", quantity: 4 }] });
  equal(metadata(out).results[0]?.status, "Success", "metered with the role's session");
  const [session, ...others] = await emu.sessions();
  deepEqual(others, [], "one session");
  equal(session.roleArn, ROLE, "the session is the role's");
  ok(/^arn:aws:sts::111122223333:assumed-role\/MarketplaceMetering\/marketplace-metering-wasm-\d+$/.test(session.assumedRoleArn), `default session name: ${session.assumedRoleArn}`);
  deepEqual(
    (await emu.received()).map((r) => [r.protocol, r.operation, r.accessKeyId, r.sessionToken, r.outcome]),
    [
      ["sts", "AssumeRole", SELLER.accessKeyId, false, "200"],
      ["metering", "ResolveCustomer", session.accessKeyId, true, "200"],
      ["metering", "BatchMeterUsage", session.accessKeyId, true, "200"],
    ],
    "STS called with the seller key, metering with the session's key and token",
  );
  deepEqual((await emu.ledger()).map((r) => [r.customer.identifier, r.quantity]), [["cust-legacy-0001", 4]], "billed");

  // The provider on its own: SDK-shaped credentials, the session name and duration asked for.
  const started = Date.now();
  const credentials = await assumeRole(ctx, { roleSessionName: "scenario-session", durationSeconds: 900 })();
  deepEqual(Object.keys(credentials).sort(), ["accessKeyId", "expiration", "secretAccessKey", "sessionToken"], "credential members");
  ok(/^ASIA[A-Z2-7]{16}$/.test(credentials.accessKeyId), `a session key: ${credentials.accessKeyId}`);
  ok(credentials.expiration instanceof Date, "expiration is a Date");
  const lifetime = credentials.expiration.getTime() - started;
  ok(lifetime > 890_000 && lifetime <= 901_000, `expires after durationSeconds (${lifetime} ms)`);
  const named = (await emu.sessions()).find((s) => s.accessKeyId === credentials.accessKeyId);
  equal(named?.roleSessionName, "scenario-session", "roleSessionName");
});

scenario("fromAssumeRole: a role with only the AWS managed metering policies gets AccessDeniedException from ResolveCustomer", async (ctx) => {
  const { mod, emu } = ctx;
  const c = roleClient(ctx, assumeRole(ctx, { roleArn: ROLE_MANAGED_ONLY }));
  const err = await rejection(c.resolveCustomer({ registrationToken: await emu.mintToken("cust-legacy-0001") }), "managed policies only");
  serviceError(mod, err, { cls: mod.MarketplaceMeteringServiceException, name: "AccessDeniedException", status: 400 });
  ok(/assumed-role\/ManagedMeteringPoliciesOnly\/.* is not authorized to perform: aws-marketplace:ResolveCustomer/.test(err.message), err.message);
});

scenario("fromAssumeRole: concurrent calls share one AssumeRole request, and later calls reuse the session", async (ctx) => {
  const { emu } = ctx;
  // A slow STS, so that every call is waiting for the same request.
  await emu.setFaults({ slow: 1, slowMs: 300, operations: ["AssumeRole"] });
  const c = roleClient(ctx, assumeRole(ctx));
  const customers = ["cust-legacy-0001", "cust-legacy-0002", "cust-legacy-0003", "cust-legacy-0005", "210000000006"];
  const tokens = await Promise.all(customers.map((name) => emu.mintToken(name)));
  const outs = await Promise.all([
    ...tokens.map((registrationToken) => c.resolveCustomer({ registrationToken })),
    c.batchMeterUsage({ productCode: SAAS, usageRecords: [{ timestamp: recent(), customerIdentifier: "cust-legacy-0002", dimension: "users", quantity: 1 }] }),
  ]);
  equal(outs.length, 6, "every call answered");
  equal((await emu.stats()).requests.AssumeRole, 1, "one AssumeRole request for six concurrent calls");
  await c.resolveCustomer({ registrationToken: tokens[0] });
  equal((await emu.stats()).requests.AssumeRole, 1, "an hour-long session is kept for the next call");
  const [session, ...others] = await emu.sessions();
  deepEqual(others, [], "one session");
  const metering = (await emu.received()).filter((r) => r.protocol === "metering");
  equal(metering.length, 7, "seven metering requests");
  ok(metering.every((r) => r.accessKeyId === session.accessKeyId && r.sessionToken), "all signed with the one session");
});

scenario("fromAssumeRole: a session within 5 minutes of its expiration is assumed again; one further away is kept", async (ctx) => {
  const { emu } = ctx;
  // STS dates a session by its own clock. With the emulator's clock 10.5 minutes behind, a
  // 15-minute session (durationSeconds 900) expires 4.5 minutes from now by this runtime's clock:
  // inside the client's 5-minute window, so each call assumes the role again. (The first
  // requests are refused for the clock difference, then signed on the emulator's clock.)
  const calls = async (offsetMs) => {
    await emu.reset();
    await emu.setClockOffsetMs(offsetMs);
    const c = roleClient(ctx, assumeRole(ctx, { durationSeconds: 900 }));
    for (const name of ["cust-legacy-0001", "cust-legacy-0002", "cust-legacy-0003"]) {
      equal((await c.resolveCustomer({ registrationToken: await emu.mintToken(name) })).customerIdentifier, name, "resolved");
    }
    const sessions = await emu.sessions();
    // Which session each resolved call was signed with: the newest issued before it.
    let issued = 0;
    const signedWith = [];
    for (const r of await emu.received()) {
      if (r.operation === "AssumeRole" && r.outcome === "200") issued++;
      if (r.operation === "ResolveCustomer" && r.outcome === "200") signedWith.push([r.accessKeyId, sessions[issued - 1]?.accessKeyId]);
    }
    ok(signedWith.every(([used, newest]) => used === newest), `each call signed with the newest session: ${show(signedWith)}`);
    return { sessions: sessions.length, keys: new Set(signedWith.map(([used]) => used)).size };
  };
  const near = await calls(-(10 * MINUTE + 30_000));
  equal(near.keys, 3, "three calls, each with a session of its own");
  ok(near.sessions >= 3, `a session per call at least (${near.sessions})`);
  const far = await calls(-9 * MINUTE);
  deepEqual(far, { sessions: 1, keys: 1 }, "6 minutes from expiry: one session serves the three calls");
});

scenario("fromAssumeRole: a role that requires an ExternalId: AccessDenied without it or with another, a session with it", async (ctx) => {
  const { emu } = ctx;
  const token = await emu.mintToken("cust-legacy-0001");
  for (const externalId of [undefined, "not-the-external-id"]) {
    const err = await rejection(roleClient(ctx, assumeRole(ctx, { roleArn: ROLE_EXTERNAL, externalId })).resolveCustomer({ registrationToken: token }), `externalId ${externalId}`);
    await stsError(ctx, err, { name: "AccessDenied", status: 403 });
    ok(err.message.includes(`is not authorized to perform: sts:AssumeRole on resource: ${ROLE_EXTERNAL}`), err.message);
  }
  equal((await emu.stats()).requests.ResolveCustomer, undefined, "nothing reached metering without a session");
  const out = await roleClient(ctx, assumeRole(ctx, { roleArn: ROLE_EXTERNAL, externalId: EXTERNAL_ID })).resolveCustomer({ registrationToken: token });
  equal(out.customerIdentifier, "cust-legacy-0001", "resolved with the ExternalId role's session");
  deepEqual((await emu.sessions()).map((s) => s.roleArn), [ROLE_EXTERNAL], "the session is that role's");
});

scenario("fromAssumeRole: STS errors reject as CredentialsErrors named by the STS code, with $metadata; throttling and 500s are retried", async (ctx) => {
  const { mod, emu } = ctx;
  // From the provider itself, and from a call of a client using it (the same error, passed on).
  const denied = await rejection(assumeRole(ctx, { credentials: BUYER })(), "the buyer key");
  await stsError(ctx, denied, { name: "AccessDenied", status: 403 });
  const viaCall = await rejection(roleClient(ctx, assumeRole(ctx, { credentials: BUYER })).resolveCustomer({ registrationToken: "t" }), "a call with the buyer's role");
  await stsError(ctx, viaCall, { name: "AccessDenied", status: 403 });
  equal((await emu.stats()).requests.ResolveCustomer, undefined, "the call never reached metering");

  await stsError(ctx, await rejection(assumeRole(ctx, { region: "ap-east-1" })(), "STS off in ap-east-1"), { name: "RegionDisabledException", status: 403 });
  await stsError(ctx, await rejection(assumeRole(ctx, { durationSeconds: 7200 })(), "longer than the role allows"), { name: "ValidationError", status: 400 });
  await stsError(ctx, await rejection(assumeRole(ctx, { roleArn: "arn:aws:iam::111122223333:user/metering-worker" })(), "a user ARN"), { name: "ValidationError", status: 400 });
  await stsError(ctx, await rejection(assumeRole(ctx, { credentials: { ...SELLER, secretAccessKey: "wrongSecret/abcdefghijklmnopqrstuvwxyz0123" } })(), "wrong secret"), { name: "SignatureDoesNotMatch", status: 403 });
  // An expired session's key assuming another role (chaining): ExpiredToken.
  const session = await assumeRole(ctx)();
  await emu.expireSessions(session.accessKeyId);
  await stsError(ctx, await rejection(assumeRole(ctx, { roleArn: ROLE_MANAGED_ONLY, credentials: session })(), "an expired session's key"), { name: "ExpiredToken", status: 403 });

  await emu.setFaults({ throttle: 1, operations: ["AssumeRole"] });
  await stsError(ctx, await rejection(assumeRole(ctx, { maxAttempts: 2 })(), "always throttled"), { name: "Throttling", status: 400, attempts: 2, retryable: { throttling: true } });
  await emu.setFaults({ internal: 1, operations: ["AssumeRole"] });
  await stsError(ctx, await rejection(assumeRole(ctx, { maxAttempts: 2 })(), "always 500"), { name: "InternalFailure", status: 500, attempts: 2, retryable: { throttling: false }, fault: "server" });
  await emu.setFaults({ throttle: 1, operations: ["AssumeRole"] });
  const fetch = clearFaultsAfterFirstAttempt(emu);
  const retried = await assumeRole(ctx, { fetch })();
  ok(/^ASIA/.test(retried.accessKeyId), "throttled once, then a session");
  equal(fetch.attempts(), 2, "through the `fetch` option, twice");
});

scenario("fromAssumeRole: secret keys and session tokens never appear in an error", async (ctx) => {
  const { mod, emu } = ctx;
  const wrongSecret = "wrongSecret/ThisMustNotLeak/0123456789abcdef";
  const errors = [];
  errors.push(await rejection(assumeRole(ctx, { credentials: BUYER })(), "AccessDenied"));
  errors.push(await rejection(assumeRole(ctx, { credentials: { ...SELLER, secretAccessKey: wrongSecret } })(), "wrong secret"));
  // Signed with a session key, its token and a wrong secret: STS quotes the canonical request,
  // which holds the token; the error must not.
  const session = await assumeRole(ctx)();
  const badSession = await rejection(assumeRole(ctx, { roleArn: ROLE_MANAGED_ONLY, credentials: { ...session, secretAccessKey: wrongSecret } })(), "session, wrong secret");
  equal(badSession.name, "SignatureDoesNotMatch", "signature refused");
  ok(badSession.message.includes("x-amz-security-token:"), "STS quoted the canonical request, token header and all");
  errors.push(badSession);
  // Metering errors of calls signed with a role's session.
  const managed = keeping(assumeRole(ctx, { roleArn: ROLE_MANAGED_ONLY }));
  errors.push(await rejection(roleClient(ctx, managed).resolveCustomer({ registrationToken: "t" }), "AccessDeniedException"));
  const kept = keeping(assumeRole(ctx));
  const c = roleClient(ctx, kept);
  await c.resolveCustomer({ registrationToken: await emu.mintToken("cust-legacy-0001") });
  await emu.expireSessions();
  const expired = await rejection(c.resolveCustomer({ registrationToken: await emu.mintToken("cust-legacy-0001") }), "expired session");
  equal(expired.name, "ExpiredTokenException", "the expired session is refused");
  errors.push(expired);
  errors.push(await rejection(assumeRole(ctx, { roleArn: ROLE_MANAGED_ONLY, credentials: session })(), "ExpiredToken"));
  await emu.setFaults({ throttle: 1, operations: ["AssumeRole"] });
  errors.push(await rejection(assumeRole(ctx, { maxAttempts: 1 })(), "Throttling"));
  const secrets = [SELLER.secretAccessKey, BUYER.secretAccessKey, BUYER.sessionToken, wrongSecret];
  for (const credentials of [session, ...managed.kept, ...kept.kept]) secrets.push(credentials.secretAccessKey, credentials.sessionToken);
  equal(secrets.length, 10, "the secrets looked for");
  for (const err of errors) noSecretIn(textsOf(err), secrets, describeError(err));
  ok(errors.every((e) => e instanceof mod.MarketplaceMeteringError), "every one a MarketplaceMeteringError");
});

scenario("logger: one event per attempt (debug) and per retry decision (warn: retry, error: give up), documented fields only, nothing secret", async (ctx) => {
  const { emu } = ctx;
  const { logger, take, all } = recordingLogger();
  const token = await emu.mintToken("cust-legacy-0001");
  // Throttled, then answered.
  await emu.setFaults({ throttle: 1 });
  const fetch = clearFaultsAfterFirstAttempt(emu);
  const out = await client(ctx, { logger, fetch }).resolveCustomer({ registrationToken: token });
  const [first, second] = (await emu.received()).map((r) => r.requestId);
  const events = take();
  const retryEvent = events[1]?.[1] ?? {};
  ok(Number.isInteger(retryEvent.delayMs) && retryEvent.delayMs >= 0, `delayMs: ${show(retryEvent)}`);
  equal(retryEvent.delayMs, out.$metadata.totalRetryDelay, "the delay logged is the delay waited");
  deepEqual(events.map(([level, e]) => [level, sorted(e)]), [
    ["debug", sorted({ event: "attempt", operation: "ResolveCustomer", attempt: 1, httpStatusCode: 400, requestId: first, errorCode: "ThrottlingException" })],
    ["warn", sorted({ event: "retry", operation: "ResolveCustomer", attempt: 1, errorCode: "ThrottlingException", delayMs: retryEvent.delayMs })],
    ["debug", sorted({ event: "attempt", operation: "ResolveCustomer", attempt: 2, httpStatusCode: 200, requestId: second })],
  ], "throttled, retried, answered");

  // Throttled until the attempts run out: the last decision is to give up.
  await emu.reset();
  await emu.setFaults({ throttle: 1 });
  await rejection(client(ctx, { logger, maxAttempts: 2 }).resolveCustomer({ registrationToken: token }), "always throttled");
  deepEqual(take().map(([level, e]) => [level, e.event, e.attempt, e.httpStatusCode, e.errorCode]), [
    ["debug", "attempt", 1, 400, "ThrottlingException"],
    ["warn", "retry", 1, undefined, "ThrottlingException"],
    ["debug", "attempt", 2, 400, "ThrottlingException"],
    ["error", "fail", 2, undefined, "ThrottlingException"],
  ], "the give-up decision at error");

  // No answer at all: attempts without a status.
  await emu.setFaults({ reset: 1 });
  await rejection(client(ctx, { logger, maxAttempts: 1 }).meterUsage({ productCode: "prod-container", timestamp: recent(), usageDimension: "requests" }), "reset");
  deepEqual(take().map(([level, e]) => [level, sorted(e)]), [
    ["debug", sorted({ event: "attempt", operation: "MeterUsage", attempt: 1 })],
    ["error", sorted({ event: "fail", operation: "MeterUsage", attempt: 1 })],
  ], "a network failure");

  // fromAssumeRole takes a logger too: its AssumeRole attempts.
  await emu.reset();
  const provided = keeping(assumeRole(ctx, { logger }));
  await roleClient(ctx, provided).resolveCustomer({ registrationToken: token });
  const [stsRequest] = await emu.received();
  deepEqual(take().map(([level, e]) => [level, sorted(e)]), [
    ["debug", sorted({ event: "attempt", operation: "AssumeRole", attempt: 1, httpStatusCode: 200, requestId: stsRequest.requestId })],
  ], "only the provider's client was given the logger");

  const secrets = [SELLER.secretAccessKey, token, "RegistrationToken", "UsageDimension", "x-amz-security-token", ...provided.kept.flatMap((c) => [c.secretAccessKey, c.sessionToken])];
  noSecretIn(all.map(([, e]) => JSON.stringify(e)), secrets, "a log event");
});

scenario("logger: events carry only the documented fields and no secret, on every path", async (ctx) => {
  const { emu } = ctx;
  const { logger, all: events } = recordingLogger();
  const kept = keeping(assumeRole(ctx, { logger }));
  const c = roleClient(ctx, kept, { logger, maxAttempts: 2 });
  const token = await emu.mintToken("cust-legacy-0002");
  await c.resolveCustomer({ registrationToken: token });
  await rejection(c.resolveCustomer({ registrationToken: "forged-token" }), "forged");
  await emu.setFaults({ internal: 1 });
  await rejection(c.batchMeterUsage({ productCode: SAAS, usageRecords: [{ timestamp: recent(), customerIdentifier: "cust-legacy-0002", dimension: "users", quantity: 1 }] }), "500s");
  await emu.setFaults({ truncate: 1 });
  await rejection(c.meterUsage({ productCode: "prod-container", timestamp: recent(), usageDimension: "requests" }), "truncated");
  ok(events.length >= 8, `events logged: ${events.length}`);
  for (const [level, e] of events) {
    deepEqual(Object.keys(e).filter((k) => !LOG_FIELDS.has(k)), [], `only documented fields: ${show(e)}`);
    equal(level, { attempt: "debug", retry: "warn", fail: "error" }[e.event], `level of ${show(e)}`);
    ok(typeof e.operation === "string" && Number.isInteger(e.attempt) && e.attempt >= 1, `operation and attempt: ${show(e)}`);
  }
  const secrets = [SELLER.secretAccessKey, token, "forged-token", "cust-legacy-0002", ...kept.kept.flatMap((k) => [k.secretAccessKey, k.sessionToken])];
  noSecretIn(events.map(([, e]) => JSON.stringify(e)), secrets, "a log event");
});

scenario("logger: a logger that throws, or has only some methods, never breaks the call; a function is not a logger", async (ctx) => {
  const { mod, emu } = ctx;
  const boom = () => {
    throw new Error("the logger broke");
  };
  const throwing = Object.fromEntries(LEVELS.map((level) => [level, boom]));
  const token = await emu.mintToken("cust-legacy-0001");
  await emu.setFaults({ throttle: 1 });
  const out = await client(ctx, { logger: throwing, fetch: clearFaultsAfterFirstAttempt(emu) }).resolveCustomer({ registrationToken: token });
  equal(out.$metadata.attempts, 2, "retried and answered despite the logger");
  await emu.setFaults({ throttle: 1 });
  const err = await rejection(client(ctx, { logger: throwing, maxAttempts: 2 }).resolveCustomer({ registrationToken: token }), "always throttled");
  ok(err instanceof mod.ThrottlingException, `the call's own error, not the logger's: ${describeError(err)}`);
  await emu.setFaults({});
  const getters = Object.defineProperties({}, Object.fromEntries(LEVELS.map((level) => [level, { get: boom }])));
  let errors = 0;
  for (const logger of [{}, { error: () => errors++ }, getters, throwing]) {
    equal((await client(ctx, { logger }).resolveCustomer({ registrationToken: token })).customerIdentifier, "cust-legacy-0001", "answered");
  }
  equal(errors, 0, "no error event for a call that succeeded");
  for (const logger of [() => {}, "console", 1]) {
    let threw;
    try {
      client(ctx, { logger });
    } catch (e) {
      threw = e;
    }
    ok(threw instanceof mod.ValidationError && threw.field === "logger", `logger ${typeof logger}: ${describeError(threw)}`);
  }
});

scenario("user agents: x-amz-user-agent (signed) and user-agent name the package and its version, then customUserAgent; AssumeRole's too", async (ctx) => {
  const { mod, emu, version } = ctx;
  ok(typeof version === "string" && /^\d+\.\d+\.\d+/.test(version), `the runner passes the installed package's version: ${version}`);
  const base = `marketplace-metering-wasm/${version} lang/js`;
  const token = await emu.mintToken("cust-legacy-0001");
  await client(ctx).resolveCustomer({ registrationToken: token });
  await client(ctx, { customUserAgent: "my-app/1.2.3 (billing)" }).resolveCustomer({ registrationToken: token });
  const provider = assumeRole(ctx, { customUserAgent: "role-app/3" });
  await roleClient(ctx, provider, { customUserAgent: "my-app/1.2.3" }).resolveCustomer({ registrationToken: token });
  deepEqual((await emu.received()).map((r) => [r.operation, r.amzUserAgent, r.userAgent]), [
    ["ResolveCustomer", base, base],
    ["ResolveCustomer", `${base} my-app/1.2.3 (billing)`, `${base} my-app/1.2.3 (billing)`],
    ["AssumeRole", `${base} role-app/3`, `${base} role-app/3`],
    ["ResolveCustomer", `${base} my-app/1.2.3`, `${base} my-app/1.2.3`],
  ], "what the emulator received");
  // x-amz-user-agent is signed (a proxy cannot change it unnoticed), user-agent is not (browsers may replace it).
  const prepared = await client(ctx, { customUserAgent: "my-app/1.2.3" }).prepareRequest("ResolveCustomer", { registrationToken: token });
  equal(prepared.headers["x-amz-user-agent"], `${base} my-app/1.2.3`, "prepared x-amz-user-agent");
  equal(prepared.headers["user-agent"], `${base} my-app/1.2.3`, "prepared user-agent");
  const signed = /SignedHeaders=([^,]+),/.exec(prepared.headers.authorization)?.[1].split(";") ?? [];
  ok(signed.includes("x-amz-user-agent") && !signed.includes("user-agent"), `signed headers: ${signed.join(";")}`);
  for (const customUserAgent of [5, "a\r\nb", "tab\there"]) {
    let threw;
    try {
      client(ctx, { customUserAgent });
    } catch (e) {
      threw = e;
    }
    ok(threw instanceof mod.ValidationError && threw.field === "customUserAgent", `customUserAgent ${JSON.stringify(customUserAgent)}: ${describeError(threw)}`);
  }
});

scenario("Symbol.dispose and Symbol.asyncDispose close the client: calls in flight and later reject with ClientClosedError", async (ctx) => {
  const { mod, emu } = ctx;
  // Every runtime tested has both symbols; where one is missing the client has no such method.
  if (typeof Symbol.dispose !== "symbol" || typeof Symbol.asyncDispose !== "symbol") {
    equal(typeof client(ctx).close, "function", "close() is there regardless");
    return;
  }
  const closed = (err, what) => {
    ok(err instanceof mod.ClientClosedError && err instanceof mod.MarketplaceMeteringError && err instanceof Error, `${what}: ClientClosedError by class, got ${describeError(err)}`);
    equal(err.name, "ClientClosedError", `${what}: name`);
    ok(!("$retryable" in err), `${what}: not retryable`);
  };
  await emu.setFaults({ slow: 1, slowMs: 3000 });
  const c = client(ctx);
  equal(typeof c[Symbol.dispose], "function", "the client has Symbol.dispose");
  const inFlight = timed(c.resolveCustomer({ registrationToken: "t" }));
  await new Promise((r) => setTimeout(r, 100));
  equal(c[Symbol.dispose](), undefined, "Symbol.dispose returns nothing");
  const { error, ms } = await inFlight;
  closed(error, "the call in flight");
  ok(ms < 2000, `aborted at disposal (${ms} ms)`);
  closed(await rejection(c.resolveCustomer({ registrationToken: "t" }), "after dispose"), "a later call");
  c[Symbol.dispose]();
  c.close();
  await emu.setFaults({});

  const c2 = client(ctx);
  const disposing = c2[Symbol.asyncDispose]();
  ok(disposing instanceof Promise, "Symbol.asyncDispose returns a promise");
  equal(await disposing, undefined, "resolving to nothing");
  closed(await rejection(c2.meterUsage({ productCode: "prod-container", timestamp: recent(), usageDimension: "requests" }), "meterUsage"), "meterUsage after asyncDispose");
  closed(await rejection(c2.meterUsageRecords({ productCode: SAAS, usageRecords: [] }), "meterUsageRecords"), "meterUsageRecords after asyncDispose");
  closed(await rejection(c2.prepareRequest("ResolveCustomer", { registrationToken: "t" }), "prepareRequest"), "prepareRequest after asyncDispose");
  equal((await emu.stats()).requests.ResolveCustomer, 1, "only the call in flight reached the emulator");
});
