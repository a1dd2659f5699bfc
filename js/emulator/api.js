// One AWS JSON 1.1 API request through the emulator: route by X-Amz-Target, verify SigV4, apply
// the rate limit and the injected faults, validate against the model, run the operation, answer.
// Order matters: nothing is billed unless the request reaches its operation, and only the
// *AfterCommit faults lose an answer after the work is done.

import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ApiError } from './errors.js';
import { verifySigV4 } from './sigv4-verify.js';
import { operations, validateInput } from './validate.js';
import { registerUsage, resolveCustomer } from './registration.js';

const TARGET_PREFIX = 'AWSMPMeteringService.';
export const MAX_BODY_BYTES = 1024 * 1024; // "each request must be less than 1 MB"
const JSON_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0']);
const UNAVAILABLE_BODY = '<html><body><b>Http/1.1 Service Unavailable</b></body> </html>';

/** Token bucket per access key; real (monotonic) time, so clock offsets do not refill it. */
export class RateLimiter {
  constructor(perSecond) {
    this.perSecond = perSecond;
    this.buckets = new Map();
  }

  take(accessKeyId) {
    if (!this.perSecond) return true;
    const now = performance.now();
    const b = this.buckets.get(accessKeyId) ?? { tokens: this.perSecond, at: now };
    b.tokens = Math.min(this.perSecond, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.set(accessKeyId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

function operationOf(headers) {
  const target = headers['x-amz-target'] ?? '';
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  return name && Object.hasOwn(operations, name) ? name : undefined;
}

function send(res, { status, headers = {}, body }, ctx) {
  res.writeHead(status, {
    'x-amzn-requestid': ctx.requestId,
    date: new Date(ctx.clockMs).toUTCString(),
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** A status and Content-Length that promise more than arrives, or a complete answer that is not JSON. */
function sendTruncated(res, fullBody, style, ctx) {
  const half = Buffer.from(fullBody).subarray(0, Math.max(1, Math.floor(Buffer.byteLength(fullBody) / 2)));
  const headers = {
    'x-amzn-requestid': ctx.requestId,
    date: new Date(ctx.clockMs).toUTCString(),
    'content-type': 'application/x-amz-json-1.1',
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

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Buffer} body @param {number} bodyBytes bytes received (body is cut at MAX_BODY_BYTES)
 * @param {object} emu emulator state (server.js)
 */
export async function handleApiRequest(req, res, body, bodyBytes, emu) {
  const headers = Object.fromEntries(Object.entries(req.headersDistinct).map(([k, v]) => [k, v.join(',')]));
  const op = operationOf(headers);
  const statName = op ?? 'Unknown';
  emu.stats.requests[statName] = (emu.stats.requests[statName] ?? 0) + 1;
  const fired = emu.faults.decide(statName);
  const count = (kind) => { emu.stats.faults[kind] = (emu.stats.faults[kind] ?? 0) + 1; };
  // A skewed node answers with its own clock and judges signatures by it.
  const skewMs = fired.skew ? emu.faults.spec.skewMs : 0;
  const ctx = { requestId: randomUUID(), clockMs: emu.now() + skewMs };
  if (fired.skew) count('skew');
  try {
    if (bodyBytes >= MAX_BODY_BYTES) throw new ApiError('RequestEntityTooLarge', 'Request body must be less than 1 MB', 413);
    const mediaType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    // Coral routes on content type and target together; anything else is an unknown operation (no message).
    if (req.method !== 'POST' || !JSON_TYPES.has(mediaType) || !op) throw new ApiError('UnknownOperationException', undefined);
    const url = new URL(req.url, 'http://emulator');
    const key = await verifySigV4(
      { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body },
      { accessKeys: emu.seed.accessKeys, region: emu.region, nowMs: ctx.clockMs },
    );
    if (fired.reset) { count('reset'); resetSocket(res); return; }
    if (fired.slow) {
      count('slow');
      await delay(emu.faults.spec.slowMs);
      if (req.socket.destroyed) return; // the client gave up: nothing was processed
    }
    if (fired.unavailable) {
      count('unavailable');
      send(res, { status: 503, headers: { 'content-type': 'text/html' }, body: UNAVAILABLE_BODY }, ctx);
      return;
    }
    if (fired.internal) { count('internal'); throw new ApiError('InternalServiceErrorException', 'An internal error has occurred. Retry your request.', 500); }
    if (fired.throttle) { count('throttle'); throw new ApiError('ThrottlingException', 'Rate exceeded'); }
    if (fired.truncate) {
      count('truncate');
      sendTruncated(res, JSON.stringify({ MeteringRecordId: randomUUID(), Results: [], UnprocessedRecords: [] }), fired.truncateStyle, ctx);
      return;
    }
    if (!emu.rateLimiter.take(key.accessKeyId)) { count('rateLimited'); throw new ApiError('ThrottlingException', 'Rate exceeded'); }

    const input = parseJson(body);
    validateInput(op, input);
    const result = runOperation(op, input, key, fired, emu, count);
    const out = JSON.stringify(result);
    if (fired.resetAfterCommit) { count('resetAfterCommit'); resetSocket(res); return; }
    if (fired.truncateAfterCommit) { count('truncateAfterCommit'); sendTruncated(res, out, fired.truncateStyle, ctx); return; }
    send(res, { status: 200, body: out }, ctx);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    send(res, err.toWire(), ctx);
  }
}

function parseJson(body) {
  if (body.length === 0) return {}; // an empty body is an empty input structure
  let input;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ApiError('SerializationException', 'Start of structure or map found where not expected.');
  }
  return input;
}

function runOperation(op, input, key, fired, emu, count) {
  // Business rules use the emulator clock without the per-request skew: skew only affects auth and Date.
  const nowMs = emu.now();
  switch (op) {
    case 'BatchMeterUsage':
      return emu.metering.batchMeterUsage(input, {
        nowMs,
        drawUnprocessed: () => {
          const moved = fired.unprocessed > 0 && emu.faults.drawUnprocessed(fired.unprocessed);
          if (moved) count('unprocessed');
          return moved;
        },
      });
    case 'MeterUsage':
      return emu.metering.meterUsage(input, { nowMs, accountId: key.accountId });
    case 'ResolveCustomer':
      return resolveCustomer(input, { seed: emu.seed, tokens: emu.tokens, nowMs });
    case 'RegisterUsage':
      return registerUsage(input, { seed: emu.seed, jwt: emu.jwt, nowMs, accountId: key.accountId });
    default:
      throw new ApiError('UnknownOperationException', undefined);
  }
}
