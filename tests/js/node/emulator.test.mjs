// The Marketplace Metering emulator (js/emulator): auth, model checks, service rules, faults, admin API,
// and agreement with @aws-sdk/client-marketplace-metering. Run: node --test tests/js/node/emulator.test.mjs

import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { startEmulator } from '../../../js/emulator/server.js';
import { BUYER, SAAS, SELLER, batch, call, errorCode, nowSec, record, sdk, send, sign } from '../support/emulator-client.mjs';

const CONTAINER = 'prod-container';
const LICENSE_6 = 'arn:aws:license-manager::294406891311:license:l-0demo000000000006';
const LICENSE_10 = 'arn:aws:license-manager::294406891311:license:l-0demo000000000010';
const CONTAINER_LICENSE = 'arn:aws:license-manager::294406891311:license:l-0container000000012';
const HOUR = 3600;

const meter = (over = {}) => ({ ProductCode: CONTAINER, UsageDimension: 'requests', UsageQuantity: 5, Timestamp: nowSec() - 60, ...over });

function assertError(res, code, status = 400) {
  assert.equal(errorCode(res), code, `expected ${code}, got ${res.status} ${res.text ?? res.error}`);
  assert.equal(res.status, status);
  assert.equal(res.headers['x-amzn-errortype'].split(':')[0], code);
}

/** Sets the emulator clock to an absolute UTC time. */
const setClock = (emu, isoUtc) => emu.setClockOffsetMs(Date.parse(isoUtc) - Date.now());

let emu;
before(async () => { emu = await startEmulator({ rateLimitPerSecond: 0 }); });
after(() => emu.close());
beforeEach(() => emu.reset());

