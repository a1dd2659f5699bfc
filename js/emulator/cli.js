#!/usr/bin/env node
// node js/emulator/cli.js [--port 0] [--host 127.0.0.1] [--seed path] [--faults json] [--fault-seed n] [--rate-limit n] [--log]
// Prints "emulator listening on http://127.0.0.1:PORT" and runs until SIGINT or SIGTERM; with
// --log, one line per API request after it (operation, access key id, outcome; never a secret).

import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startEmulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string' },
    faults: { type: 'string' },
    'fault-seed': { type: 'string' },
    // Requests per second per access key; 0 turns the limit off (tests that fire bursts).
    'rate-limit': { type: 'string' },
    log: { type: 'boolean', default: false },
  },
});

const toInt = (name, text) => {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer, got ${text}`);
  return n;
};

try {
  const emulator = await startEmulator({
    port: toInt('port', values.port),
    host: values.host,
    seed: values.seed ? resolve(values.seed) : undefined,
    faults: values.faults ? JSON.parse(values.faults) : undefined,
    faultSeed: values['fault-seed'] === undefined ? undefined : toInt('fault-seed', values['fault-seed']),
    rateLimitPerSecond: values['rate-limit'] === undefined ? undefined : toInt('rate-limit', values['rate-limit']),
    log: values.log ? (line) => console.log(line) : undefined,
  });
  console.log(`emulator listening on ${emulator.url}`);
  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  console.error(`emulator: ${err.message}`);
  process.exit(1);
}
