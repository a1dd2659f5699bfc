// One AWS JSON 1.1 (metering) request through the emulator: route by X-Amz-Target, verify SigV4
// and the caller's permission, then validate against the model and run the operation. Faults, the
// rate limit and the order of the steps are pipeline.js's.

import { randomUUID } from 'node:crypto';
import { ApiError } from './errors.js';
import { verifySigV4 } from './sigv4-verify.js';
import { authorize } from './policy.js';
import { operations, validateInput } from './validate.js';
import { registerUsage, resolveCustomer } from './registration.js';
import { headersOf, mediaTypeOf, runApiRequest } from './pipeline.js';

const TARGET_PREFIX = 'AWSMPMeteringService.';
const SERVICE = 'aws-marketplace';
const JSON_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0']);

const AWS_JSON = {
  name: 'metering',
  contentType: 'application/x-amz-json-1.1',
  errorWire: (err) => err.toWire(),
  internalError: () => new ApiError('InternalServiceErrorException', 'An internal error has occurred. Retry your request.', 500),
  throttleError: () => new ApiError('ThrottlingException', 'Rate exceeded'),
  sampleBody: () => JSON.stringify({ MeteringRecordId: randomUUID(), Results: [], UnprocessedRecords: [] }),
};

function operationOf(headers) {
  const target = headers['x-amz-target'] ?? '';
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  return name && Object.hasOwn(operations, name) ? name : undefined;
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Buffer} body @param {number} bodyBytes bytes received (body is cut at MAX_BODY_BYTES)
 * @param {object} emu emulator state (server.js)
 */
export function handleApiRequest(req, res, body, bodyBytes, emu) {
  const headers = headersOf(req);
  const op = operationOf(headers);
  return runApiRequest(req, res, bodyBytes, emu, AWS_JSON, {
    operation: op,
    route() {
      // Coral routes on content type and target together; anything else is an unknown operation (no message).
      if (req.method !== 'POST' || !JSON_TYPES.has(mediaTypeOf(headers)) || !op) throw new ApiError('UnknownOperationException', undefined);
    },
    async authenticate(ctx) {
      const url = new URL(req.url, 'http://emulator');
      const { key } = await verifySigV4(
        { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body },
        { findKey: emu.findKey, service: SERVICE, regions: [emu.region], nowMs: ctx.clockMs },
      );
      authorize(key, `${SERVICE}:${op}`);
      return key;
    },
    execute(key, fired, ctx) {
      const input = parseJson(body);
      validateInput(op, input);
      return JSON.stringify(runOperation(op, input, key, fired, emu, ctx.count));
    },
  });
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