describe('SigV4 authentication', () => {
  it('accepts a long-term key and a session key with its token', async () => {
    assert.equal((await call(emu, 'BatchMeterUsage', batch([record()]))).status, 200);
    assert.equal((await call(emu, 'MeterUsage', meter(), { credentials: BUYER })).status, 200);
  });

  it('rejects an unknown access key and a session key without its token', async () => {
    const unknown = await call(emu, 'BatchMeterUsage', batch([]), { credentials: { ...SELLER, accessKeyId: 'AKIDUNKNOWN' } });
    assertError(unknown, 'UnrecognizedClientException');
    assert.equal(unknown.json.message, 'The security token included in the request is invalid.');
    assert.equal(unknown.json.__type, 'com.amazon.coral.service#UnrecognizedClientException');
    const noToken = await call(emu, 'MeterUsage', meter(), { credentials: { ...BUYER, sessionToken: undefined } });
    assertError(noToken, 'UnrecognizedClientException');
  });

  it('rejects a wrong secret and a body changed after signing, showing the expected canonical request', async () => {
    const wrong = await call(emu, 'BatchMeterUsage', batch([]), { credentials: { ...SELLER, secretAccessKey: 'nope' } });
    assertError(wrong, 'InvalidSignatureException');
    assert.match(wrong.json.message, /^The request signature we calculated does not match the signature you provided\./);
    assert.match(wrong.json.message, /The Canonical String for this request should have been\n'POST\n\/\n\n/);
    assert.match(wrong.json.message, new RegExp(`host:127.0.0.1:${emu.port}\n`));
    const tampered = await call(emu, 'BatchMeterUsage', batch([record()]), {
      tamper: (req) => { req.body = req.body.replace('"Quantity":3', '"Quantity":4'); },
    });
    assertError(tampered, 'InvalidSignatureException'); // x-amz-content-sha256 no longer matches
    const tamperedNoHash = await call(emu, 'BatchMeterUsage', batch([record()]), {
      tamper: (req) => { req.body = req.body.replace('"Quantity":3', '"Quantity":4'); delete req.headers['x-amz-content-sha256']; },
    });
    assertError(tamperedNoHash, 'InvalidSignatureException');
    assert.deepEqual(emu.ledger().records, []);
  });

  it('rejects a signature older or newer than 5 minutes by the emulator clock, in AWS words', async () => {
    const stamp = /^(\d{8}T\d{6}Z)/;
    emu.setClockOffsetMs(10 * 60 * 1000);
    const signingDate = new Date(Math.floor(Date.now() / 1000) * 1000);
    const old = await call(emu, 'BatchMeterUsage', batch([]), { signingDate });
    assertError(old, 'InvalidSignatureException');
    const m = /^Signature expired: (\S+) is now earlier than (\S+) \((\S+) - 5 min\.\)$/.exec(old.json.message);
    assert.ok(m, old.json.message);
    assert.equal(m[1], signingDate.toISOString().replace(/[-:]|\.\d{3}/g, ''));
    const parse = (s) => Date.parse(s.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
    assert.equal(parse(m[3]) - parse(m[2]), 5 * 60 * 1000);
    assert.ok(Math.abs(parse(m[3]) - Date.now() - 10 * 60 * 1000) < 5000);
    assert.match(m[2], stamp);

    emu.setClockOffsetMs(-10 * 60 * 1000);
    const early = await call(emu, 'BatchMeterUsage', batch([]));
    assertError(early, 'InvalidSignatureException');
    assert.match(early.json.message, /^Signature not yet current: \S+ is still later than \S+ \(\S+ \+ 5 min\.\)$/);
    emu.setClockOffsetMs(4 * 60 * 1000); // inside the window
    assert.equal((await call(emu, 'BatchMeterUsage', batch([]))).status, 200);
  });

  it('rejects a credential scope for another service or region', async () => {
    const service = await call(emu, 'BatchMeterUsage', batch([]), { service: 'metering.marketplace' });
    assertError(service, 'InvalidSignatureException');
    assert.equal(service.json.message, "Credential should be scoped to correct service: 'aws-marketplace'. ");
    const region = await call(emu, 'BatchMeterUsage', batch([]), { region: 'eu-west-1' });
    assertError(region, 'InvalidSignatureException');
    assert.match(region.json.message, /valid region, not 'eu-west-1'/);
  });

  it('rejects an unsigned request', async () => {
    const res = await send(emu.url, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSMPMeteringService.MeterUsage' }, body: '{}' });
    assertError(res, 'MissingAuthenticationTokenException');
  });

  it('stamps every answer with a request id and a Date from the emulator clock', async () => {
    emu.setClockOffsetMs(2 * HOUR * 1000);
    // Signed by a client that already learned the offset.
    const res = await call(emu, 'BatchMeterUsage', batch([]), { signingDate: new Date(Date.now() + 2 * HOUR * 1000) });
    assert.equal(res.status, 200);
    assert.match(res.headers['x-amzn-requestid'], /^[0-9a-f-]{36}$/);
    assert.ok(Math.abs(Date.parse(res.headers.date) - (Date.now() + 2 * HOUR * 1000)) < 3000);
    const err = await call(emu, 'BatchMeterUsage', batch([]));
    assert.ok(err.headers['x-amzn-requestid'] && err.headers.date);
  });
});

describe('routing and model checks', () => {
  it('answers UnknownOperationException for an unknown target or a wrong content type', async () => {
    assertError(await call(emu, 'X', {}, { target: 'AWSMPMeteringService.GetEntitlements' }), 'UnknownOperationException');
    const json = await call(emu, 'MeterUsage', meter(), { contentType: 'application/json' });
    assertError(json, 'UnknownOperationException');
    assert.equal(json.json.message, undefined);
  });

  it('answers SerializationException for malformed JSON and wrong member types', async () => {
    assertError(await call(emu, 'BatchMeterUsage', '{"UsageRecords": ['), 'SerializationException');
    assertError(await call(emu, 'BatchMeterUsage', '[]'), 'SerializationException');
    assertError(await call(emu, 'BatchMeterUsage', batch([record({ Quantity: '3' })])), 'SerializationException');
    assertError(await call(emu, 'MeterUsage', meter({ Timestamp: '2026-01-01T00:00:00Z' }), { credentials: BUYER }), 'SerializationException');
  });

  it('answers ValidationException listing every constraint violation in Coral wording', async () => {
    const many = await call(emu, 'BatchMeterUsage', { ProductCode: 'bad code!', UsageRecords: [record({ Dimension: '', Quantity: -1 })] });
    assertError(many, 'ValidationException');
    assert.match(many.json.message, /^4 validation errors detected: /); // '' breaks both length and pattern
    assert.match(many.json.message, /Value 'bad code!' at 'productCode' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    assert.match(many.json.message, /at 'usageRecords.1.member.dimension' failed to satisfy constraint: Member must have length greater than or equal to 1/);
    assert.match(many.json.message, /Value '-1' at 'usageRecords.1.member.quantity' failed to satisfy constraint: Member must have value greater than or equal to 0/);

    const cases = [
      ['BatchMeterUsage', {}, /Value null at 'usageRecords' failed to satisfy constraint: Member must not be null/],
      ['BatchMeterUsage', batch(Array.from({ length: 26 }, () => record())), /'usageRecords' .*length less than or equal to 25/],
      ['BatchMeterUsage', batch([record({ CustomerAWSAccountId: '12ab', CustomerIdentifier: undefined })]), /customerAWSAccountId/],
      ['BatchMeterUsage', batch([record({ UsageAllocations: [{ AllocatedUsageQuantity: 3, Tags: [{ Key: 'k~', Value: 'v' }] }] })]), /usageRecords.1.member.usageAllocations.1.member.tags.1.member.key/],
      ['BatchMeterUsage', batch([record({ UsageAllocations: [] })]), /usageAllocations' failed to satisfy constraint: Member must have length greater than or equal to 1/],
      ['MeterUsage', meter({ ClientToken: 'x'.repeat(65) }), /'clientToken' .*less than or equal to 64/],
      ['RegisterUsage', { ProductCode: CONTAINER, PublicKeyVersion: 0 }, /'publicKeyVersion' .*greater than or equal to 1/],
      ['RegisterUsage', { ProductCode: CONTAINER, PublicKeyVersion: 1, Nonce: 'n'.repeat(256) }, /'nonce'/],
      ['ResolveCustomer', { RegistrationToken: '' }, /'registrationToken' .*regular expression/],
    ];
    for (const [op, input, pattern] of cases) {
      const res = await call(emu, op, input, { credentials: BUYER });
      assertError(res, 'ValidationException');
      assert.match(res.json.message, pattern);
    }
    assert.deepEqual(emu.ledger().records, []);
  });
});

describe('BatchMeterUsage rules', () => {
  it('refuses a body of 1 MB or more', async () => {
    const res = await call(emu, 'BatchMeterUsage', { ...batch([record()]), Padding: 'x'.repeat(1024 * 1024) });
    assertError(res, 'RequestEntityTooLarge', 413);
  });

  it('bills known customers, echoes each record, and reports unknown or lapsed ones as CustomerNotSubscribed', async () => {
    const records = [record(), record({ CustomerIdentifier: 'cust-nobody' }), record({ CustomerIdentifier: 'cust-legacy-0004' }),
      record({ CustomerIdentifier: undefined, CustomerAWSAccountId: '210000000005' })];
    const res = await call(emu, 'BatchMeterUsage', batch(records));
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.Results.map((r) => r.Status), ['Success', 'CustomerNotSubscribed', 'CustomerNotSubscribed', 'Success']);
    assert.deepEqual(res.json.Results.map((r) => r.UsageRecord), records.map((r) => JSON.parse(JSON.stringify(r))));
    assert.deepEqual(res.json.UnprocessedRecords, []);
    assert.equal(res.json.Results[1].MeteringRecordId, undefined);
    const ledger = emu.ledger().records;
    assert.equal(ledger.length, 2);
    assert.deepEqual(ledger[0], {
      productCode: SAAS, customer: { identifier: 'cust-legacy-0001', account: null, license: null }, dimension: 'users',
      hour: Math.floor(records[0].Timestamp / HOUR) * HOUR, quantity: 3, allocations: null,
      meteringRecordId: res.json.Results[0].MeteringRecordId, operation: 'BatchMeterUsage',
    });
  });

  it('takes the product from LicenseArn when ProductCode is absent, one product per call', async () => {
    const lic = (arn, account, over = {}) => record({ CustomerIdentifier: undefined, CustomerAWSAccountId: account, LicenseArn: arn, ...over });
    const ok = await call(emu, 'BatchMeterUsage', batch([lic(LICENSE_6, '210000000006'), lic(LICENSE_10, '210000000010'),
      lic('arn:aws:license-manager::294406891311:license:l-0unknown', '210000000099')], null));
    assert.deepEqual(ok.json.Results.map((r) => r.Status), ['Success', 'CustomerNotSubscribed', 'CustomerNotSubscribed']);
    assert.deepEqual(emu.ledger().records[0].customer, { identifier: null, account: '210000000006', license: LICENSE_6 });

    assertError(await call(emu, 'BatchMeterUsage', batch([lic(LICENSE_6, '210000000006')])), 'InvalidLicenseException');
    assertError(await call(emu, 'BatchMeterUsage', batch([lic(LICENSE_6, '210000000007')], null)), 'InvalidLicenseException');
    assertError(await call(emu, 'BatchMeterUsage', batch([lic(LICENSE_6, '210000000006'),
      lic(CONTAINER_LICENSE, '210000000012', { Dimension: 'requests' })], null)), 'InvalidLicenseException');
    assertError(await call(emu, 'BatchMeterUsage', batch([record()], null)), 'InvalidProductCodeException');
    assert.equal(emu.ledger().records.length, 1);
  });

  it('rejects the whole call for an unknown product, dimension, customer key or allocation', async () => {
    assertError(await call(emu, 'BatchMeterUsage', batch([record()], 'prod-nope')), 'InvalidProductCodeException');
    assertError(await call(emu, 'BatchMeterUsage', batch([record(), record({ Dimension: 'cpu' })])), 'InvalidUsageDimensionException');
    assertError(await call(emu, 'BatchMeterUsage', batch([record(), record({ CustomerIdentifier: undefined })])), 'InvalidCustomerIdentifierException');
    assertError(await call(emu, 'BatchMeterUsage', batch([record({ CustomerAWSAccountId: '210000000005' })])), 'InvalidCustomerIdentifierException');
    const alloc = (a) => record({ UsageAllocations: a });
    assertError(await call(emu, 'BatchMeterUsage', batch([alloc([{ AllocatedUsageQuantity: 2 }])])), 'InvalidUsageAllocationsException');
    assertError(await call(emu, 'BatchMeterUsage', batch([alloc([{ AllocatedUsageQuantity: 3, Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] }])])), 'InvalidTagException');
    assert.deepEqual(emu.ledger().records, []);
    const tagged = await call(emu, 'BatchMeterUsage', batch([alloc([{ AllocatedUsageQuantity: 1, Tags: [{ Key: 'team', Value: 'a' }] }, { AllocatedUsageQuantity: 2 }])]));
    assert.equal(tagged.json.Results[0].Status, 'Success');
    assert.equal(emu.ledger().records[0].allocations.length, 2);
  });

  it('rejects the whole call when any record is 24 hours old or in the future', async () => {
    const stale = await call(emu, 'BatchMeterUsage', batch([record(), record({ CustomerIdentifier: 'cust-legacy-0002', Timestamp: nowSec() - 24 * HOUR })]));
    assertError(stale, 'TimestampOutOfBoundsException');
    assertError(await call(emu, 'BatchMeterUsage', batch([record({ Timestamp: nowSec() + 120 })])), 'TimestampOutOfBoundsException');
    assert.deepEqual(emu.ledger().records, []);
    assert.equal((await call(emu, 'BatchMeterUsage', batch([record({ Timestamp: nowSec() - 23 * HOUR })]))).json.Results[0].Status, 'Success');
  });

  it('accepts previous-month records until 06:00 UTC on the 1st, and not after', async () => {
    const lastEvening = Date.parse('2026-11-30T23:30:00Z') / 1000;
    setClock(emu, '2026-12-01T05:00:00Z');
    const grace = await call(emu, 'BatchMeterUsage', batch([record({ Timestamp: lastEvening })]), { signingDate: new Date('2026-12-01T05:00:00Z') });
    assert.equal(grace.json.Results[0].Status, 'Success');
    setClock(emu, '2026-12-01T06:30:00Z');
    const late = await call(emu, 'BatchMeterUsage', batch([record({ CustomerIdentifier: 'cust-legacy-0002', Timestamp: lastEvening })]), { signingDate: new Date('2026-12-01T06:30:00Z') });
    assertError(late, 'TimestampOutOfBoundsException');
  });

  it('de-duplicates per customer, dimension and hour: first write wins', async () => {
    const t = Math.floor(nowSec() / HOUR) * HOUR - HOUR + 10;
    const first = await call(emu, 'BatchMeterUsage', batch([record({ Timestamp: t })]));
    const id = first.json.Results[0].MeteringRecordId;
    const again = await call(emu, 'BatchMeterUsage', batch([record({ Timestamp: t + 600 })]));
    assert.deepEqual([again.json.Results[0].Status, again.json.Results[0].MeteringRecordId], ['Success', id]);
    const changed = await call(emu, 'BatchMeterUsage', batch([record({ Timestamp: t, Quantity: 9 })]));
    assert.deepEqual([changed.json.Results[0].Status, changed.json.Results[0].MeteringRecordId], ['DuplicateRecord', id]);
    const inOneCall = await call(emu, 'BatchMeterUsage', batch([record({ Timestamp: t - HOUR }), record({ Timestamp: t - HOUR, Quantity: 1 })]));
    assert.deepEqual(inOneCall.json.Results.map((r) => r.Status), ['Success', 'DuplicateRecord']);
    const ledger = emu.ledger().records;
    assert.deepEqual(ledger.map((r) => r.quantity), [3, 3]);
    assert.equal(ledger[0].meteringRecordId, id);
  });
});

describe('MeterUsage rules', () => {
  const buyer = { credentials: BUYER };

  it('rejects timestamps over 6 hours old or in the future', async () => {
    assertError(await call(emu, 'MeterUsage', meter({ Timestamp: nowSec() - 6 * HOUR - 60 }), buyer), 'TimestampOutOfBoundsException');
    assertError(await call(emu, 'MeterUsage', meter({ Timestamp: nowSec() + 120 }), buyer), 'TimestampOutOfBoundsException');
    assert.equal((await call(emu, 'MeterUsage', meter({ Timestamp: nowSec() - 5 * HOUR }), buyer)).status, 200);
  });

  it('is idempotent per product, dimension and hour; a different quantity is DuplicateRequestException', async () => {
    const t = Math.floor(nowSec() / HOUR) * HOUR - HOUR;
    const a = await call(emu, 'MeterUsage', meter({ Timestamp: t + 5 }), buyer);
    const b = await call(emu, 'MeterUsage', meter({ Timestamp: t + 900 }), buyer);
    assert.equal(b.json.MeteringRecordId, a.json.MeteringRecordId);
    assertError(await call(emu, 'MeterUsage', meter({ Timestamp: t + 5, UsageQuantity: 6 }), buyer), 'DuplicateRequestException');
    assert.equal(emu.ledger().records.length, 1);
    assert.deepEqual(emu.ledger().records[0].customer, { identifier: null, account: '444455556666', license: null });
  });

  it('replays a ClientToken with the same parameters and refuses it with others (409)', async () => {
    const input = meter({ ClientToken: 'token-1' });
    const a = await call(emu, 'MeterUsage', input, buyer);
    const b = await call(emu, 'MeterUsage', input, buyer);
    assert.equal(b.json.MeteringRecordId, a.json.MeteringRecordId);
    assertError(await call(emu, 'MeterUsage', { ...input, UsageDimension: 'vcpu_hours' }, buyer), 'IdempotencyConflictException', 409);
    assert.equal(emu.ledger().records.length, 1);
  });

  it('answers DryRun with DryRunOperation or UnauthorizedException and bills nothing', async () => {
    const dry = await call(emu, 'MeterUsage', meter({ DryRun: true }), buyer);
    assertError(dry, 'DryRunOperation', 412);
    assertError(await call(emu, 'MeterUsage', meter({ DryRun: true })), 'UnauthorizedException', 403);
    assert.deepEqual(emu.ledger().records, []);
  });

  it('checks product, entitlement, dimension and allocations', async () => {
    assertError(await call(emu, 'MeterUsage', meter({ ProductCode: 'prod-nope' }), buyer), 'InvalidProductCodeException');
    assertError(await call(emu, 'MeterUsage', meter()), 'CustomerNotEntitledException'); // seller account
    assertError(await call(emu, 'MeterUsage', meter({ UsageDimension: 'users' }), buyer), 'InvalidUsageDimensionException');
    assertError(await call(emu, 'MeterUsage', meter({ UsageAllocations: [{ AllocatedUsageQuantity: 4 }] }), buyer), 'InvalidUsageAllocationsException');
  });
});

describe('rate limit', () => {
  it('throttles an access key beyond 10 requests per second with ThrottlingException', async () => {
    const limited = await startEmulator();
    try {
      // Sign first (the slow part), then fire together: the bucket holds 10 and refills 10 per second.
      const signed = await Promise.all(Array.from({ length: 15 }, () => sign(limited, 'BatchMeterUsage', batch([]))));
      const started = performance.now();
      const all = await Promise.all(signed.map((r) => send(limited.url, { headers: r.headers, body: r.body })));
      const refilled = Math.floor(((performance.now() - started) / 1000) * 10);
      const throttled = all.filter((r) => errorCode(r) === 'ThrottlingException');
      assert.equal(all.filter((r) => r.status === 200).length + throttled.length, 15);
      assert.ok(throttled.length >= 5 - refilled && throttled.length <= 5, `${throttled.length} throttled, ${refilled} refilled`);
      assert.ok(throttled.every((r) => r.status === 400));
      assert.equal(limited.stats().faults.rateLimited, throttled.length);
      // The other key has its own bucket.
      assert.equal((await call(limited, 'MeterUsage', meter(), { credentials: BUYER })).status, 200);
    } finally {
      await limited.close();
    }
  });
});

describe('ResolveCustomer', () => {
  it('resolves minted tokens to the seeded customer, repeatedly, until 4 hours pass', async () => {
    const token = emu.mintRegistrationToken('cust-legacy-0001');
    const res = await call(emu, 'ResolveCustomer', { RegistrationToken: token });
    assert.deepEqual(res.json, { ProductCode: SAAS, CustomerIdentifier: 'cust-legacy-0001' });
    const license = await call(emu, 'ResolveCustomer', { RegistrationToken: emu.mintRegistrationToken(LICENSE_6) });
    assert.deepEqual(license.json, { ProductCode: SAAS, CustomerAWSAccountId: '210000000006', LicenseArn: LICENSE_6 });

    emu.setClockOffsetMs(4 * HOUR * 1000 - 60_000);
    const signingDate = new Date(Date.now() + 4 * HOUR * 1000 - 60_000);
    assert.equal((await call(emu, 'ResolveCustomer', { RegistrationToken: token }, { signingDate })).status, 200);
    emu.setClockOffsetMs(4 * HOUR * 1000 + 1000);
    const expired = await call(emu, 'ResolveCustomer', { RegistrationToken: token }, { signingDate: new Date(Date.now() + 4 * HOUR * 1000) });
    assertError(expired, 'ExpiredTokenException');
  });

  it('refuses garbage and tampered tokens with InvalidTokenException', async () => {
    assertError(await call(emu, 'ResolveCustomer', { RegistrationToken: 'garbage' }), 'InvalidTokenException');
    const token = emu.mintRegistrationToken('cust-legacy-0002');
    const [payload, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url')), c: 'cust-legacy-0001' })).toString('base64url');
    assertError(await call(emu, 'ResolveCustomer', { RegistrationToken: `${forged}.${mac}` }), 'InvalidTokenException');
    assert.throws(() => emu.mintRegistrationToken('cust-nobody'), /no seeded customer/);
  });
});

describe('RegisterUsage', () => {
  it('returns an ES256 JWT that verifies with the published key (JWK and PEM)', async () => {
    const res = await call(emu, 'RegisterUsage', { ProductCode: CONTAINER, PublicKeyVersion: 1, Nonce: 'nonce-1' }, { credentials: BUYER });
    assert.equal(res.status, 200);
    const [header, body, sig] = res.json.Signature.split('.');
    assert.equal(JSON.parse(Buffer.from(header, 'base64url')).alg, 'ES256');
    const claims = JSON.parse(Buffer.from(body, 'base64url'));
    assert.deepEqual({ ...claims, timestamp: undefined }, {
      productCode: CONTAINER, publicKeyVersion: 1, nonce: 'nonce-1', customerIdentifier: 'cust-container-0011', timestamp: undefined,
    });
    assert.ok(Math.abs(Date.parse(claims.timestamp) - Date.now()) < 5000);
    assert.equal(typeof res.json.PublicKeyRotationTimestamp, 'number');
    const published = (await send(emu.url, { method: 'GET', path: '/__emulator/public-key' })).json;
    for (const key of [createPublicKey({ key: published.jwk, format: 'jwk' }), createPublicKey(published.pem)]) {
      const signed = Buffer.from(`${header}.${body}`);
      const raw = Buffer.from(sig, 'base64url');
      assert.ok(verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, raw));
      assert.ok(!verify('sha256', Buffer.from(`${header}.${body}x`), { key, dsaEncoding: 'ieee-p1363' }, raw));
    }
  });

  it('checks product, public key version and entitlement', async () => {
    assertError(await call(emu, 'RegisterUsage', { ProductCode: 'prod-nope', PublicKeyVersion: 1 }, { credentials: BUYER }), 'InvalidProductCodeException');
    assertError(await call(emu, 'RegisterUsage', { ProductCode: CONTAINER, PublicKeyVersion: 2 }, { credentials: BUYER }), 'InvalidPublicKeyVersionException');
    assertError(await call(emu, 'RegisterUsage', { ProductCode: CONTAINER, PublicKeyVersion: 1 }), 'CustomerNotEntitledException');
  });
});

describe('fault injection', () => {
  const billOne = () => call(emu, 'BatchMeterUsage', batch([record()]));

  it('throttle, internal and unavailable answer before processing and bill nothing', async () => {
    emu.setFaults({ throttle: 1 });
    assertError(await billOne(), 'ThrottlingException');
    emu.setFaults({ internal: 1 });
    const internal = await billOne();
    assertError(internal, 'InternalServiceErrorException', 500);
    assert.equal(internal.json.__type, 'com.amazonaws.marketplacemetering#InternalServiceErrorException');
    emu.setFaults({ unavailable: 1 });
    const unavailable = await billOne();
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.json, undefined);
    assert.equal(unavailable.headers['x-amzn-errortype'], undefined);
    assert.deepEqual(emu.ledger().records, []);
    assert.deepEqual(emu.stats().faults, { throttle: 1, internal: 1, unavailable: 1 });
  });

  it('reset and truncate before processing lose the answer and bill nothing', async () => {
    emu.setFaults({ reset: 1 });
    assert.ok((await billOne()).error);
    emu.setFaults({ truncate: 1 });
    for (let i = 0; i < 6; i++) {
      const res = await billOne();
      assert.ok(res.error || (res.status === 200 && res.json === undefined), 'a cut body or a complete non-JSON body');
    }
    assert.deepEqual(emu.ledger().records, []);
  });

  it('resetAfterCommit and truncateAfterCommit bill once, and the retry returns the same record', async () => {
    emu.setFaults({ resetAfterCommit: 1 });
    assert.ok((await billOne()).error);
    emu.setFaults({ truncateAfterCommit: 1 });
    const cut = await call(emu, 'MeterUsage', meter({ ClientToken: 'retry-me' }), { credentials: BUYER });
    assert.ok(cut.error || cut.json === undefined);
    emu.setFaults({});
    const retry = await billOne();
    const ledger = emu.ledger().records;
    assert.equal(ledger.length, 2);
    assert.deepEqual([retry.json.Results[0].Status, retry.json.Results[0].MeteringRecordId], ['Success', ledger[0].meteringRecordId]);
    const meterRetry = await call(emu, 'MeterUsage', meter({ ClientToken: 'retry-me' }), { credentials: BUYER });
    assert.equal(meterRetry.json.MeteringRecordId, ledger[1].meteringRecordId);
    assert.equal(emu.ledger().records.length, 2);
  });

  it('slow delays the answer by slowMs', async () => {
    emu.setFaults({ slow: 1, slowMs: 200 });
    const started = Date.now();
    assert.equal((await billOne()).status, 200);
    assert.ok(Date.now() - started >= 190);
  });

  it('skew shifts the Date header and the signature clock; a client that learns the offset gets through', async () => {
    emu.setFaults({ skew: 1, skewMs: 10 * 60 * 1000 });
    const first = await billOne();
    assertError(first, 'InvalidSignatureException');
    assert.match(first.json.message, /^Signature expired/);
    const offset = Date.parse(first.headers.date) - Date.now();
    assert.ok(Math.abs(offset - 10 * 60 * 1000) < 3000, `offset ${offset}`);
    const retry = await call(emu, 'BatchMeterUsage', batch([record()]), { signingDate: new Date(Date.now() + offset) });
    assert.equal(retry.status, 200);
    assert.equal(emu.ledger().records.length, 1);
  });

  it('unprocessed moves BatchMeterUsage records to UnprocessedRecords without billing them', async () => {
    emu.setFaults({ unprocessed: 1 });
    const records = [record(), record({ CustomerIdentifier: 'cust-legacy-0002' })];
    const res = await call(emu, 'BatchMeterUsage', batch(records));
    assert.deepEqual(res.json.Results, []);
    assert.deepEqual(res.json.UnprocessedRecords, records);
    assert.deepEqual(emu.ledger().records, []);
    emu.setFaults({});
    const retry = await call(emu, 'BatchMeterUsage', batch(res.json.UnprocessedRecords));
    assert.deepEqual(retry.json.Results.map((r) => r.Status), ['Success', 'Success']);
  });

  it('is reproducible for a seed and can be limited to some operations', async () => {
    const run = async (e) => {
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await call(e, 'BatchMeterUsage', batch([]))).status);
      return statuses;
    };
    const spec = { internal: 0.5, seed: 42 };
    const other = await startEmulator({ rateLimitPerSecond: 0, faults: spec });
    try {
      emu.setFaults(spec);
      const a = await run(emu);
      assert.deepEqual(await run(other), a);
      assert.ok(a.includes(500) && a.includes(200), a.join());
    } finally {
      await other.close();
    }
    emu.setFaults({ internal: 1, operations: ['MeterUsage'] });
    assert.equal((await billOne()).status, 200);
    assertError(await call(emu, 'MeterUsage', meter(), { credentials: BUYER }), 'InternalServiceErrorException', 500);
  });

  it('rejects an unknown fault key', () => {
    assert.throws(() => emu.setFaults({ explode: 1 }), /unknown fault key/);
    assert.throws(() => emu.setFaults({ internal: 2 }), /probability/);
  });
});

