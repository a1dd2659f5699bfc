// `using` and `await using` (explicit resource management) with the client, in a file of its own:
// a runtime that cannot parse them fails to import this module, not the shared scenarios. Run by
// the Deno and Bun tiers, by the Node tier where Node parses it, and by the browser page. A
// Worker or an edge function calls the symbol methods instead (sdk-scenarios.mjs), as the
// bundled scenarios cannot hold this syntax everywhere.

import { SELLER, ok, equal, rejection, describeError } from "./support.mjs";

/** The client made by `using` is closed when its block ends, however it ends. */
export async function usingScenario(mod, url, emu) {
  const make = () => new mod.MarketplaceMetering({ region: "us-east-1", endpointUrl: url, credentials: SELLER });
  const closedLater = async (c, what) => {
    const err = await rejection(c.resolveCustomer({ registrationToken: "t" }), what);
    ok(err instanceof mod.ClientClosedError, `${what}: ClientClosedError, got ${describeError(err)}`);
  };
  let kept;
  {
    using c = make();
    kept = c;
    const out = await c.resolveCustomer({ registrationToken: await emu.mintToken("cust-legacy-0001") });
    equal(out.customerIdentifier, "cust-legacy-0001", "a call inside the using block");
  }
  await closedLater(kept, "after the using block");
  {
    await using c = make();
    kept = c;
    equal((await c.resolveCustomer({ registrationToken: await emu.mintToken("cust-legacy-0002") })).customerIdentifier, "cust-legacy-0002", "inside await using");
  }
  await closedLater(kept, "after the await using block");
  const failure = new Error("the block threw");
  try {
    using c = make();
    kept = c;
    throw failure;
  } catch (err) {
    equal(err, failure, "the block's own error comes out");
  }
  await closedLater(kept, "after a block that threw");
}
