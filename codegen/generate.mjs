#!/usr/bin/env node
// Generates every file the service model defines (see codegen/README.md). The only reader of
// ../shared/aws-model: building, testing and using the package read the generated files.
//
//   node codegen/generate.mjs [--model <smithy.json>] [--out <dir>]
//
// --out defaults to the repository; a test generates into a temporary directory instead. The
// output depends on the model and the templates only (no dates, no absolute paths).

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { emitPatternCases } from "./fixtures.mjs";
import { emitEmulatorShapes, emitErrorsDts, emitErrorsJs } from "./js.mjs";
import { readModel } from "./model.mjs";
import { emitRust } from "./rust.mjs";
import { emitTs } from "./ts.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    model: { type: "string", default: join(root, "../shared/aws-model/marketplace-metering.smithy.json") },
    out: { type: "string", default: root },
  },
});

/** Every generated file, by its path in the repository. */
function generate(modelJson) {
  const model = readModel(modelJson);
  const template = (name) => readFileSync(join(root, "codegen/templates", name), "utf8");
  return {
    "src/model/tables.rs": emitRust(model, "shared/aws-model/marketplace-metering.smithy.json"),
    "src/wasm/model_types.rs": emitTs(model),
    "js/errors.js": emitErrorsJs(model, template("errors.js")),
    "js/errors.d.ts": emitErrorsDts(model, template("errors.d.ts")),
    "js/emulator/model-shapes.js": emitEmulatorShapes(model),
    "tests/data/pattern-cases.json": emitPatternCases(model),
  };
}

const files = generate(JSON.parse(readFileSync(args.model, "utf8")));
const written = Object.entries(files).map(([path, text]) => {
  const file = join(resolve(args.out), path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
});
// Last, so the Rust files are exactly what `cargo fmt` keeps (no rustfmt.toml: its defaults).
execFileSync("rustfmt", ["--edition", "2021", ...written.filter((f) => f.endsWith(".rs"))], { stdio: "inherit" });
console.log(`generate: ${written.length} files from ${relative(process.cwd(), args.model) || args.model} into ${relative(process.cwd(), resolve(args.out)) || "."}`);
