// The wasm memory stays bounded over many calls of changing size. Wasm memory never shrinks and
// an isolate lives for many requests, so an allocator that fails to reuse freed pages grows the
// memory on every call until the isolate runs out (128 MB in a Worker) and traps. Before the page
// runs were merged and listed without a limit (src/heap.rs), 400 calls of up to 3,000 records
// left it at 585 pages (37 MB), still growing.
//
// The fetch is in memory: the allocator sees the same bytes a server's answer would give, and a
// local server would only add time. Imports the built package (pkg/node.js, `make build`).
// Run: node --test tests/js/node/memory.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';

// The module's memory, caught as the package instantiates it (it does not export it).
let memory;
const Instance = WebAssembly.Instance;
WebAssembly.Instance = function (module, imports) {
  const instance = new Instance(module, imports);
  memory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory);
  return instance;
};
const { MarketplaceMetering } = await import('../../../pkg/node.js');
WebAssembly.Instance = Instance;

async function fetch(resource, init) {
  const { UsageRecords } = await new Request(resource, init).json();
  const Results = UsageRecords.map((UsageRecord, k) => ({ UsageRecord, MeteringRecordId: `id-${k}`, Status: 'Success' }));
  return new Response(JSON.stringify({ Results, UnprocessedRecords: [] }), { headers: { 'x-amzn-requestid': 'req' } });
}

test('memory stays bounded over meterUsageRecords calls of many sizes', async (t) => {
  assert.ok(memory, 'the package instantiated its module with WebAssembly.Instance');
  const client = new MarketplaceMetering({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, fetch });
  let seed = 20261130;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const round = async () => {
    // Mostly small, now and then up to 2,000 records (~500 KB of request text): blocks of
    // many different page counts, freed in a different order than taken.
    const count = 1 + Math.floor(random() ** 2 * 2000);
    const usageRecords = Array.from({ length: count }, (_, k) => ({
      timestamp: new Date(1764500000000),
      dimension: `d${k % 7}`,
      quantity: k,
      customerAWSAccountId: String(100000000000 + k),
      licenseArn: `arn:aws:license-manager::111111111111:license:l-${'a'.repeat(Math.floor(random() * 200))}`,
    }));
    const { results } = await client.meterUsageRecords({ productCode: 'p', usageRecords });
    assert.equal(results.length, count);
  };
  for (let i = 0; i < 40; i++) await round();
  const warm = memory.buffer.byteLength / 65536;
  for (let i = 0; i < 200; i++) await round();
  const after = memory.buffer.byteLength / 65536;
  // Later calls may still meet a size not seen yet; a few pages of that is fine, a page every few
  // calls is not. (Measured: 92 -> 92 pages now; 116 -> 148 with the old 8-slot page-run table.)
  assert.ok(after - warm <= 8, `memory grew from ${warm} to ${after} pages over 200 calls`);
  t.diagnostic(`memory: ${warm} pages after 40 calls, ${after} after 200 more`);
  client.close();
});
