// The packed package in headless Chromium via <script type="module"> (the `browser`/default
// entry, web.js): a page served from 127.0.0.1 imports it, calls a same-origin canned endpoint
// and the emulator (metering and its STS stand-in, behind a same-origin proxy at /emu and
// /__emulator/) with the browser's own fetch, and posts its verdict back to the server.
// AWS itself does not allow this endpoint cross-origin (see README "Browsers"), so the browser
// build is tested against a same-origin server, as it would be used behind a proxy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, request as httpRequest } from "node:http";
import { readFile } from "node:fs/promises";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../../../js/emulator/server.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
const installed = join(root, "tests/js/node_modules/marketplace-metering-wasm");
// What the page may load besides the package: itself and the shared modules it imports.
const PAGE_FILES = new Set(["tests/js/browser/page.html", "tests/js/shared/using.mjs", "tests/js/shared/support.mjs"]);

/**
 * Passes a request to the emulator unchanged: method, path, headers (the Host the browser
 * signed included) and body, so the signature made for this origin verifies there.
 */
function proxy(req, res, body, emulator) {
  const { port } = new URL(emulator.url);
  const forwarded = httpRequest({ host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  forwarded.on("error", () => res.destroy());
  forwarded.end(body);
}

test("the package works in headless Chromium through <script type=module>", { skip: !existsSync(chromium) && "no chromium" }, async () => {
  let last = {};
  let gotVerdict;
  const verdict = new Promise((ok) => (gotVerdict = ok));
  const emulator = await startEmulator({ port: 0, rateLimitPerSecond: 0 });
  const server = createServer(async (req, res) => {
    const bytes = await new Promise((ok) => {
      const parts = [];
      req.on("data", (c) => parts.push(c)).on("end", () => ok(Buffer.concat(parts)));
    });
    const body = bytes.toString();
    if (req.url === "/emu" || req.url.startsWith("/emu/") || req.url.startsWith("/__emulator/")) {
      proxy(req, res, bytes, emulator);
      return;
    }
    if (req.method === "POST" && req.url === "/aws") {
      last = { target: req.headers["x-amz-target"], authorization: req.headers.authorization, body };
      const expired = body.includes('"expired"');
      res.writeHead(expired ? 400 : 200, {
        "content-type": "application/x-amz-json-1.1",
        "x-amzn-requestid": "req-browser",
        ...(expired ? { "x-amzn-errortype": "ExpiredTokenException:http://internal.amazon.com/" } : {}),
      });
      res.end(expired ? '{"message":"Registration token is expired"}' : '{"CustomerIdentifier":"cust-browser","ProductCode":"prod-1"}');
      return;
    }
    if (req.method === "POST" && req.url === "/verdict") {
      res.writeHead(204).end();
      gotVerdict(body);
      return;
    }
    if (req.url === "/last-request") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(last));
      return;
    }
    const path = req.url === "/" ? "tests/js/browser/page.html" : normalize(decodeURIComponent(req.url.split("?")[0])).replace(/^\/+/, "");
    if (!path.startsWith("pkg/") && !PAGE_FILES.has(path)) {
      res.writeHead(404).end();
      return;
    }
    try {
      // /pkg/ is the package as npm installed it from the tarball (make test-js), else pkg/.
      const file = path.startsWith("pkg/") && existsSync(installed) ? join(installed, path.slice(4)) : join(root, path);
      const data = await readFile(file);
      res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(data);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = spawn(
    chromium,
    [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-port=0",
      `--user-data-dir=${join(root, "target", "chromium-profile")}`, url,
    ],
    { stdio: "ignore" },
  );
  let timer;
  try {
    const timeout = new Promise((_, fail) => (timer = setTimeout(() => fail(new Error("no verdict from the page within 60 s")), 60_000)));
    const text = await Promise.race([verdict, timeout]);
    const lines = text.split("\n").filter(Boolean);
    assert.deepEqual(lines.filter((l) => !l.startsWith("ok ")), [], text);
    assert.equal(lines.length, 16, text);
  } finally {
    clearTimeout(timer);
    browser.kill();
    server.close();
    await emulator.close();
  }
});
