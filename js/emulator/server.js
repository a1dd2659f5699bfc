// Local AWS Marketplace Metering Service emulator (awsJson1_1 over node:http), for tests, the fault
// soak and the demo, with an STS stand-in (AssumeRole, Query protocol) on the same port. Metering
// requests go to api.js, form-encoded ones to sts.js; unsigned admin requests live under /__emulator/.
// See README.md for the admin API, the fault spec and the seed format.

import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { FaultInjector, normalizeFaults } from './faults.js';
import { Metering } from './metering.js';
import { JwtSigner, RegistrationTokens } from './tokens.js';
import { loadSeed, Seed } from './seed.js';
import { handleApiRequest } from './api.js';
import { handleStsRequest, isStsRequest } from './sts.js';
import { MAX_BODY_BYTES, RateLimiter } from './pipeline.js';
import { Sessions } from './sessions.js';

const ADMIN_PREFIX = '/__emulator/';
const LOOPBACK = new Set(['127.0.0.1']);
const HARD_BODY_LIMIT = 8 * MAX_BODY_BYTES; // beyond this the connection is dropped, not read

/**
 * @param {{port?:number, host?:string, seed?:object|string|URL, faults?:object, faultSeed?:number,
 *   clockOffsetMs?:number, region?:string, rateLimitPerSecond?:number, log?:(line:string)=>void}} [options]
 *   `log`: called with one line per API request (never a secret, token or signature)
 */
export async function startEmulator(options = {}) {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the emulator listens on 127.0.0.1 only, not ${host}`);
  const initialFaults = normalizeFaults(options.faults ?? {});
  const emu = {
    seed: loadSeed(options.seed),
    region: options.region ?? 'us-east-1',
    clockOffsetMs: options.clockOffsetMs ?? 0,
    now: () => Date.now() + emu.clockOffsetMs,
    faults: new FaultInjector(initialFaults, options.faultSeed),
    rateLimiter: new RateLimiter(options.rateLimitPerSecond ?? 10),
    tokens: new RegistrationTokens(),
    sessions: new Sessions(),
    stats: { requests: {}, faults: {} },
    received: [],
    log: options.log,
  };
  // Every key a request may sign with: the seed's, then the sessions STS issued.
  emu.findKey = (accessKeyId) => emu.seed.accessKeys.find((k) => k.accessKeyId === accessKeyId) ?? emu.sessions.find(accessKeyId);
  emu.jwt = new JwtSigner(emu.now());
  emu.metering = new Metering(emu.seed);

  const admin = {
    ledger: () => ({ records: emu.metering.ledger.map((r) => structuredClone(r)) }),
    mintRegistrationToken(customerIdentifier) {
      const customer = emu.seed.findForToken(customerIdentifier);
      if (!customer) throw new TypeError(`no seeded customer '${customerIdentifier}'`);
      return emu.tokens.mint(Seed.customerKey(customer), emu.now());
    },
    setFaults(spec) {
      emu.faults.set(spec);
      return emu.faults.spec;
    },
    setClockOffsetMs(offsetMs) {
      if (!Number.isFinite(offsetMs)) throw new TypeError('offsetMs must be a number');
      emu.clockOffsetMs = offsetMs;
    },
    /** STS sessions issued so far, without their secrets: `{accessKeyId, roleArn, expiration, expired, ...}`. */
    sessions: () => emu.sessions.list(emu.now()),
    /** Ends one STS session (or all of them) now by the emulator clock; returns how many. */
    expireSession: (accessKeyId) => emu.sessions.expire(accessKeyId, emu.now()),
    /** Back to the start: no billing, no sessions, no stats, no clock offset, the start-up faults and PRNG seed. */
    reset() {
      emu.metering.reset();
      emu.sessions.reset();
      emu.stats = { requests: {}, faults: {} };
      emu.received = [];
      emu.clockOffsetMs = options.clockOffsetMs ?? 0;
      emu.faults = new FaultInjector(initialFaults, options.faultSeed);
      emu.rateLimiter = new RateLimiter(options.rateLimitPerSecond ?? 10);
    },
    stats: () => structuredClone(emu.stats),
    /** The last API requests (at most 100, oldest first): who they claim to be, their user agents, their outcome. */
    requests: () => JSON.parse(JSON.stringify(emu.received)), // as the HTTP route shows them: absent members left out
    publicKey: () => emu.jwt.publicKeyDocument(),
  };

  const server = createServer((req, res) => {
    readBody(req, (body, bodyBytes) => {
      const route = req.url.startsWith(ADMIN_PREFIX) ? handleAdmin(req, res, body, admin, emu)
        : isStsRequest(req) ? handleStsRequest(req, res, body, bodyBytes, emu)
          : handleApiRequest(req, res, body, bodyBytes, emu);
      Promise.resolve(route).catch((err) => {
        // A bug in the emulator must still answer, or a client waits forever.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain', 'x-amzn-requestid': randomUUID(), date: new Date(emu.now()).toUTCString() });
        res.end(`emulator error: ${err.message}`);
      });
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address();
  return {
    url: `http://${host}:${port}`,
    port,
    ...admin,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // SDK clients keep connections alive
    }),
  };
}

/** Reads the body, keeping at most MAX_BODY_BYTES (enough to tell "too large") in memory. */
function readBody(req, done) {
  const chunks = [];
  let kept = 0;
  let total = 0;
  req.on('data', (chunk) => {
    total += chunk.length;
    if (total > HARD_BODY_LIMIT) { req.socket.destroy(); return; }
    if (kept < MAX_BODY_BYTES) {
      chunks.push(chunk);
      kept += chunk.length;
    }
  });
  req.on('end', () => done(Buffer.concat(chunks), total));
}

function sendJson(res, status, value, emu) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
    date: new Date(emu.now()).toUTCString(),
  });
  res.end(body);
}

function handleAdmin(req, res, body, admin, emu) {
  const route = `${req.method} ${new URL(req.url, 'http://emulator').pathname.slice(ADMIN_PREFIX.length)}`;
  let input = {};
  try {
    if (body.length > 0) input = JSON.parse(body.toString('utf8'));
    switch (route) {
      case 'GET ledger': return sendJson(res, 200, admin.ledger(), emu);
      case 'GET stats': return sendJson(res, 200, admin.stats(), emu);
      case 'GET requests': return sendJson(res, 200, { requests: admin.requests() }, emu);
      case 'GET public-key': return sendJson(res, 200, admin.publicKey(), emu);
      case 'POST tokens': return sendJson(res, 200, { token: admin.mintRegistrationToken(input.customerIdentifier) }, emu);
      case 'POST faults': return sendJson(res, 200, { faults: admin.setFaults(input) }, emu);
      case 'POST clock': admin.setClockOffsetMs(input.offsetMs); return sendJson(res, 200, { offsetMs: input.offsetMs }, emu);
      case 'POST reset': admin.reset(); return sendJson(res, 200, {}, emu);
      case 'GET sessions': return sendJson(res, 200, { sessions: admin.sessions() }, emu);
      case 'POST sessions/expire': return sendJson(res, 200, { expired: admin.expireSession(input.accessKeyId) }, emu);
      default: return sendJson(res, 404, { error: `no admin route ${route}` }, emu);
    }
  } catch (err) {
    return sendJson(res, 400, { error: err.message }, emu);
  }
}