describe('admin API over HTTP', () => {
  const admin = (method, path, body) => send(emu.url, { method, path: `/__emulator/${path}`, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : '' });

  it('mints tokens, sets faults and clock, reports ledger and stats, and resets', async () => {
    const { token } = (await admin('POST', 'tokens', { customerIdentifier: 'cust-legacy-0003' })).json;
    assert.equal((await call(emu, 'ResolveCustomer', { RegistrationToken: token })).json.CustomerIdentifier, 'cust-legacy-0003');
    await call(emu, 'BatchMeterUsage', batch([record()]));
    assert.equal((await admin('GET', 'ledger')).json.records.length, 1);
    assert.equal((await admin('POST', 'faults', { throttle: 1 })).status, 200);
    assertError(await call(emu, 'BatchMeterUsage', batch([])), 'ThrottlingException');
    assert.deepEqual((await admin('GET', 'stats')).json, { requests: { ResolveCustomer: 1, BatchMeterUsage: 2 }, faults: { throttle: 1 } });
    assert.equal((await admin('POST', 'faults', { bogus: 1 })).status, 400);
    await admin('POST', 'clock', { offsetMs: 3 * HOUR * 1000 });
    const dated = await admin('GET', 'stats');
    assert.ok(Math.abs(Date.parse(dated.headers.date) - Date.now() - 3 * HOUR * 1000) < 3000);
    await admin('POST', 'reset');
    assert.deepEqual((await admin('GET', 'ledger')).json, { records: [] });
    assert.equal((await call(emu, 'BatchMeterUsage', batch([]))).status, 200); // faults and clock back to start
    assert.equal((await admin('GET', 'nothing')).status, 404);
  });

  it('lists the last requests: claimed key, token or not, user agents, outcome; never a secret', async () => {
    const ua = { 'user-agent': 'probe/1', 'x-amz-user-agent': 'probe-sdk/2 lang/js' };
    const ok = await call(emu, 'BatchMeterUsage', batch([record()]), { tamper: (r) => Object.assign(r.headers, ua) });
    await admin('POST', 'faults', { throttle: 1 });
    const throttled = await call(emu, 'MeterUsage', meter(), { credentials: BUYER });
    await admin('POST', 'faults', {});
    await send(emu.url, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSMPMeteringService.ResolveCustomer' }, body: '{}' });
    const { requests } = (await admin('GET', 'requests')).json;
    assert.deepEqual(requests, [
      { requestId: ok.headers['x-amzn-requestid'], protocol: 'metering', operation: 'BatchMeterUsage', accessKeyId: SELLER.accessKeyId, sessionToken: false, userAgent: 'probe/1', amzUserAgent: 'probe-sdk/2 lang/js', outcome: '200' },
      { requestId: throttled.headers['x-amzn-requestid'], protocol: 'metering', operation: 'MeterUsage', accessKeyId: BUYER.accessKeyId, sessionToken: true, outcome: '400 ThrottlingException' },
      { requestId: requests[2].requestId, protocol: 'metering', operation: 'ResolveCustomer', sessionToken: false, outcome: '400 MissingAuthenticationTokenException' },
    ]);
    const text = JSON.stringify(requests);
    for (const secret of [SELLER.secretAccessKey, BUYER.secretAccessKey, BUYER.sessionToken, 'Signature=']) assert.ok(!text.includes(secret), secret);
    assert.deepEqual(emu.requests(), requests, 'the same list from startEmulator()');
    await admin('POST', 'reset');
    assert.deepEqual((await admin('GET', 'requests')).json, { requests: [] });
    for (let i = 0; i < 105; i++) await call(emu, 'BatchMeterUsage', batch([]));
    assert.equal(emu.requests().length, 100, 'the last 100 only');
  });

  it('runs from the CLI and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [new URL('../../../js/emulator/cli.js', import.meta.url).pathname, '--port', '0', '--fault-seed', '7', '--faults', '{"internal":0}']);
    const [line] = await once(child.stdout, 'data');
    const m = /^emulator listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(line.toString());
    assert.ok(m, line.toString());
    const res = await send(m[1], { method: 'GET', path: '/__emulator/stats' });
    assert.deepEqual(res.json, { requests: {}, faults: {} });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});

describe('@aws-sdk/client-marketplace-metering against the emulator', () => {
  const client = (credentials) => new sdk.MarketplaceMeteringClient({ endpoint: emu.url, region: 'us-east-1', credentials, maxAttempts: 1 });

  it('gets the same answers as hand-signed requests for all four operations', async () => {
    const seller = client(SELLER);
    const buyer = client(BUYER);
    const t = nowSec() - 120;

    const hand = await call(emu, 'BatchMeterUsage', batch([record({ Timestamp: t })]));
    const viaSdk = await seller.send(new sdk.BatchMeterUsageCommand({ ProductCode: SAAS, UsageRecords: [{ ...record(), Timestamp: new Date(t * 1000) }] }));
    assert.equal(viaSdk.Results[0].Status, 'Success');
    assert.equal(viaSdk.Results[0].MeteringRecordId, hand.json.Results[0].MeteringRecordId);
    assert.deepEqual(viaSdk.UnprocessedRecords, []);

    const handMeter = await call(emu, 'MeterUsage', meter({ Timestamp: t }), { credentials: BUYER });
    const sdkMeter = await buyer.send(new sdk.MeterUsageCommand({ ...meter(), Timestamp: new Date(t * 1000) }));
    assert.equal(sdkMeter.MeteringRecordId, handMeter.json.MeteringRecordId);

    const token = emu.mintRegistrationToken(LICENSE_6);
    const handResolve = await call(emu, 'ResolveCustomer', { RegistrationToken: token });
    const { $metadata, ...sdkResolve } = await seller.send(new sdk.ResolveCustomerCommand({ RegistrationToken: token }));
    assert.equal($metadata.httpStatusCode, 200);
    assert.deepEqual(sdkResolve, handResolve.json);

    const claims = (jwt) => { const c = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url')); delete c.timestamp; return c; };
    const handRegister = await call(emu, 'RegisterUsage', { ProductCode: CONTAINER, PublicKeyVersion: 1, Nonce: 'n' }, { credentials: BUYER });
    const sdkRegister = await buyer.send(new sdk.RegisterUsageCommand({ ProductCode: CONTAINER, PublicKeyVersion: 1, Nonce: 'n' }));
    assert.deepEqual(claims(sdkRegister.Signature), claims(handRegister.json.Signature));
    assert.equal(sdkRegister.PublicKeyRotationTimestamp.getTime(), handRegister.json.PublicKeyRotationTimestamp * 1000);

    // Errors map to the SDK's modeled names (instanceof is unreliable across the SDK's CJS/ESM copies),
    // and unmodeled codes keep their name.
    await assert.rejects(buyer.send(new sdk.RegisterUsageCommand({ ProductCode: CONTAINER, PublicKeyVersion: 2 })), (e) => e.name === 'InvalidPublicKeyVersionException' && e.$fault === 'client');
    await assert.rejects(seller.send(new sdk.ResolveCustomerCommand({ RegistrationToken: 'garbage' })), (e) => e.name === 'InvalidTokenException' && e.message === 'Registration token is invalid');
    await assert.rejects(buyer.send(new sdk.MeterUsageCommand({ ...meter(), DryRun: true })), (e) => e.name === 'DryRunOperation' && e.$metadata.httpStatusCode === 412);
    const other = { ...meter(), UsageDimension: 'vcpu_hours', ClientToken: 'c1', Timestamp: new Date() };
    await buyer.send(new sdk.MeterUsageCommand({ ...other, UsageQuantity: 1 }));
    await assert.rejects(buyer.send(new sdk.MeterUsageCommand({ ...other, UsageQuantity: 2 })),
    (e) => e.name === 'IdempotencyConflictException' && e.$metadata.httpStatusCode === 409);
    assert.equal(emu.ledger().records.length, 3);
  });

  it('retries through injected internal errors and lost answers, billing once', async () => {
    // Throttling backs off from 500 ms in the SDK, too slow for this suite; 5xx and resets back off from 100 ms.
    // Seed 8 draws: answer lost after commit, then a 500, then a clean answer.
    emu.setFaults({ internal: 0.4, resetAfterCommit: 0.4, seed: 8 });
    const retrying = new sdk.MarketplaceMeteringClient({ endpoint: emu.url, region: 'us-east-1', credentials: SELLER, maxAttempts: 10 });
    const out = await retrying.send(new sdk.BatchMeterUsageCommand({ ProductCode: SAAS, UsageRecords: [{ ...record(), Timestamp: new Date() }] }));
    assert.equal(out.Results[0].Status, 'Success');
    assert.equal(emu.ledger().records.length, 1);
    assert.equal(out.$metadata.attempts, 3);
    assert.deepEqual(emu.stats().faults, { resetAfterCommit: 1, internal: 1 });
    assert.equal(out.Results[0].MeteringRecordId, emu.ledger().records[0].meteringRecordId);
  });
});
