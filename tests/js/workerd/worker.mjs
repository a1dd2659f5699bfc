// A test Worker: imports the installed package by its name (bundled with the `workerd`
// condition, so the .wasm arrives as a compiled module import) and runs one shared scenario
// per request against the emulator at env.EMULATOR_URL, answering with a JSON report. Its
// package.json is bundled for the version the user-agent scenario expects. `/shared` keeps one
// client per isolate across requests instead (support/shared-client.mjs drives it).

import * as mod from "marketplace-metering-wasm";
import manifest from "marketplace-metering-wasm/package.json";
import { runScenario, scenarioNames } from "../shared/scenarios.mjs";
import { SELLER } from "../shared/support.mjs";

// One client per isolate and name, made by the first request that asks for it, as a Worker
// that follows the README's metering-role recipe keeps its own.
const clients = new Map();
function sharedClient(name, credentials, env) {
  if (!clients.has(name)) {
    const given = {
      static: { credentials: SELLER },
      provider: { credentialsProvider: async () => ({ ...SELLER }) },
      role: { credentialsProvider: mod.fromAssumeRole({ roleArn: "arn:aws:iam::111122223333:role/MarketplaceMetering", credentials: SELLER, endpointUrl: env.EMULATOR_URL }) },
    }[credentials];
    clients.set(name, new mod.MarketplaceMetering({ region: "us-east-1", endpointUrl: env.EMULATOR_URL, ...given }));
  }
  return clients.get(name);
}

/** `/shared?name=&credentials=static|provider|role&token=` resolves the token; `&close=1` closes the client. */
async function shared(url, env) {
  const p = url.searchParams;
  const client = sharedClient(p.get("name"), p.get("credentials"), env);
  if (p.has("close")) {
    client.close();
    return Response.json({ closed: true });
  }
  try {
    const out = await client.resolveCustomer({ registrationToken: p.get("token") });
    return Response.json({ customerIdentifier: out.customerIdentifier });
  } catch (error) {
    return Response.json({ error: `${error?.constructor?.name} ${error?.name}: ${error?.message}` });
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/names") return Response.json(scenarioNames());
    if (url.pathname === "/shared") return shared(url, env);
    const name = url.searchParams.get("scenario");
    try {
      await runScenario(name, mod, env.EMULATOR_URL, { version: manifest.version });
      return Response.json({ ok: true });
    } catch (error) {
      return Response.json({ ok: false, error: `${error?.name}: ${error?.message}\n${error?.stack ?? ""}` });
    }
  },
};
