// A model change reaches every output with no other edit: a copy of the model gets one more
// optional string member on UsageRecord (`Region`, with a length, a pattern and docs); the
// generator runs on both models into temporary directories; the Rust tables, the TS types and
// the emulator's shapes carry the member (the emulator also validates it), and the outputs differ
// by that member only.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { mkdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const modelPath = join(root, "../shared/aws-model/marketplace-metering.smithy.json");
const NS = "com.amazonaws.marketplacemetering#";
const DOC = "<p>The Amazon Web Services Region the usage happened in, e.g. <code>us-east-1</code>.</p><p>Reporting only.</p>";

let tmp;
const out = {}; // "before" and "after": path -> text

function generate(model, dir) {
  execFileSync("node", [join(root, "codegen/generate.mjs"), "--model", model, "--out", dir], { stdio: "pipe" });
  const files = {};
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else files[relative(dir, join(d, e.name))] = readFileSync(join(d, e.name), "utf8");
    }
  };
  walk(dir);
  return files;
}

/**
 * The lines `b` adds to `a` and removes from it, as runs (hunks) of consecutive lines, by a
 * longest-common-subsequence diff. A trailing comma does not count: adding an item after the last
 * one of a list puts a comma on the line before.
 */
function diff(a, b) {
  const norm = (text) => text.split("\n").map((l) => l.replace(/,$/, ""));
  const [x, y] = [norm(a), norm(b)];
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const added = [];
  const removed = [];
  let [i, j, run] = [0, 0, null];
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      [i, j, run] = [i + 1, j + 1, null];
    } else if (j < y.length && (i === x.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      if (!run) added.push((run = []));
      run.push(y[j++]);
    } else removed.push(x[i++]);
  }
  return { added: added.map((h) => h.join("\n")), removed };
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), "codegen-evolution-"));
  const model = JSON.parse(readFileSync(modelPath, "utf8"));
  const record = model.shapes[NS + "UsageRecord"];
  const names = Object.values(model.shapes).flatMap((s) => Object.keys(s.members ?? {}));
  assert.ok(!names.includes("Region") && !model.shapes[NS + "RegionName"], "the added member must be new");
  model.shapes[NS + "RegionName"] = {
    type: "string",
    traits: { "smithy.api#length": { min: 1, max: 32 }, "smithy.api#pattern": "^[a-z0-9-]+$" },
  };
  record.members.Region = { target: NS + "RegionName", traits: { "smithy.api#documentation": DOC } };
  writeFileSync(join(tmp, "model.json"), JSON.stringify(model));
  out.before = generate(modelPath, join(tmp, "before"));
  out.after = generate(join(tmp, "model.json"), join(tmp, "after"));
});

after(() => rmSync(tmp, { recursive: true, force: true }));

