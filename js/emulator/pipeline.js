// The path every API request takes through the emulator, whatever its protocol (AWS JSON 1.1 for
// metering, the Query protocol for STS): count it and draw its faults as it arrives, then route →
// authenticate → pre-commit faults → rate limit → operation → post-commit faults → answer.
// Order matters: nothing takes effect unless the request reaches its operation, and only the
// *AfterCommit faults lose an answer after the work is done.

import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ApiError } from './errors.js';

export const MAX_BODY_BYTES = 1024 * 1024; // "each request must be less than 1 MB"
const UNAVAILABLE_BODY = '<html><body><b>Http/1.1 Service Unavailable</b></body> </html>';

/** Token bucket per access key; real (monotonic) time, so clock offsets do not refill it. */
export class RateLimiter {
  constructor(perSecond) {
    this.perSecond = perSecond;
    this.buckets = new Map();
  }

  take(bucketName) {
    if (!this.perSecond) return true;
    const now = performance.now();
    const b = this.buckets.get(bucketName) ?? { tokens: this.perSecond, at: now };
    b.tokens = Math.min(this.perSecond, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.set(bucketName, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

/** The request's headers, lower-cased, repeated ones joined with commas. */
export const headersOf = (req) => Object.fromEntries(Object.entries(req.headersDistinct).map(([k, v]) => [k, v.join(',')]));

/** The media type of a Content-Type header, lower-cased, without parameters. */
export const mediaTypeOf = (headers) => (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

/**
 * @typedef {object} Protocol how one wire protocol looks
 * @property {string} name also the rate-limit bucket prefix: 'metering' or 'sts'
 * @property {string} contentType of every answer with a body
 * @property {(err: ApiError, ctx: object) => {status:number, headers?:object, body:string, code?:string}} errorWire
 * @property {() => ApiError} internalError the injected 500
 * @property {() => ApiError} throttleError the injected (and rate-limit) throttle
 * @property {(ctx: object) => string} sampleBody a plausible success body, for the injected truncations
 *
 * @typedef {object} Steps what this request does
 * @property {string|undefined} operation its name, undefined when it routes nowhere
 * @property {() => void} route throws the protocol's routing error
 * @property {(ctx: object) => Promise<object>} authenticate returns the caller's key, or throws
 * @property {(key: object, fired: object, ctx: object) => string} execute runs the operation: the answer's body
 */

/**
 * Runs one API request through the faults and the protocol's steps and answers it.
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 * @param {number} bodyBytes bytes received (the kept body is cut at MAX_BODY_BYTES)
 * @param {object} emu emulator state (server.js) @param {Protocol} protocol @param {Steps} steps
 */
export async function runApiRequest(req, res, bodyBytes, emu, protocol, steps) {
  const statName = steps.operation ?? 'Unknown';
  emu.stats.requests[statName] = (emu.stats.requests[statName] ?? 0) + 1;
  const fired = emu.faults.decide(statName);
  const count = (kind) => { emu.stats.faults[kind] = (emu.stats.faults[kind] ?? 0) + 1; };
  // A skewed node answers with its own clock and judges signatures by it.
  const skewMs = fired.skew ? emu.faults.spec.skewMs : 0;
  const ctx = { requestId: randomUUID(), clockMs: emu.now() + skewMs, count, contentType: protocol.contentType };
  if (fired.skew) count('skew');
  const seen = received(req, protocol, statName, ctx);
  emu.received.push(seen);
  if (emu.received.length > RECEIVED_KEPT) emu.received.shift();
  const logged = (outcome) => {
    seen.outcome = outcome;
    emu.log?.(logLine(req, protocol, statName, ctx, outcome));
  };
  try {
    if (bodyBytes >= MAX_BODY_BYTES) throw new ApiError('RequestEntityTooLarge', 'Request body must be less than 1 MB', 413);
    steps.route();
    const key = await steps.authenticate(ctx);
    if (fired.reset) { count('reset'); resetSocket(res); logged('reset'); return; }
    if (fired.slow) {
      count('slow');
      await delay(emu.faults.spec.slowMs);
      if (req.socket.destroyed) { logged('client gone'); return; } // nothing was processed
    }
    if (fired.unavailable) {
      count('unavailable');
      send(res, { status: 503, headers: { 'content-type': 'text/html' }, body: UNAVAILABLE_BODY }, ctx);
      logged('503');
      return;
    }
    if (fired.internal) { count('internal'); throw protocol.internalError(); }
    if (fired.throttle) { count('throttle'); throw protocol.throttleError(); }
    if (fired.truncate) {
      count('truncate');
      sendTruncated(res, protocol.sampleBody(ctx), fired.truncateStyle, ctx);
      logged('200 truncated');
      return;
    }
    if (!emu.rateLimiter.take(`${protocol.name}/${key.accessKeyId}`)) { count('rateLimited'); throw protocol.throttleError(); }

    const out = steps.execute(key, fired, ctx);
    if (fired.resetAfterCommit) { count('resetAfterCommit'); resetSocket(res); logged('reset after commit'); return; }
    if (fired.truncateAfterCommit) { count('truncateAfterCommit'); sendTruncated(res, out, fired.truncateStyle, ctx); logged('200 truncated after commit'); return; }
    send(res, { status: 200, body: out }, ctx);
    logged('200');
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const wire = protocol.errorWire(err, ctx);
    send(res, wire, ctx);
    logged(`${wire.status} ${wire.code ?? err.code}`);
  }
}

/** The access key id a request claims in its Authorization header (an identifier, like CloudTrail logs it). */
const claimedKeyId = (req) => /Credential=([A-Za-z0-9]{1,128})\//.exec(req.headers.authorization ?? '')?.[1];

// What the admin API's `GET /__emulator/requests` shows of the last requests: who they claim to
// be and how they name themselves, so a test sees which credentials and user agents a client
// sent. Whether a session token came, never the token; never a secret, a signature or a body.
const RECEIVED_KEPT = 100;
function received(req, protocol, operation, ctx) {
  return {
    requestId: ctx.requestId,
    protocol: protocol.name,
    operation,
    accessKeyId: claimedKeyId(req),
    sessionToken: req.headers['x-amz-security-token'] !== undefined,
    userAgent: req.headers['user-agent'],
    amzUserAgent: req.headers['x-amz-user-agent'],
    outcome: undefined,
  };
}

// One line per request: the operation, the access key id the request claims, and the outcome.
// Never a secret, a session token or a signature.
function logLine(req, protocol, operation, ctx, outcome) {
  const keyId = claimedKeyId(req) ?? '-';
  return `${new Date(ctx.clockMs).toISOString()} ${ctx.requestId} ${protocol.name} ${operation} key=${keyId} ${outcome}`;
}

function send(res, { status, headers = {}, body }, ctx) {
  res.writeHead(status, {
    'x-amzn-requestid': ctx.requestId,
    date: new Date(ctx.clockMs).toUTCString(),
    'content-type': ctx.contentType,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** A status and Content-Length that promise more than arrives, or a complete answer that is not a whole document. */
function sendTruncated(res, fullBody, style, ctx) {
  const half = Buffer.from(fullBody).subarray(0, Math.max(1, Math.floor(Buffer.byteLength(fullBody) / 2)));
  const headers = {
    'x-amzn-requestid': ctx.requestId,
    date: new Date(ctx.clockMs).toUTCString(),
    'content-type': ctx.contentType,
    'content-length': style === 'short' ? Buffer.byteLength(fullBody) : half.length,
  };
  res.writeHead(200, headers);
  if (style === 'short') res.write(half, () => res.socket?.destroy());
  else res.end(half);
}

function resetSocket(res) {
  const socket = res.socket;
  if (socket?.resetAndDestroy) socket.resetAndDestroy();
  else socket?.destroy();
}
