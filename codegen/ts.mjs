// Writes src/wasm/model_types.rs: the TypeScript types of the model's inputs, outputs and enums,
// as a wasm-bindgen `typescript_custom_section`, so they land in the package's `.d.ts`.
//
// Names and strictness follow the JS API: an operation's input and output structures are
// `<Operation>Input` / `<Operation>Output`, other structures keep the model's name; members are
// camelCase and optional unless required (a member with a default or an idempotency token is
// optional: the client fills it); timestamps are `Date`s; lists reached from an input are
// `readonly`. An output's top-level lists are always present (the client answers an absent one
// with `[]`), and every output carries `$metadata`.

import { readFileSync } from "node:fs";
import { docMarkdown, jsdoc } from "./docs.mjs";
import { I32 } from "./model.mjs";
import { compilePattern } from "./patterns.mjs";
import { HEADER } from "./rust.mjs";

const RESPONSE_METADATA = `/** The AWS SDK for JavaScript v3's \`$metadata\`, with what this client knows. */
export interface ResponseMetadata {
  /** The last response's HTTP status; absent when no response came. */
  httpStatusCode?: number;
  /** The last response's \`x-amzn-RequestId\`. */
  requestId?: string;
  /** Attempts made, including the first; 0 when nothing was sent. */
  attempts: number;
  /** Milliseconds spent waiting between attempts. */
  totalRetryDelay: number;
}
`;

const sizeNote = (min, max, unit) => {
  if (!min && max === null) return null;
  if (!min) return `at most ${max} ${unit}`;
  if (max === null) return `at least ${min} ${unit}`;
  return `${min} to ${max} ${unit}`;
};

/** What the model constrains about a member's value, in one sentence (or null). */
export function constraintNote(shape) {
  let parts = [];
  if (shape.kind === "string") {
    parts.push(sizeNote(shape.min, shape.max, "characters"));
    const p = shape.pattern === null ? null : compilePattern(shape.pattern);
    // "must not be empty" adds nothing to a minimum length of 1 or more.
    if (p && !p.matchesAll && !(p.rule === "must not be empty" && shape.min >= 1)) {
      parts.push(p.rule.startsWith("must match the pattern") ? `must match \`${shape.pattern}\`` : `${p.rule} (\`${shape.pattern}\`)`);
    }
  } else if (shape.kind === "integer") {
    parts.push(`an integer from ${shape.min ?? I32[0]} to ${shape.max ?? I32[1]}`);
  } else if (shape.kind === "list") {
    parts.push(sizeNote(shape.min, shape.max, "items"));
  }
  parts = parts.filter(Boolean);
  if (parts.length === 0) return null;
  const text = parts.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1) + ".";
}

