// SigV4 verification of received requests, re-signed with @smithy/signature-v4 so that the check
// is independent of the project's own Rust signer. Follows the AWS SigV4 spec ("Create a signed AWS
// API request") and reports failures with the codes and message texts AWS's JSON (Coral) front end
// uses; the STS stand-in (sts.js) renames them to their Query-protocol codes.

import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4, getCanonicalHeaders, createScope } from '@smithy/signature-v4';
import { ApiError, CORAL_SERVICE_NS } from './errors.js';

const MAX_SKEW_MS = 5 * 60 * 1000;

const authError = (code, message) => new ApiError(code, message, 400);

/** `20261126T100000Z` -> Date, or null when malformed. */
function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(ms) ? null : new Date(ms);
}

const formatAmzDate = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Splits `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`. */
function parseAuthorization(header) {
  if (header === undefined) throw authError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const [algorithm, ...rest] = header.trim().split(/\s+/);
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    throw authError('IncompleteSignatureException', `Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const params = {};
  for (const part of rest.join(' ').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((k) => !params[k]);
  if (missing.length > 0) {
    const text = missing.map((k) => `Authorization header requires '${k}' parameter.`).join(' ');
    throw authError('IncompleteSignatureException', `${text} Authorization=${header}`);
  }
  const scope = params.Credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    throw authError('IncompleteSignatureException', `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${params.Credential}'`);
  }
  const [accessKeyId, shortDate, region, service] = scope;
  return { accessKeyId, shortDate, region, service, signedHeaders: params.SignedHeaders.split(';'), signature: params.Signature };
}

/**
 * Verifies the request; returns the caller's key and the region of its credential scope.
 * @param {{method:string, path:string, query:Record<string,string>, headers:Record<string,string>, body:Buffer}} request
 *   headers lower-cased, as received (including `host`)
 * @param {{findKey: (accessKeyId: string) => ({accessKeyId:string, secretAccessKey:string, sessionToken?:string,
 *   expirationMs?:number}|undefined), service:string, regions:string[], nowMs:number}} ctx
 *   `regions`: the credential-scope regions this endpoint answers for
 */
export async function verifySigV4(request, { findKey, service, regions, nowMs }) {
  const auth = parseAuthorization(request.headers.authorization);
  const key = findKey(auth.accessKeyId);
  if (!key) throw authError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  // A temporary key is only valid together with its session token, and a long-term key without one.
  if ((request.headers['x-amz-security-token'] ?? undefined) !== (key.sessionToken ?? undefined)) {
    throw authError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  // A Coral JSON service answers an expired session with 400 and a framework-namespaced
  // ExpiredTokenException (guregu/dynamo#68, treeverse/lakeFS#7178): not this service's modeled
  // ExpiredTokenException, which is about registration tokens.
  if (key.expirationMs !== undefined && nowMs >= key.expirationMs) {
    throw new ApiError('ExpiredTokenException', 'The security token included in the request is expired', 400, CORAL_SERVICE_NS);
  }
  if (auth.service !== service) {
    throw authError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'. `);
  }
  if (!regions.includes(auth.region)) {
    throw authError('InvalidSignatureException', `Credential should be scoped to a valid region, not '${auth.region}'. `);
  }
  const amzDateText = request.headers['x-amz-date'];
  const signingDate = parseAmzDate(amzDateText);
  if (!signingDate) {
    throw authError('IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (auth.shortDate !== amzDateText.slice(0, 8)) {
    throw authError('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.shortDate}' != '${amzDateText.slice(0, 8)}', from '${amzDateText}'.`);
  }
  checkSigningTime(amzDateText, signingDate.getTime(), nowMs);
  checkPayloadHash(request);

  const missingSigned = auth.signedHeaders.filter((h) => request.headers[h] === undefined);
  if (missingSigned.length > 0 || !auth.signedHeaders.includes('host')) {
    throw authError('InvalidSignatureException', `'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization. Signed headers not present: ${missingSigned.join(', ')}`);
  }
  const signedHeaders = Object.fromEntries(auth.signedHeaders.map((h) => [h, request.headers[h]]));
  const toSign = { method: request.method, protocol: 'http:', hostname: '127.0.0.1', path: request.path, query: request.query, headers: signedHeaders, body: request.body };
  const signer = new SignatureV4({ credentials: key, region: auth.region, service, sha256: Sha256, applyChecksum: false });
  const signableHeaders = new Set(auth.signedHeaders);
  const signed = await signer.sign(toSign, { signingDate, signableHeaders });
  const expected = /Signature=([0-9a-f]+)/.exec(signed.headers.authorization)?.[1] ?? '';
  if (!sameHex(expected, auth.signature)) {
    throw authError('InvalidSignatureException', await mismatchMessage(signer, toSign, signableHeaders, amzDateText, auth));
  }
  return { key, region: auth.region };
}

function checkSigningTime(amzDateText, signedMs, nowMs) {
  const now = formatAmzDate(nowMs);
  if (signedMs < nowMs - MAX_SKEW_MS) {
    throw authError('InvalidSignatureException', `Signature expired: ${amzDateText} is now earlier than ${formatAmzDate(nowMs - MAX_SKEW_MS)} (${now} - 5 min.)`);
  }
  if (signedMs > nowMs + MAX_SKEW_MS) {
    throw authError('InvalidSignatureException', `Signature not yet current: ${amzDateText} is still later than ${formatAmzDate(nowMs + MAX_SKEW_MS)} (${now} + 5 min.)`);
  }
}

// @smithy/signature-v4 trusts a received x-amz-content-sha256 as the payload hash, so check it ourselves.
function checkPayloadHash(request) {
  const claimed = request.headers['x-amz-content-sha256'];
  if (claimed === undefined || claimed === 'UNSIGNED-PAYLOAD') return;
  const actual = createHash('sha256').update(request.body).digest('hex');
  if (claimed !== actual) {
    throw authError('InvalidSignatureException', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
}

function sameHex(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Like AWS, show the canonical request and string to sign the server expected: neither holds a secret,
// and they are what a signer author needs to find the difference.
async function mismatchMessage(signer, request, signableHeaders, amzDate, auth) {
  const head = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
  const headers = getCanonicalHeaders({ headers: { ...request.headers, 'x-amz-date': amzDate } }, undefined, signableHeaders);
  const payloadHash = request.headers['x-amz-content-sha256'] ?? createHash('sha256').update(request.body).digest('hex');
  const canonical = signer.createCanonicalRequest(request, headers, payloadHash);
  const scope = createScope(auth.shortDate, auth.region, auth.service);
  const stringToSign = await signer.createStringToSign(amzDate, scope, canonical, 'AWS4-HMAC-SHA256');
  return `${head}\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`;
}
