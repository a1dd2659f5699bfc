// Cross-checks the crate's SigV4 signer (AWS Signature Version 4) against an independent one,
// @smithy/signature-v4 (what the AWS SDK for JavaScript v3 signs with).
//
//   cargo run --example sign_fixture > /tmp/fixture.jsonl
//   node tests/js/crosscheck_sigv4.mjs /tmp/fixture.jsonl      # or pipe the fixture on stdin
//
// Each line holds a request's inputs and what sign_request produced. The host is taken from the
// URL with WHATWG `new URL(...).host` (what fetch sends), independently of the crate's URL
// splitter. Exits 1 on any mismatch. Dependencies are looked up in $MMW_NODE_MODULES, by
// default <repo>/node_modules.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const nodeModules = resolve(process.env.MMW_NODE_MODULES ?? join(repo, "node_modules"));
const require = createRequire(pathToFileURL(join(nodeModules, "_resolve_from_here.js")));
let SignatureV4, Sha256;
try {
  ({ SignatureV4 } = require("@smithy/signature-v4"));
  ({ Sha256 } = require("@aws-crypto/sha256-js"));
} catch (error) {
  console.error(`cannot load @smithy/signature-v4 from ${nodeModules}: ${error.message}`);
  console.error("run `npm ci` in the repo, or set MMW_NODE_MODULES to a node_modules that has it");
  process.exit(2);
}

const input = readFileSync(process.argv[2] ?? 0, "utf8");
const lines = input.split("\n").filter((line) => line.trim() !== "");
if (lines.length === 0) {
  console.error("no fixture lines: run `cargo run --example sign_fixture` and pass its output");
  process.exit(1);
}

let matched = 0;
const mismatches = [];
for (const [index, line] of lines.entries()) {
  const c = JSON.parse(line);
  const url = new URL(c.url);
  const headers = { host: url.host };
  for (const [name, value] of c.headers) headers[name] = value;
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: c.access_key_id,
      secretAccessKey: c.secret_access_key,
      sessionToken: c.session_token || undefined,
    },
    region: c.region,
    service: c.service,
    sha256: Sha256,
    uriEscapePath: true,
    // No x-amz-content-sha256: the SDKs do not send it to services other than S3.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: {},
      headers,
      body: Buffer.from(c.body_hex, "hex"),
    },
    { signingDate: new Date(c.time * 1000) },
  );
  const expected = {
    authorization: signed.headers["authorization"],
    x_amz_date: signed.headers["x-amz-date"],
    x_amz_security_token: signed.headers["x-amz-security-token"] ?? "",
  };
  const differing = Object.keys(expected).filter((key) => expected[key] !== c[key]);
  if (differing.length === 0) {
    matched += 1;
  } else {
    mismatches.push({
      line: index + 1,
      url: c.url,
      differing,
      ours: differing.map((key) => c[key]),
      theirs: differing.map((key) => expected[key]),
    });
  }
}

for (const m of mismatches.slice(0, 5)) console.error("MISMATCH", JSON.stringify(m, null, 2));
console.log(`crosscheck_sigv4: ${matched}/${lines.length} signatures match @smithy/signature-v4`);
process.exit(mismatches.length === 0 ? 0 : 1);
