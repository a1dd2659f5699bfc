// Seeded, reproducible fault decisions. Every API request draws from the PRNG in one fixed order,
// whatever the outcome, so a given seed and request sequence always injects the same faults.

/** mulberry32: a tiny 32-bit PRNG; enough for fault dice, not for anything secret. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The probability keys, in draw order. `unprocessed` is drawn per BatchMeterUsage record instead.
export const PRE_COMMIT = ['skew', 'reset', 'unavailable', 'internal', 'throttle', 'truncate', 'slow'];
export const POST_COMMIT = ['resetAfterCommit', 'truncateAfterCommit'];
const PROBABILITIES = [...PRE_COMMIT, ...POST_COMMIT, 'unprocessed'];

const DEFAULTS = { slowMs: 1000, skewMs: 15 * 60 * 1000 };

/** Checks and normalises a fault spec; throws TypeError on unknown keys or out-of-range values. */
export function normalizeFaults(spec = {}) {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new TypeError('fault spec must be an object');
  const out = { ...DEFAULTS };
  for (const [key, value] of Object.entries(spec)) {
    if (PROBABILITIES.includes(key)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new TypeError(`fault ${key} must be a probability in [0, 1]`);
      out[key] = value;
    } else if (key === 'slowMs' || key === 'skewMs') {
      if (!Number.isFinite(value) || (key === 'slowMs' && value < 0)) throw new TypeError(`fault ${key} must be a number`);
      out[key] = value;
    } else if (key === 'seed') {
      if (!Number.isInteger(value)) throw new TypeError('fault seed must be an integer');
      out.seed = value;
    } else if (key === 'operations') {
      if (!Array.isArray(value)) throw new TypeError('fault operations must be a list of operation names');
      out.operations = [...value];
    } else {
      throw new TypeError(`unknown fault key: ${key}`);
    }
  }
  return out;
}

export class FaultInjector {
  constructor(spec, seed) {
    this.set(spec, seed);
  }

  /** Replaces the spec; a `seed` in the spec (or the argument) restarts the PRNG. */
  set(spec, seed) {
    this.spec = normalizeFaults(spec);
    const s = this.spec.seed ?? seed;
    if (s !== undefined || !this.random) this.random = mulberry32(s ?? 1);
  }

  /** Draws every per-request fault once; returns the set that fired for `operation`. */
  decide(operation) {
    const fired = {};
    const applies = !this.spec.operations || this.spec.operations.includes(operation);
    for (const kind of [...PRE_COMMIT, ...POST_COMMIT]) {
      const roll = this.random();
      if (applies && roll < (this.spec[kind] ?? 0)) fired[kind] = true;
    }
    // One extra draw chooses how a truncation looks: cut short (Content-Length lies) or complete but not JSON.
    fired.truncateStyle = this.random() < 0.5 ? 'short' : 'partial-json';
    fired.unprocessed = applies ? (this.spec.unprocessed ?? 0) : 0;
    return fired;
  }

  /** Per-record draw for BatchMeterUsage's UnprocessedRecords. */
  drawUnprocessed(probability) {
    return this.random() < probability;
  }
}
