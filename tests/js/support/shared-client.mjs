// One client kept across the requests of an isolate (workerd) or of an edge function's context
// (edge-runtime), as the README's metering-role Worker and Next.js route keep theirs: the test
// Worker's `/shared` route (workerd/worker.mjs) is driven through `dispatch(url)` by the workerd
// and Edge Runtime tiers, with the emulator running in the test's own process.

import assert from "node:assert/strict";

/**
 * @param {(url: string) => Promise<Response>} dispatch
 * @param {object} emulator what startEmulator() returned
 */
export async function checkSharedClient(dispatch, emulator) {
  emulator.reset();
  const call = async (query) => (await dispatch(`http://worker.test/shared?${new URLSearchParams(query)}`)).json();
  const resolve = (name, credentials) => call({ name, credentials, token: emulator.mintRegistrationToken("cust-legacy-0001") });
  for (const credentials of ["static", "provider", "role"]) {
    for (let request = 1; request <= 3; request++) {
      assert.deepEqual(await resolve(credentials, credentials), { customerIdentifier: "cust-legacy-0001" }, `${credentials} credentials, request ${request}`);
    }
  }
  assert.equal(emulator.sessions().length, 1, "the role's session served the three requests");

  // Requests in flight at once share one AssumeRole request, whichever of them started it.
  emulator.reset();
  emulator.setFaults({ slow: 1, slowMs: 300, operations: ["AssumeRole"] });
  const outs = await Promise.all(Array.from({ length: 4 }, () => resolve("concurrent", "role")));
  assert.deepEqual(outs, Array(4).fill({ customerIdentifier: "cust-legacy-0001" }), "four concurrent requests");
  assert.equal(emulator.stats().requests.AssumeRole, 1, "one AssumeRole request");
  emulator.setFaults({});

  // Closed by one request, the client refuses the calls of later ones.
  assert.deepEqual(await call({ name: "static", credentials: "static", close: 1 }), { closed: true });
  const refused = await resolve("static", "static");
  assert.match(refused.error ?? "", /^ClientClosedError ClientClosedError: /, JSON.stringify(refused));
}