describe("one more optional member on UsageRecord", () => {
  it("changes only the tables, the TS types, the emulator's shapes and the pattern cases", () => {
    const changed = Object.keys(out.after).filter((f) => out.after[f] !== out.before[f]).sort();
    assert.deepEqual(changed, [
      "js/emulator/model-shapes.js",
      "src/model/tables.rs",
      "src/wasm/model_types.rs",
      "tests/data/pattern-cases.json",
    ]);
    assert.deepEqual(Object.keys(out.after).sort(), Object.keys(out.before).sort());
  });

  it("adds to them only what the member brings, and removes nothing", () => {
    for (const file of Object.keys(out.after)) {
      const { added, removed } = diff(out.before[file], out.after[file]);
      assert.deepEqual(removed, [], `${file}: lines removed`);
      for (const hunk of added) assert.match(hunk, /region|REGION|\^\[a-z0-9-\]\+\$/i, `${file}: an addition that is not the member's:\n${hunk}`);
    }
  });

  it("puts the member in the Rust tables, with its shape, pattern, index and docs", () => {
    const rs = out.after["src/model/tables.rs"].replace(/\s+/g, " ");
    const record = /pub static USAGE_RECORD: Structure = Structure \{ name: "UsageRecord", members: &\[ (.*?) \], \};/.exec(rs)?.[1];
    assert.match(record, /Member \{ js_name: "licenseArn", [^}]*\}, Member \{ js_name: "region", wire_name: "Region", shape: Shape::String\(&REGION_NAME\), flags: 0, \},$/);
    assert.match(rs, /pub static REGION_NAME: StringShape = StringShape \{ name: "RegionName", min: 1, max: 32, pattern: Some\(&REGION_NAME_PATTERN\), \};/);
    assert.match(rs, /pub static REGION_NAME_PATTERN: Pattern = Pattern \{ source: "\^\[a-z0-9-\]\+\$", rule: "may contain only lowercase letters, digits and -", atoms: &\[Atom \{ ranges: &\[\('-', '-'\), \('0', '9'\), \('a', 'z'\)\], min: 1, max: u16::MAX, \}\], \};/);
    assert.match(rs, /pub mod usage_record \{ [^}]*pub const REGION: usize = 7; \}/);
    assert.match(rs, /\( "UsageRecord", "Region", "The Amazon Web Services Region the usage happened in, e\.g\. us-east-1\.", \)/);
  });

  it("types the member in the TS types, with its docs and constraints", () => {
    const ts = out.after["src/wasm/model_types.rs"];
    const record = /export interface UsageRecord \{\n([\s\S]*?)\n\}/.exec(ts)[1];
    assert.match(record, /licenseArn\?: string;\n  \/\*\*\n   \* The Amazon Web Services Region the usage happened in, e\.g\. `us-east-1`\.\n   \*\n   \* 1 to 32 characters; may contain only lowercase letters, digits and - \(`\^\[a-z0-9-\]\+\$`\)\.\n   \*\/\n  region\?: string;$/);
  });

  it("gives the emulator the member, and the emulator validates it", async () => {
    const dir = join(tmp, "after/js/emulator");
    for (const f of ["validate.js", "errors.js"]) cpSync(join(root, "js/emulator", f), join(dir, f));
    const { shapes } = await import(pathToFileURL(join(dir, "model-shapes.js")).href);
    assert.deepEqual(shapes.UsageRecord.members.Region, { shape: "RegionName" });
    assert.deepEqual(shapes.UsageRecord.required, ["Timestamp", "Dimension"]);
    assert.deepEqual(shapes.RegionName, { type: "string", min: 1, max: 32, pattern: "^[a-z0-9-]+$" });
    const { validateInput } = await import(pathToFileURL(join(dir, "validate.js")).href);
    const input = (region) => ({ ProductCode: "p", UsageRecords: [{ Timestamp: 1, Dimension: "d", Region: region }] });
    assert.doesNotThrow(() => validateInput("BatchMeterUsage", input("us-east-1")));
    assert.throws(() => validateInput("BatchMeterUsage", input("US East")),
      /Value 'US East' at 'usageRecords\.1\.member\.region' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  });

  it("flows through the core with no other edit: accepted, validated, sent and parsed", () => {
    // A copy of the crate with the regenerated tables and nothing else changed, and a test
    // that uses the member (fixtures/extra_member.rs). The copy builds in its own target folder
    // under target/, kept between runs so only the crate itself compiles again.
    const crate = join(tmp, "crate");
    for (const f of ["Cargo.toml", "Cargo.lock", "src"]) cpSync(join(root, f), join(crate, f), { recursive: true });
    writeFileSync(join(crate, "src/model/tables.rs"), out.after["src/model/tables.rs"]);
    mkdirSync(join(crate, "tests"), { recursive: true });
    cpSync(join(root, "codegen/test/fixtures/extra_member.rs"), join(crate, "tests/extra_member.rs"));
    // The manifest's [[bench]] points at a file the copy does not have.
    const manifest = readFileSync(join(crate, "Cargo.toml"), "utf8").replace(/\n\[\[bench\]\]\n(?:[^[\n][^\n]*\n)*/g, "\n");
    writeFileSync(join(crate, "Cargo.toml"), manifest);
    const output = execFileSync("cargo", ["test", "--quiet", "--test", "extra_member"], {
      cwd: crate,
      env: { ...process.env, CARGO_TARGET_DIR: join(root, "target/evolution") },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    assert.match(output, /test result: ok\. 2 passed/);
  });

  it("types the member for TypeScript users", () => {
    const ts = /const MODEL_TYPES: &str = r(#+)"([\s\S]*?)"\1;/.exec(out.after["src/wasm/model_types.rs"])?.[2];
    assert.ok(ts, "the generated TypeScript");
    const dir = join(tmp, "types");
    mkdirSync(dir, { recursive: true });
    // As the package ships them: the model types, then the error classes they name.
    writeFileSync(join(dir, "model.d.ts"), ts + "\n" + out.after["js/errors.d.ts"]);
    writeFileSync(
      join(dir, "use.ts"),
      [
        'import type { UsageRecord } from "./model.js";',
        'const ok: UsageRecord = { timestamp: new Date(), dimension: "d", region: "eu-west-1" };',
        "// @ts-expect-error the member is a string",
        'const bad: UsageRecord = { timestamp: new Date(), dimension: "d", region: 1 };',
        "void [ok, bad];",
      ].join("\n"),
    );
    execFileSync(join(root, "node_modules/.bin/tsc"), ["--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", join(dir, "use.ts")], { stdio: "pipe" });
  });
});
