// The emulator (a Node program) as a child process, for test runners that are not Node (Bun):
// resolves with its URL, read from its first line of output, and a stop function. (Deno's test
// keeps its own with Deno.Command: importing node:child_process there would make its type check
// need @types/node.)
import { spawn } from "node:child_process";

const cli = new URL("../../../js/emulator/cli.js", import.meta.url).pathname;

export function spawnEmulator(args = []) {
  const child = spawn("node", [cli, "--port", "0", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      text += chunk;
      const url = text.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
      if (url) resolve({ url, stop });
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`the emulator exited (${code}) before listening: ${text}`)));
  });
}
