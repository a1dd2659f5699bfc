// Timing helpers shared by the JS benchmarks: every peer is measured in the same process and
// the same rounds as ours (rounds interleave the cases, rotating the order), so machine noise
// from other builds on the 2 shared cores lands on all of them alike; figures are medians.

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function nsPerOp(fn, n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - t0) * 1e6) / n;
}

/** cases: [{ name, fn }] (fn may be async). Returns [{ name, n, medianNs, minNs, maxNs }]. */
export async function compare(cases, { rounds = 7, roundMs = 200, warmupMs = 300 } = {}) {
  for (const c of cases) {
    // Warm-up lets the JIT (and wasm tier-up) settle before N is picked from the warm speed.
    const end = performance.now() + warmupMs;
    let done = 0;
    while (performance.now() < end) {
      await c.fn();
      done++;
    }
    const probe = Math.max(20, Math.min(done, 2000));
    c.n = Math.max(10, Math.round((roundMs * 1e6) / (await nsPerOp(c.fn, probe))));
  }
  const samples = cases.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + r) % cases.length;
      samples[i].push(await nsPerOp(cases[i].fn, cases[i].n));
    }
  }
  return cases.map((c, i) => ({
    name: c.name,
    n: c.n,
    rounds,
    medianNs: median(samples[i]),
    minNs: Math.min(...samples[i]),
    maxNs: Math.max(...samples[i]),
  }));
}
