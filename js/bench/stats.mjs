// Timing helpers shared by the JS benchmarks: every peer is measured in the same process and
// the same rounds as ours (rounds interleave the cases, rotating the order), so machine noise
// from other builds on the 2 shared cores lands on all of them alike; figures are medians, and
// a ratio between two cases is the median of its per-round ratios (neighbouring rounds see
// nearly the same load, so the ratio is steadier than either time).

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The median over rounds of f(round), where each argument is one case's per-round samples. */
export const medianRatio = (f, ...perRound) => median(perRound[0].map((_, r) => f(...perRound.map((s) => s[r]))));

async function nsPerOp(fn, n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - t0) * 1e6) / n;
}

/** CPU (user + system of this process, from process.cpuUsage) and wall time per op. */
async function cpuPerOp(fn, n) {
  globalThis.gc?.(); // with --expose-gc: each round starts from a collected heap, outside the timing
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const wallNs = ((performance.now() - t0) * 1e6) / n;
  const cpu = process.cpuUsage(cpu0);
  return { cpuNs: ((cpu.user + cpu.system) * 1e3) / n, wallNs };
}

// Warm-up lets the JIT (and wasm tier-up) settle before N is picked from the warm speed.
async function warmAndSize(c, roundMs, warmupMs) {
  const end = performance.now() + warmupMs;
  let done = 0;
  while (performance.now() < end) {
    await c.fn();
    done++;
  }
  const probe = Math.max(20, Math.min(done, 2000));
  c.n = Math.max(10, Math.round((roundMs * 1e6) / (await nsPerOp(c.fn, probe))));
}

// Each case warmed and sized, then `rounds` rounds of every case, the order rotating each round;
// returns each case's per-round samples of `measure(fn, n)`.
async function interleaved(cases, { rounds, roundMs, warmupMs }, measure) {
  for (const c of cases) await warmAndSize(c, roundMs, warmupMs);
  const samples = cases.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + r) % cases.length;
      samples[i].push(await measure(cases[i].fn, cases[i].n));
    }
  }
  return samples;
}

/** cases: [{ name, fn }] (fn may be async). Returns [{ name, n, rounds, medianNs, minNs, maxNs, samples }] (wall time). */
export async function compare(cases, { rounds = 7, roundMs = 200, warmupMs = 300 } = {}) {
  const samples = await interleaved(cases, { rounds, roundMs, warmupMs }, nsPerOp);
  return cases.map((c, i) => ({
    name: c.name,
    n: c.n,
    rounds,
    medianNs: median(samples[i]),
    minNs: Math.min(...samples[i]),
    maxNs: Math.max(...samples[i]),
    samples: samples[i],
  }));
}

/**
 * The same, timing CPU per op (process.cpuUsage: this process's user + system time, so work
 * on V8's helper threads counts too) with wall time alongside. Node only.
 * Returns [{ name, n, rounds, medianCpuNs, medianWallNs, cpuSamples, wallSamples }].
 */
export async function compareCpu(cases, { rounds = 9, roundMs = 150, warmupMs = 300 } = {}) {
  const samples = await interleaved(cases, { rounds, roundMs, warmupMs }, cpuPerOp);
  return cases.map((c, i) => ({
    name: c.name,
    n: c.n,
    rounds,
    medianCpuNs: median(samples[i].map((s) => s.cpuNs)),
    medianWallNs: median(samples[i].map((s) => s.wallNs)),
    cpuSamples: samples[i].map((s) => s.cpuNs),
    wallSamples: samples[i].map((s) => s.wallNs),
  }));
}
