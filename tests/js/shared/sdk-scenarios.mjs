// Shared scenarios of the AWS SDK-shaped features (issue #13): `fromAssumeRole` against the
// emulator's STS stand-in, the `logger` option, the user agents, and `Symbol.dispose` /
// `Symbol.asyncDispose`. scenarios.mjs runs them with its own, in every runtime, under the same
// rules: web-platform APIs only, each scenario from a reset emulator. What the emulator received is
// read from its admin API (`GET /__emulator/requests`: the access key id each request claims,
// whether it carried a session token, its user agents), never from inside the package.

import { SELLER, ok, equal, describeError } from "./support.mjs";

const ROLE = "arn:aws:iam::111122223333:role/MarketplaceMetering";

export const scenarios = {};
const scenario = (name, fn) => {
  scenarios[name] = fn;
};

/** `fromAssumeRole` with the seller key against the emulator's STS, plus `options`. */
const assumeRole = (ctx, options = {}) =>
  ctx.mod.fromAssumeRole({ roleArn: ROLE, credentials: SELLER, endpointUrl: ctx.url, region: "us-east-1", ...options });

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
