#!/usr/bin/env node
// Writes experiments/serde-boundary/src/types.rs: the service model's inputs and outputs as Rust
// types with serde derives, and their path-aware validation and awsJson1_1 writers, from the same
// model reader (codegen/model.mjs) and the same constraint tables (src/model/tables.rs) as the
// product. For the serde-boundary experiment only (README.md here); `make generate` never runs it.
//
//   node experiments/serde-boundary/codegen.mjs [--check]
//
// Inputs cross as JS objects: camelCase names (serde `rename_all = "camelCase"`, and a
// `rename` where the model's name does not survive that, e.g. `customerAWSAccountId`),
// `deny_unknown_fields`, a `Date` through `serde_wasm_bindgen::preserve` (`JsDate`). Outputs
// are read from the wire (PascalCase, epoch seconds, unknown members skipped) and written to
// JS in camelCase with Dates: two names per member, so a structure that is both (UsageRecord)
// has one type per direction.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { readModel, words } from "../../codegen/model.mjs";
import { rustStr, screaming } from "../../codegen/rust.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const model = readModel(JSON.parse(readFileSync(join(root, "../shared/aws-model/marketplace-metering.smithy.json"), "utf8")));
const { shapes, operations } = model;

const KEYWORDS = new Set(["type", "ref", "match", "move", "use", "mod", "fn", "struct", "enum", "impl", "loop", "where"]);
const snake = (name) => {
  const id = words(name).join("_").toLowerCase();
  return KEYWORDS.has(id) ? `r#${id}` : id;
};
// What serde's rename_all = "camelCase" makes of a snake_case field name.
const serdeCamel = (field) => field.replace(/^r#/, "").replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

// The structures each direction reaches.
const reach = (start, set) => {
  const s = shapes.get(start);
  if (s.kind === "structure") {
    if (set.has(start)) return set;
    set.add(start);
    for (const m of s.members) reach(m.target, set);
  } else if (s.kind === "list") reach(s.member, set);
  return set;
};
const inputs = new Set();
const outputs = new Set();
for (const op of operations) {
  reach(op.input, inputs);
  reach(op.output, outputs);
}
const topOutputs = new Set(operations.map((op) => op.output));

const fail = (why) => {
  throw new Error(`serde codegen: ${why}`);
};

// The Rust type of a member's target in one direction.
function rustType(target, dir) {
  const s = shapes.get(target);
  switch (s.kind) {
    case "string":
    case "enum":
      return "String";
    case "integer":
      return dir === "input" ? "i32" : "i64";
    case "boolean":
      return "bool";
    case "timestamp":
      return dir === "input" ? "JsDate" : "WireDate";
    case "list":
      return `Vec<${rustType(s.member, dir)}>`;
    case "structure":
      return s.name;
    default:
      return fail(`${target}: ${s.kind}`);
  }
}

function emitInput(s) {
  const out = [];
  const w = (line) => out.push(line);
  w(`/// \`${s.name}\` as a JS input.`);
  w("#[derive(Debug, Deserialize)]");
  w('#[serde(rename_all = "camelCase", deny_unknown_fields)]');
  w(`pub struct ${s.name} {`);
  for (const m of s.members) {
    const field = snake(m.wireName);
    const attrs = [];
    if (serdeCamel(field) !== m.jsName) attrs.push(`rename = ${rustStr(m.jsName)}`);
    if (shapes.get(m.target).kind === "timestamp" && !m.required) attrs.push("default");
    if (attrs.length) w(`    #[serde(${attrs.join(", ")})]`);
    const t = rustType(m.target, "input");
    w(`    pub ${field}: ${m.required ? t : `Option<${t}>`},`);
  }
  w("}");
  w("");
  w(`impl Input for ${s.name} {`);
  // Validation: every constraint the model states, at the path the caller wrote.
  w("    fn validate(&self, path: &Path<'_>, top: TopList) -> Result<(), ValidationError> {");
  w("        let _ = top;");
  for (const m of s.members) {
    const field = snake(m.wireName);
    const t = shapes.get(m.target);
    const at = `&path.member(${rustStr(m.jsName)})`;
    const [ref, val, place] = m.required ? [`&self.${field}`, `self.${field}`, `self.${field}`] : ["v", "*v", "v"];
    let check;
    switch (t.kind) {
      case "string":
        check = `check_string(&tables::${screaming(t.name)}, ${ref}, ${at})?;`;
        break;
      case "integer":
        check = `check_integer(&tables::${screaming(t.name)}, ${val}, ${at})?;`;
        break;
      case "boolean":
        check = null;
        break;
      case "timestamp":
        check = `check_date(${ref}, ${at})?;`;
        break;
      case "list": {
        if (shapes.get(t.member).kind !== "structure") fail(`${t.name}: a list of ${shapes.get(t.member).kind}`);
        check = `let at = ${at.slice(1)}; check_list(&tables::${screaming(t.name)}, ${place}.len(), &at, top)?; for (i, item) in ${place}.iter().enumerate() { item.validate(&at.index(i), TopList::Bounded)?; }`;
        break;
      }
      case "structure":
        check = `${place}.validate(${at}, TopList::Bounded)?;`;
        break;
      default:
        fail(`${s.name}.${m.wireName}: an input ${t.kind}`);
    }
    if (!check) continue;
    w(m.required ? `        ${check}` : `        if let Some(v) = &self.${field} { ${check} }`);
  }
  w("        Ok(())");
  w("    }");
  w("");
  // The awsJson1_1 body: wire names, model order, no absent members, no "" where the model's
  // default is "", the idempotency token when the caller gave none.
  w("    fn write_wire(&self, out: &mut String, token: Option<&str>) {");
  w("        let _ = token;");
  w("        let first = &mut true;");
  w("        out.push('{');");
  for (const m of s.members) {
    const field = snake(m.wireName);
    const t = shapes.get(m.target);
    const [ref, val, place] = m.required ? [`&self.${field}`, `self.${field}`, `self.${field}`] : ["v", "*v", "v"];
    const key = `json::write_key(out, first, ${rustStr(m.wireName)});`;
    let write;
    switch (t.kind) {
      case "string":
        write = `json::write_string(out, ${ref});`;
        break;
      case "integer":
        write = `json::write_i64(out, i64::from(${val}));`;
        break;
      case "boolean":
        write = `out.push_str(if ${val} { "true" } else { "false" });`;
        break;
      case "timestamp":
        write = `json::write_i64(out, ${place}.epoch_seconds());`;
        break;
      case "list":
        write = `out.push('['); for (i, item) in ${place}.iter().enumerate() { if i > 0 { out.push(','); } item.write_wire(out, None); } out.push(']');`;
        break;
      case "structure":
        write = `${place}.write_wire(out, None);`;
        break;
    }
    if (m.required) w(`        ${key} ${write}`);
    else if (m.defaultEmpty) w(`        if let Some(v) = self.${field}.as_deref().filter(|v| !v.is_empty()) { ${key} ${write} }`);
    else w(`        if let Some(v) = &self.${field} { ${key} ${write} }`);
    if (m.idempotencyToken) {
      if (m.required) fail(`${s.name}.${m.wireName}: a required idempotency token`);
      w(`        if let (None, Some(token)) = (&self.${field}, token) { ${key} json::write_string(out, token); }`);
    }
  }
  w("        out.push('}');");
  w("    }");
  w("");
  // The unknown-member pass over the JS object (serde-wasm-bindgen reads only known fields).
  w('    #[cfg(feature = "members")]');
  w("    fn check_members(v: &JsValue, path: &Path<'_>) -> Result<(), ValidationError> {");
  w(`        known_members(v, &[${s.members.map((m) => rustStr(m.jsName)).join(", ")}], path)?;`);
  for (const m of s.members) {
    const t = shapes.get(m.target);
    const name = rustStr(m.jsName);
    if (t.kind === "structure") w(`        ${t.name}::check_members(&member(v, ${name}), &path.member(${name}))?;`);
    if (t.kind === "list") {
      const item = shapes.get(t.member).name;
      w(`        { let at = path.member(${name}); for (i, item) in items(&member(v, ${name})).iter().enumerate() { ${item}::check_members(item, &at.index(i))?; } }`);
    }
  }
  w("        Ok(())");
  w("    }");
  w("}");
  return out.join("\n");
}

function emitOutput(s) {
  const out = [];
  const w = (line) => out.push(line);
  const top = topOutputs.has(s.name);
  w(`/// \`${s.name}\` as the service answers it and as JS receives it.`);
  w("#[derive(Debug, PartialEq, Eq, Deserialize)]");
  w('#[cfg_attr(target_arch = "wasm32", derive(Serialize))]');
  w(`pub struct ${s.name} {`);
  for (const m of s.members) {
    const field = snake(m.wireName);
    const t = shapes.get(m.target);
    const attrs = [`rename(deserialize = ${rustStr(m.wireName)}, serialize = ${rustStr(m.jsName)})`];
    let type = rustType(m.target, "output");
    // The JS API always hands back an operation's lists ([] when the service left one out).
    if (top && t.kind === "list") attrs.push("default");
    else if (!m.required) {
      type = `Option<${type}>`;
      attrs.push('skip_serializing_if = "Option::is_none"');
    }
    w(`    #[serde(${attrs.join(", ")})]`);
    w(`    pub ${field}: ${type},`);
  }
  w("}");
  return out.join("\n");
}

const ordered = [...shapes.values()].filter((s) => s.kind === "structure");
const text = `// generated from the service model by experiments/serde-boundary/codegen.mjs; do not edit.
//! The service model's inputs and outputs as serde types (see \`super\`): [\`input\`] crosses
//! from JS through \`serde_wasm_bindgen::from_value\`, [\`output\`] is read from the wire and
//! crosses to JS through \`serde_wasm_bindgen::to_value\`.

/// The inputs, as the JS API names them (from JS only: wasm32).
#[cfg(target_arch = "wasm32")]
pub mod input {
    use alloc::string::String;
    use alloc::vec::Vec;
    use serde::Deserialize;
    use wasm_bindgen::JsValue;

    use crate::json;
    use crate::model::tables;
    use crate::model::walk::TopList;
    use crate::model::{Path, ValidationError};
    #[cfg(feature = "members")]
    use crate::serde_model::js::{items, known_members, member};
    use crate::serde_model::{check_date, check_integer, check_list, check_string, Input, JsDate};

${ordered.filter((s) => inputs.has(s.name)).map(emitInput).join("\n\n")}
}

/// The outputs: wire names in, JS names out.
pub mod output {
    use alloc::string::String;
    use alloc::vec::Vec;
    use serde::Deserialize;
    #[cfg(target_arch = "wasm32")]
    use serde::Serialize;

    use crate::serde_model::WireDate;

${ordered.filter((s) => outputs.has(s.name)).map(emitOutput).join("\n\n")}
}

`;

const file = join(here, "src/types.rs");
const tmp = join(here, "src/.types.rs.tmp");
writeFileSync(tmp, text);
execFileSync("rustfmt", ["--edition", "2021", tmp], { stdio: "inherit" });
const fresh = readFileSync(tmp, "utf8");
execFileSync("rm", ["-f", tmp]);
if (process.argv.includes("--check")) {
  if (readFileSync(file, "utf8") !== fresh) fail(`${file} differs from a fresh run: run node experiments/serde-boundary/codegen.mjs`);
  console.log("serde codegen: src/types.rs is what the model gives");
} else {
  writeFileSync(file, fresh);
  console.log(`serde codegen: wrote ${file}`);
}
