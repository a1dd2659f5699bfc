// The installed package in Deno: once by its bare name (Deno resolves it from
// tests/js/node_modules through package.json, with the `deno` export condition: web.js), and
// once by local path to the built pkg/web.js. The emulator is a Node program, so it runs as a
// child process; its URL is read from its first line of output.

import * as byName from "marketplace-metering-wasm";
import * as byPath from "../../../pkg/web.js";
import { emulatorAdmin, runScenario, scenarioNames } from "../shared/scenarios.mjs";
import { usingScenario } from "../shared/using.mjs";
import manifest from "marketplace-metering-wasm/package.json" with { type: "json" };

async function startEmulator(): Promise<{ url: string; stop: () => Promise<void> }> {
  const cli = new URL("../../../js/emulator/cli.js", import.meta.url).pathname;
  // No rate limit: the concurrency scenario fires 20 calls at once on one key.
  const child = new Deno.Command("node", { args: [cli, "--port", "0", "--rate-limit", "0"], stdout: "piped", stderr: "inherit" }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the emulator exited before listening: ${text}`);
    text += value;
  }
  const url = text.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
  if (!url) throw new Error(`unexpected emulator output: ${text}`);
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await reader.cancel();
      await child.status;
    },
  };
}

Deno.test("the bare name resolves to the installed package's Deno entry (web.js)", () => {
  const resolved = import.meta.resolve("marketplace-metering-wasm");
  if (!resolved.endsWith("/tests/js/node_modules/marketplace-metering-wasm/web.js")) throw new Error(`resolved ${resolved}`);
});

Deno.test("using and await using close the client at the end of the block", async () => {
  const emulator = await startEmulator();
  try {
    const emu = emulatorAdmin(emulator.url);
    await emu.reset();
    await usingScenario(byName, emulator.url, emu);
  } finally {
    await emulator.stop();
  }
});

for (const [how, mod] of [["by name", byName], ["by path", byPath]] as const) {
  Deno.test(`package ${how}`, async (t) => {
    const emulator = await startEmulator();
    try {
      for (const name of scenarioNames()) {
        await t.step(name, () => runScenario(name, mod, emulator.url, { version: manifest.version }));
      }
    } finally {
      await emulator.stop();
    }
  });
}
