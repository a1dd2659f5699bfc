// The emulator's STS stand-in (js/emulator/sts.js): AssumeRole over the Query protocol, signed with
// @smithy/signature-v4 for service `sts`; the session credentials it issues on the metering side
// (permissions, expiry); every error in STS's XML; faults; the request log; and, as an independent
// cross-check, @aws-sdk/client-sts and @aws-sdk/client-marketplace-metering against it.
// Run: node --test tests/js/node/sts-emulator.test.mjs

import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { startEmulator } from '../../../js/emulator/server.js';
import { BUYER, SAAS, SELLER, batch, call, callSts, errorCode, nowSec, record, sdk, send, stsSdk, xmlText } from '../support/emulator-client.mjs';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE = 'arn:aws:iam::111122223333:role/MarketplaceMetering';
const ROLE_EXTERNAL = 'arn:aws:iam::111122223333:role/MarketplaceMeteringWithExternalId';
const EXTERNAL_ID = 'emulator-external-id-7Qm2';
const ROLE_MANAGED_ONLY = 'arn:aws:iam::111122223333:role/ManagedMeteringPoliciesOnly';
const HOUR_MS = 3600 * 1000;

const assume = (params, opts) => callSts(emu, { RoleArn: ROLE, RoleSessionName: 'worker-cron', ...params }, opts);

/** The session credentials of a successful AssumeRole answer. */
function credentialsOf(res) {
  assert.equal(res.status, 200, res.text ?? res.error);
  return {
    accessKeyId: xmlText(res.text, 'AccessKeyId'),
    secretAccessKey: xmlText(res.text, 'SecretAccessKey'),
    sessionToken: xmlText(res.text, 'SessionToken'),
    expiration: xmlText(res.text, 'Expiration'),
  };
}

/** An STS error answer: status, Type, Code, the XML document's shape and its request id. */
function assertStsError(res, code, status, type = 'Sender') {
  assert.equal(xmlText(res.text, 'Code'), code, `expected ${code}, got ${res.status} ${res.text ?? res.error}`);
  assert.equal(res.status, status);
  assert.equal(xmlText(res.text, 'Type'), type);
  assert.equal(res.headers['content-type'], 'text/xml');
  assert.match(res.text, new RegExp(`^<ErrorResponse xmlns="${XMLNS}">\\n  <Error>\\n    <Type>`));
  assert.equal(xmlText(res.text, 'RequestId'), res.headers['x-amzn-requestid']);
  return xmlText(res.text, 'Message');
}

/** A metering (awsJson) error answer. */
function assertJsonError(res, code, status = 400) {
  assert.equal(errorCode(res), code, `expected ${code}, got ${res.status} ${res.text ?? res.error}`);
  assert.equal(res.status, status);
  return res.json.message;
}


let emu;
before(async () => { emu = await startEmulator({ rateLimitPerSecond: 0 }); });
after(() => emu.close());
beforeEach(() => emu.reset());