export function emitTs(model) {
  const { operations, shapes } = model;
  const typeName = new Map();
  for (const op of operations) {
    for (const [s, suffix] of [[op.input, "Input"], [op.output, "Output"]]) {
      if (typeName.has(s)) throw new Error(`${s} is the input or output of two operations`);
      typeName.set(s, op.name + suffix);
    }
  }
  for (const s of shapes.values()) if (!typeName.has(s.name)) typeName.set(s.name, s.name);
  const clash = [...typeName.values()].find((n, i, all) => all.indexOf(n) !== i || n === "ResponseMetadata" || n === "OperationInputs");
  if (clash) throw new Error(`two TypeScript types would be named ${clash}`);

  // Structures an input reaches: their lists are `readonly`, so a caller's readonly arrays fit.
  const inputSide = new Set();
  const reach = (name) => {
    const s = shapes.get(name);
    if (s.kind === "list") reach(s.member);
    if (s.kind !== "structure" || inputSide.has(name)) return;
    inputSide.add(name);
    for (const m of s.members) reach(m.target);
  };
  for (const op of operations) reach(op.input);
  const outputs = new Set(operations.map((o) => o.output));

  const tsType = (name, readonly) => {
    const s = shapes.get(name);
    switch (s.kind) {
      case "string": return "string";
      case "integer": return "number";
      case "boolean": return "boolean";
      case "timestamp": return "Date";
      case "list": {
        const item = tsType(s.member, readonly);
        return `${readonly ? "readonly " : ""}${/\W/.test(item) ? `(${item})` : item}[]`;
      }
      default: return typeName.get(name); // structure, enum
    }
  };

  const out = [`// The service model's inputs, outputs and enums in the JS API's camelCase.\n// ${HEADER[0].toUpperCase()}${HEADER.slice(1)}.\n`, RESPONSE_METADATA];
  out.push(`/** The input type of each operation, by its AWS name (for \`prepareRequest\`). */
export interface OperationInputs {
${operations.map((o) => `  ${o.name}: ${typeName.get(o.input)};`).join("\n")}
}
`);
  // The model's errors of each operation, as the classes a call can reject with (besides the
  // ones every call can: ValidationError, CredentialsError, NetworkError, TimeoutError…).
  for (const op of operations) {
    out.push(`/** The errors the model names for \`${op.jsName}\`. */
export type ${op.name}Error =
${op.errors.map((e) => `  | ${e}`).join("\n")};
`);
  }

  const structure = (s) => {
    const op = operations.find((o) => o.input === s.name || o.output === s.name);
    const role = op && `The ${op.input === s.name ? "input" : "output"} of \`${op.jsName}\`.`;
    let text = jsdoc([[role, docMarkdown(s.doc)].filter(Boolean).join(" ")]);
    text += `export interface ${typeName.get(s.name)} {\n`;
    for (const m of s.members) {
      const target = shapes.get(m.target);
      const alwaysPresent = outputs.has(s.name) && target.kind === "list";
      const optional = alwaysPresent ? false : !m.required || m.defaultEmpty || m.idempotencyToken;
      const notes = [
        constraintNote(target),
        m.idempotencyToken && "When absent, the client makes one random token per call, the same for every attempt.",
        alwaysPresent && "Always present: empty when the service sends none.",
      ].filter(Boolean).join(" ");
      text += jsdoc([docMarkdown(m.doc), notes], "  ");
      text += `  ${m.jsName}${optional ? "?" : ""}: ${tsType(m.target, inputSide.has(s.name))};\n`;
    }
    if (outputs.has(s.name)) text += "  /** The response's metadata, as the AWS SDK for JavaScript v3 has it. */\n  $metadata: ResponseMetadata;\n";
    return text + "}\n";
  };

  const emitted = new Set();
  const emit = (name) => {
    if (emitted.has(name)) return;
    emitted.add(name);
    const s = shapes.get(name);
    if (s.kind === "structure") out.push(structure(s));
    if (s.kind === "enum") out.push(jsdoc([docMarkdown(s.doc)]) + `export type ${s.name} = ${s.values.map((v) => JSON.stringify(v)).join(" | ")};\n`);
  };
  for (const op of operations) [op.input, op.output].forEach(emit);
  for (const name of shapes.keys()) emit(name);

  // The client's hand-written types follow the model's (they refer to them).
  const template = readFileSync(new URL("./templates/client.d.ts", import.meta.url), "utf8");
  out.push(template.replace(/^(\/\/.*\n)+\n/, ""));
  const ts = out.join("\n");
  // A raw string needs more `#` than any `"#…` run in the text.
  const hashes = "#".repeat(Math.max(0, ...[...ts.matchAll(/"(#+)/g)].map((m) => m[1].length)) + 1);
  return `// ${HEADER}.
//! The TypeScript types of the service model's inputs, outputs and enums, then the client's
//! own (codegen/templates/client.d.ts), which wasm-bindgen writes into the package's \`.d.ts\`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const MODEL_TYPES: &str = r${hashes}"
${ts}"${hashes};
`;
}
