// A test Worker: imports the installed package by its name (bundled with the `workerd`
// condition, so the .wasm arrives as a compiled module import) and runs one shared scenario
// per request against the emulator at env.EMULATOR_URL, answering with a JSON report. Its
// package.json is bundled for the version the user-agent scenario expects.

import * as mod from "marketplace-metering-wasm";
import manifest from "marketplace-metering-wasm/package.json";
import { runScenario, scenarioNames } from "../shared/scenarios.mjs";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/names") return Response.json(scenarioNames());
    const name = url.searchParams.get("scenario");
    try {
      await runScenario(name, mod, env.EMULATOR_URL, { version: manifest.version });
      return Response.json({ ok: true });
    } catch (error) {
      return Response.json({ ok: false, error: `${error?.name}: ${error?.message}\n${error?.stack ?? ""}` });
    }
  },
};