describe('AssumeRole', () => {
  it('answers session credentials in STS XML, expiring DurationSeconds after the emulator clock', async () => {
    emu.setClockOffsetMs(2 * HOUR_MS);
    const before = Date.now() + 2 * HOUR_MS;
    // A client that already learned the emulator's clock signs with it.
    const res = await assume({ DurationSeconds: '900' }, { signingDate: new Date(before) });
    const creds = credentialsOf(res);
    assert.equal(res.headers['content-type'], 'text/xml');
    assert.match(res.text, new RegExp(`^<AssumeRoleResponse xmlns="${XMLNS}">\\n  <AssumeRoleResult>\\n    <AssumedRoleUser>`));
    assert.equal(xmlText(res.text, 'RequestId'), res.headers['x-amzn-requestid']);
    assert.match(creds.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    // Base64 with '+' and '/' (and the token's '='): what a client must not mangle.
    assert.match(creds.secretAccessKey, /^[A-Za-z0-9+/]{40}$/);
    assert.ok(creds.secretAccessKey.includes('+') && creds.secretAccessKey.includes('/'));
    assert.match(creds.sessionToken, /^[A-Za-z0-9+/]+=$/);
    assert.ok(creds.sessionToken.includes('+') && creds.sessionToken.includes('/'));
    assert.match(creds.expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const expiresIn = Date.parse(creds.expiration) - before;
    assert.ok(expiresIn > 899_000 && expiresIn <= 901_000, `expires ${expiresIn} ms after issue`);
    assert.equal(xmlText(res.text, 'Arn'), 'arn:aws:sts::111122223333:assumed-role/MarketplaceMetering/worker-cron');
    assert.match(xmlText(res.text, 'AssumedRoleId'), /^AROA[A-Z2-7]{17}:worker-cron$/);

    const [session] = emu.sessions();
    assert.deepEqual(Object.keys(session).sort(), ['accessKeyId', 'accountId', 'assumedRoleArn', 'expiration', 'expired', 'issuedAt', 'roleArn', 'roleSessionName']);
    assert.equal(session.expiration, new Date(Date.parse(creds.expiration)).toISOString());
    assert.equal(session.expired, false);
  });

  it('lasts an hour by default, and up to the role\'s maximum session duration', async () => {
    const hour = credentialsOf(await assume({}));
    const left = Date.parse(hour.expiration) - Date.now();
    assert.ok(left > HOUR_MS - 5000 && left <= HOUR_MS + 1000, `${left} ms`);
    const long = credentialsOf(await assume({ RoleArn: ROLE_EXTERNAL, ExternalId: EXTERNAL_ID, DurationSeconds: '43200' }));
    assert.ok(Date.parse(long.expiration) - Date.now() > 12 * HOUR_MS - 5000);
    const msg = assertStsError(await assume({ DurationSeconds: '7200' }), 'ValidationError', 400);
    assert.equal(msg, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  });

  it('requires the ExternalId a role\'s trust policy names', async () => {
    const denied = `User: arn:aws:iam::111122223333:user/metering-worker is not authorized to perform: sts:AssumeRole on resource: ${ROLE_EXTERNAL}`;
    assert.equal(assertStsError(await assume({ RoleArn: ROLE_EXTERNAL }), 'AccessDenied', 403), denied);
    assert.equal(assertStsError(await assume({ RoleArn: ROLE_EXTERNAL, ExternalId: 'emulator-external-id-XXXX' }), 'AccessDenied', 403), denied);
    credentialsOf(await assume({ RoleArn: ROLE_EXTERNAL, ExternalId: EXTERNAL_ID }));
  });

  it('denies a caller the trust policy does not name, and a role that does not exist', async () => {
    const buyer = assertStsError(await assume({}, { credentials: BUYER }), 'AccessDenied', 403);
    assert.equal(buyer, `User: arn:aws:sts::444455556666:assumed-role/ContainerTaskRole/task-0001 is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);
    assertStsError(await assume({ RoleArn: 'arn:aws:iam::111122223333:role/NoSuchRole' }), 'AccessDenied', 403);
    assertStsError(await assume({ RoleArn: 'arn:aws:iam::999999999999:role/MarketplaceMetering' }), 'AccessDenied', 403);
    assert.deepEqual(emu.sessions(), []);
  });

  it('answers RegionDisabledException (403) where STS is not activated', async () => {
    const msg = assertStsError(await assume({}, { region: 'ap-east-1' }), 'RegionDisabledException', 403);
    assert.equal(msg, 'STS is not activated in this region for account:111122223333. Your account administrator can activate STS in this region using the IAM Console.');
    // Any other region is simply not this endpoint's.
    assert.match(assertStsError(await assume({}, { region: 'eu-west-1' }), 'SignatureDoesNotMatch', 403), /valid region, not 'eu-west-1'/);
  });

  it('checks every parameter constraint, listing each violation in Coral wording (XML-escaped)', async () => {
    const both = assertStsError(await callSts(emu, {}), 'ValidationError', 400);
    assert.equal(both, "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
    const cases = [
      [{ RoleSessionName: 'x' }, /^1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2$/],
      [{ RoleSessionName: 'n'.repeat(65) }, /'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64$/],
      [{ RoleSessionName: 'has space' }, /'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\w\+=,\.@-\]\*$/],
      [{ DurationSeconds: '899' }, /Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900$/],
      [{ DurationSeconds: '43201' }, /'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200$/],
      [{ DurationSeconds: 'an hour' }, /^Value 'an hour' at 'durationSeconds' failed to satisfy constraint: Member must be an integer$/],
      [{ ExternalId: 'x' }, /'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2$/],
      [{ ExternalId: 'e'.repeat(1225) }, /'externalId' failed to satisfy constraint: Member must have length less than or equal to 1224$/],
      [{ ExternalId: 'no spaces' }, /'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern/],
      [{ RoleArn: 'arn:aws:iam::1:r/' }, /'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20$/],
      [{ RoleArn: `arn:aws:iam::111122223333:role/${'r'.repeat(2048)}` }, /'roleArn' failed to satisfy constraint: Member must have length less than or equal to 2048$/],
      [{ RoleArn: 'MarketplaceMeteringRole' }, /^MarketplaceMeteringRole is not a valid role ARN/],
      [{ 'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, /^The STS emulator does not model the parameter 'PolicyArns'/],
    ];
    for (const [params, message] of cases) {
      assert.match(assertStsError(await assume(params), 'ValidationError', 400), message, JSON.stringify(params));
    }
    // Values in messages are XML-escaped on the wire and read back intact.
    const res = await assume({ RoleSessionName: 'a<b&"c\'>' });
    assert.match(res.text, /Value 'a&lt;b&amp;"c'&gt;' at 'roleSessionName'/);
    assert.match(assertStsError(res, 'ValidationError', 400), /^1 validation error detected: Value 'a<b&"c'>' at 'roleSessionName'/);
    assert.deepEqual(emu.sessions(), []);
  });

  it('routes on Action and Version', async () => {
    assert.equal(assertStsError(await assume({}, { version: '2011-06-16' }), 'InvalidAction', 400), 'Could not find operation AssumeRole for version 2011-06-16');
    assert.equal(assertStsError(await assume({}, { version: null }), 'InvalidAction', 400), 'Could not find operation AssumeRole for version NO_VERSION_SPECIFIED');
    assert.equal(assertStsError(await callSts(emu, {}, { action: 'GetCallerIdentity' }), 'InvalidAction', 400), 'Could not find operation GetCallerIdentity for version 2011-06-15');
    assertStsError(await callSts(emu, 'Version=2011-06-15'), 'MissingAction', 400);
    assert.deepEqual(emu.stats().requests, { AssumeRole: 2, Unknown: 2 });
  });
});

describe('STS authentication', () => {
  it('names the JSON front end\'s auth failures with their Query codes', async () => {
    assertStsError(await assume({}, { credentials: { ...SELLER, accessKeyId: 'AKIDUNKNOWN' } }), 'InvalidClientTokenId', 403);
    const wrong = assertStsError(await assume({}, { credentials: { ...SELLER, secretAccessKey: 'nope' } }), 'SignatureDoesNotMatch', 403);
    assert.match(wrong, /^The request signature we calculated does not match the signature you provided\./);
    assert.equal(assertStsError(await assume({}, { service: 'aws-marketplace' }), 'SignatureDoesNotMatch', 403), "Credential should be scoped to correct service: 'sts'. ");
    const old = await assume({}, { signingDate: new Date(Date.now() - 10 * 60 * 1000) });
    assert.match(assertStsError(old, 'SignatureDoesNotMatch', 403), /^Signature expired: \S+ is now earlier than \S+ \(\S+ - 5 min\.\)$/);
    const tampered = await assume({}, { tamper: (req) => { req.body = req.body.replace('worker-cron', 'other-name'); } });
    assertStsError(tampered, 'SignatureDoesNotMatch', 403);
    const unsigned = await send(emu.url, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=AssumeRole&Version=2011-06-15' });
    assertStsError(unsigned, 'MissingAuthenticationToken', 403);
    assert.deepEqual(emu.sessions(), []);
  });
});

describe('session credentials on the metering side', () => {
  const asSession = (creds) => ({ accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken });

  it('act as the role: its account, and only its permissions', async () => {
    const creds = asSession(credentialsOf(await assume({})));
    const billed = await call(emu, 'BatchMeterUsage', batch([record()]), { credentials: creds });
    assert.equal(billed.status, 200, billed.text);
    assert.equal(billed.json.Results[0].Status, 'Success');
    const token = emu.mintRegistrationToken('cust-legacy-0002');
    assert.equal((await call(emu, 'ResolveCustomer', { RegistrationToken: token }, { credentials: creds })).json.CustomerIdentifier, 'cust-legacy-0002');
    // The SaaS role has no MeterUsage.
    const meter = { ProductCode: SAAS, UsageDimension: 'users', UsageQuantity: 1, Timestamp: nowSec() - 60 };
    const denied = assertJsonError(await call(emu, 'MeterUsage', meter, { credentials: creds }), 'AccessDeniedException');
    assert.equal(denied, 'User: arn:aws:sts::111122223333:assumed-role/MarketplaceMetering/worker-cron is not authorized to perform: aws-marketplace:MeterUsage because no identity-based policy allows the aws-marketplace:MeterUsage action');

    // The two AWS managed metering policies grant MeterUsage and RegisterUsage, not what SaaS needs.
    const managed = asSession(credentialsOf(await assume({ RoleArn: ROLE_MANAGED_ONLY })));
    assertJsonError(await call(emu, 'BatchMeterUsage', batch([record()]), { credentials: managed }), 'AccessDeniedException');
    assertJsonError(await call(emu, 'ResolveCustomer', { RegistrationToken: token }, { credentials: managed }), 'AccessDeniedException');
    assert.equal((await call(emu, 'MeterUsage', meter, { credentials: managed })).status, 200);
    assert.deepEqual(emu.ledger().records.map((r) => [r.operation, r.customer.account ?? r.customer.identifier]),
      [['BatchMeterUsage', 'cust-legacy-0001'], ['MeterUsage', '111122223333']]);
  });

  it('are narrowed by a session policy, and a malformed one is refused', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'aws-marketplace:Resolve*', Resource: '*' }] });
    const creds = asSession(credentialsOf(await assume({ Policy: policy })));
    assertJsonError(await call(emu, 'BatchMeterUsage', batch([record()]), { credentials: creds }), 'AccessDeniedException');
    assertJsonError(await call(emu, 'ResolveCustomer', { RegistrationToken: 'x.y' }, { credentials: creds }), 'InvalidTokenException');
    assert.equal(assertStsError(await assume({ Policy: '{"Statement": [' }), 'MalformedPolicyDocument', 400), 'The policy is not in the valid JSON format.');
    assertStsError(await assume({ Policy: '{"Statement": [{"Effect": "Maybe", "Action": "*"}]}' }), 'MalformedPolicyDocument', 400);
  });

  it('need their own session token, and an issued key is not usable without it', async () => {
    const creds = asSession(credentialsOf(await assume({})));
    assertJsonError(await call(emu, 'BatchMeterUsage', batch([]), { credentials: { ...creds, sessionToken: undefined } }), 'UnrecognizedClientException');
    assertJsonError(await call(emu, 'BatchMeterUsage', batch([]), { credentials: { ...creds, sessionToken: `${creds.sessionToken}x` } }), 'UnrecognizedClientException');
    assertJsonError(await call(emu, 'BatchMeterUsage', batch([]), { credentials: { ...creds, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' } }), 'UnrecognizedClientException');
  });

  it('expire by the emulator clock: ExpiredTokenException (400, framework namespace) on metering, ExpiredToken (403) on STS', async () => {
    const creds = credentialsOf(await assume({ DurationSeconds: '900' }));
    const session = asSession(creds);
    const expiresAt = Date.parse(creds.expiration);
    // One second before: still good (signed with the moved clock, as a skew-corrected client would).
    emu.setClockOffsetMs(expiresAt - 1000 - Date.now());
    assert.equal((await call(emu, 'BatchMeterUsage', batch([]), { credentials: session, signingDate: new Date(expiresAt - 1000) })).status, 200);
    emu.setClockOffsetMs(expiresAt - Date.now());
    const expired = await call(emu, 'BatchMeterUsage', batch([]), { credentials: session, signingDate: new Date(expiresAt) });
    assert.equal(assertJsonError(expired, 'ExpiredTokenException'), 'The security token included in the request is expired');
    // Not the modeled (registration token) ExpiredTokenException: the namespace tells them apart.
    assert.equal(expired.json.__type, 'com.amazon.coral.service#ExpiredTokenException');
    assert.equal(expired.headers['x-amzn-errortype'], 'ExpiredTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/');
    const viaSts = await assume({}, { credentials: session, signingDate: new Date(expiresAt) });
    assert.equal(assertStsError(viaSts, 'ExpiredToken', 403), 'The security token included in the request is expired');
    assert.equal(emu.sessions()[0].expired, true);
  });

  it('can be listed and expired through the admin API, which never shows a secret', async () => {
    const admin = (method, path, body) => send(emu.url, { method, path: `/__emulator/${path}`, body: body ? JSON.stringify(body) : '' });
    const a = credentialsOf(await assume({ RoleSessionName: 'first' }));
    const b = credentialsOf(await assume({ RoleSessionName: 'second' }));
    const listed = await admin('GET', 'sessions');
    assert.deepEqual(listed.json.sessions.map((s) => [s.accessKeyId, s.roleSessionName, s.expired]), [[a.accessKeyId, 'first', false], [b.accessKeyId, 'second', false]]);
    for (const secret of [a.secretAccessKey, a.sessionToken, b.secretAccessKey, b.sessionToken]) assert.ok(!listed.text.includes(secret));
    assert.deepEqual((await admin('POST', 'sessions/expire', { accessKeyId: a.accessKeyId })).json, { expired: 1 });
    assertJsonError(await call(emu, 'BatchMeterUsage', batch([]), { credentials: asSession(a) }), 'ExpiredTokenException');
    assert.equal((await call(emu, 'BatchMeterUsage', batch([]), { credentials: asSession(b) })).status, 200);
    assert.equal((await admin('POST', 'sessions/expire', { accessKeyId: 'ASIANOSUCHKEY' })).status, 400);
    assert.deepEqual((await admin('POST', 'sessions/expire', {})).json, { expired: 2 });
    await admin('POST', 'reset');
    assert.deepEqual((await admin('GET', 'sessions')).json, { sessions: [] });
    assertJsonError(await call(emu, 'BatchMeterUsage', batch([]), { credentials: asSession(b) }), 'UnrecognizedClientException');
  });
});

describe('faults on STS', () => {
  it('throttle as Throttling (400, Sender), internal as InternalFailure (500, Receiver), and resets', async () => {
    emu.setFaults({ throttle: 1 });
    assert.equal(assertStsError(await assume({}), 'Throttling', 400), 'Rate exceeded');
    emu.setFaults({ internal: 1 });
    assertStsError(await assume({}), 'InternalFailure', 500, 'Receiver');
    emu.setFaults({ reset: 1 });
    assert.ok((await assume({})).error);
    emu.setFaults({ truncateAfterCommit: 1, seed: 3 });
    const cut = await assume({});
    assert.ok(cut.error || !cut.text.trimEnd().endsWith('</AssumeRoleResponse>'), 'truncated');
    assert.equal(emu.sessions().length, 1); // issued, answer lost
    assert.deepEqual(emu.stats().faults, { throttle: 1, internal: 1, reset: 1, truncateAfterCommit: 1 });
    assert.equal(emu.stats().requests.AssumeRole, 4);
  });

  it('can be limited to AssumeRole', async () => {
    emu.setFaults({ internal: 1, operations: ['AssumeRole'] });
    assertStsError(await assume({}), 'InternalFailure', 500, 'Receiver');
    assert.equal((await call(emu, 'BatchMeterUsage', batch([]))).status, 200);
  });
});

describe('the request log', () => {
  it('names operations, access key ids and outcomes, and never a secret key or a session token', async () => {
    const child = spawn(process.execPath, [new URL('../../../js/emulator/cli.js', import.meta.url).pathname, '--port', '0', '--rate-limit', '0', '--log']);
    let output = '';
    let creds;
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    try {
      while (!/listening on/.test(output)) await once(child.stdout, 'data');
      const url = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output)[1];
      const remote = { url, port: Number(new URL(url).port) };
      creds = credentialsOf(await callSts(remote, { RoleArn: ROLE, RoleSessionName: 'logged' }));
      const session = { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken };
      await call(remote, 'BatchMeterUsage', batch([record()]), { credentials: session });
      await call(remote, 'BatchMeterUsage', batch([]), { credentials: { ...session, secretAccessKey: 'wrong' } });
      await callSts(remote, { RoleArn: ROLE, RoleSessionName: 'denied' }, { credentials: BUYER });
      await callSts(remote, { RoleArn: ROLE, RoleSessionName: 'chained' }, { credentials: session });
      await send(url, { method: 'POST', path: '/__emulator/sessions/expire', body: '{}' });
      await call(remote, 'BatchMeterUsage', batch([]), { credentials: session });
      await new Promise((r) => setTimeout(r, 200)); // let the last lines arrive
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    const lines = output.trim().split('\n').slice(1);
    assert.deepEqual(lines.map((l) => l.split(' ').slice(2).join(' ')), [
      'sts AssumeRole key=AKIDEMULATOREXAMPLE 200',
      `metering BatchMeterUsage key=${creds.accessKeyId} 200`,
      `metering BatchMeterUsage key=${creds.accessKeyId} 400 InvalidSignatureException`,
      'sts AssumeRole key=ASIAEMULATORSESSION 403 AccessDenied',
      `sts AssumeRole key=${creds.accessKeyId} 403 AccessDenied`,
      `metering BatchMeterUsage key=${creds.accessKeyId} 400 ExpiredTokenException`,
    ]);
    for (const secret of [creds.secretAccessKey, creds.sessionToken, SELLER.secretAccessKey, BUYER.secretAccessKey, BUYER.sessionToken]) {
      assert.ok(!output.includes(secret), 'a secret reached the log');
    }
    assert.doesNotMatch(output, /Signature=|x-amz-security-token/i);
  });
});

describe('@aws-sdk/client-sts and @aws-sdk/client-marketplace-metering against the emulator', () => {
  const stsClient = (over = {}) => new stsSdk.STSClient({ endpoint: emu.url, region: 'us-east-1', credentials: SELLER, maxAttempts: 1, ...over });

  it('AssumeRoleCommand succeeds, and its credentials meter through the metering SDK as the role', async () => {
    const out = await stsClient().send(new stsSdk.AssumeRoleCommand({ RoleArn: ROLE_EXTERNAL, RoleSessionName: 'sdk', ExternalId: EXTERNAL_ID, DurationSeconds: 1800 }));
    assert.match(out.Credentials.AccessKeyId, /^ASIA/);
    assert.ok(out.Credentials.Expiration instanceof Date);
    assert.ok(Math.abs(out.Credentials.Expiration.getTime() - Date.now() - 1800_000) < 5000);
    assert.equal(out.AssumedRoleUser.Arn, 'arn:aws:sts::111122223333:assumed-role/MarketplaceMeteringWithExternalId/sdk');
    assert.equal(emu.sessions().length, 1);
    assert.match(out.$metadata.requestId, /^[0-9a-f-]{36}$/); // read from the XML or x-amzn-RequestId

    const metering = new sdk.MarketplaceMeteringClient({
      endpoint: emu.url, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: out.Credentials.AccessKeyId, secretAccessKey: out.Credentials.SecretAccessKey, sessionToken: out.Credentials.SessionToken },
    });
    const token = emu.mintRegistrationToken('arn:aws:license-manager::294406891311:license:l-0demo000000000006');
    const customer = await metering.send(new sdk.ResolveCustomerCommand({ RegistrationToken: token }));
    assert.equal(customer.CustomerAWSAccountId, '210000000006');
    const billed = await metering.send(new sdk.BatchMeterUsageCommand({
      UsageRecords: [{ CustomerAWSAccountId: customer.CustomerAWSAccountId, LicenseArn: customer.LicenseArn, Dimension: 'users', Quantity: 4, Timestamp: new Date(Date.now() - 60_000) }],
    }));
    assert.equal(billed.Results[0].Status, 'Success');
    assert.equal(emu.ledger().records[0].quantity, 4);

    emu.expireSession(out.Credentials.AccessKeyId);
    await assert.rejects(metering.send(new sdk.ResolveCustomerCommand({ RegistrationToken: token })),
      (e) => e.name === 'ExpiredTokenException' && e.$metadata.httpStatusCode === 400 && e.message === 'The security token included in the request is expired');
  });

  it('STS errors reach the SDK with their codes and statuses', async () => {
    const failed = (cmd, client = stsClient()) => client.send(cmd).then(() => assert.fail('resolved'), (e) => [e.name, e.$metadata.httpStatusCode, e.$fault]);
    assert.deepEqual(await failed(new stsSdk.AssumeRoleCommand({ RoleArn: ROLE_EXTERNAL, RoleSessionName: 'sdk' })), ['AccessDenied', 403, 'client']);
    assert.deepEqual(await failed(new stsSdk.AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'sdk', DurationSeconds: 7200 })), ['ValidationError', 400, 'client']);
    assert.deepEqual(await failed(new stsSdk.AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'sdk', Policy: '{' })), ['MalformedPolicyDocumentException', 400, 'client']);
    assert.deepEqual(await failed(new stsSdk.AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'sdk' }), stsClient({ region: 'ap-east-1' })), ['RegionDisabledException', 403, 'client']);
    assert.deepEqual(await failed(new stsSdk.AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'sdk' }), stsClient({ credentials: { ...SELLER, secretAccessKey: 'x' } })), ['SignatureDoesNotMatch', 403, 'client']);
    emu.setFaults({ internal: 1 });
    assert.deepEqual(await failed(new stsSdk.AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'sdk' })), ['InternalFailure', 500, 'server']);
  });

  it('the SDK retries through injected 500s and resets, and gets one working session', async () => {
    // Seed 8 draws: an internal error, an answer lost after the session was issued, then a clean answer.
    emu.setFaults({ internal: 0.4, resetAfterCommit: 0.4, seed: 8, operations: ['AssumeRole'] });
    const out = await stsClient({ maxAttempts: 10 }).send(new stsSdk.AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'retried' }));
    assert.ok(out.$metadata.attempts > 1, `attempts: ${out.$metadata.attempts}`);
    assert.equal(emu.sessions().at(-1).accessKeyId, out.Credentials.AccessKeyId);
    const metering = new sdk.MarketplaceMeteringClient({
      endpoint: emu.url, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: out.Credentials.AccessKeyId, secretAccessKey: out.Credentials.SecretAccessKey, sessionToken: out.Credentials.SessionToken },
    });
    const res = await metering.send(new sdk.BatchMeterUsageCommand({ ProductCode: SAAS, UsageRecords: [{ CustomerIdentifier: 'cust-legacy-0003', Dimension: 'users', Quantity: 1, Timestamp: new Date(Date.now() - 60_000) }] }));
    assert.equal(res.Results[0].Status, 'Success');
  });
});
