// Writes src/model/tables.rs: the model as static rows of the types in src/model/schema.rs.
// The text need not be pretty: generate.mjs runs rustfmt on it last.

import { docFirstSentence } from "./docs.mjs";
import { I32, words } from "./model.mjs";
import { compilePattern, UNBOUNDED } from "./patterns.mjs";

export const HEADER = "generated from the service model by `make generate`; do not edit";

export const screaming = (name) => words(name).join("_").toUpperCase();
const KEYWORDS = new Set(("as async await break const continue crate dyn else enum extern false fn for if impl in let loop " +
  "match mod move mut pub ref return self static struct super trait true type unsafe use where while").split(" "));
const snake = (name) => {
  const id = words(name).join("_").toLowerCase();
  return KEYWORDS.has(id) ? `r#${id}` : id;
};

/** A Rust string literal; the file stays readable (UTF-8 kept), control characters escaped. */
export const rustStr = (s) =>
  '"' + s.replace(/[\\"]/g, (c) => "\\" + c).replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`) + '"';

/**
 * A string expression whose lines fit rustfmt's width: long text becomes `concat!` of pieces
 * broken after spaces (rustfmt leaves an item with an over-long literal unformatted).
 */
const rustLongStr = (s, width = 70) => {
  const pieces = [];
  let rest = s;
  while (rest.length > width) {
    const space = rest.lastIndexOf(" ", width);
    const cut = space > width / 2 ? space + 1 : width;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces.length === 1 ? rustStr(s) : `concat!(${pieces.map(rustStr).join(", ")})`;
};

const rustChar = (cp) => {
  if (cp === 0x27 || cp === 0x5c) return `'\\${String.fromCharCode(cp)}'`;
  return cp >= 0x20 && cp < 0x7f ? `'${String.fromCharCode(cp)}'` : `'\\u{${cp.toString(16)}}'`;
};
const rustMax = (n, none) => (n === null ? none : String(n));

export function emitRust(model, source) {
  const { service, operations, errors, shapes } = model;
  const structures = [...shapes.values()].filter((s) => s.kind === "structure");
  const statics = [...shapes.values()].filter((s) => ["string", "integer", "list", "enum"].includes(s.kind))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  if (errors.length > 255) throw new Error("more than 255 errors do not fit OperationShape.errors (u8)");

  // One pattern static per distinct source, named after the first shape (by name) that uses it;
  // none for a pattern that admits every string.
  const patterns = new Map();
  for (const s of statics) {
    if (s.kind !== "string" || s.pattern === null || patterns.has(s.pattern)) continue;
    const compiled = compilePattern(s.pattern);
    if (!compiled.matchesAll) patterns.set(s.pattern, { name: `${screaming(s.name)}_PATTERN`, ...compiled });
  }
  const names = [...shapes.values()].filter((s) => s.kind !== "boolean" && s.kind !== "timestamp").map((s) => screaming(s.name))
    .concat([...patterns.values()].map((p) => p.name), ["SERVICE", "OPERATIONS", "ERRORS", "MEMBER_DOCS"]);
  const clash = names.find((n, i) => names.indexOf(n) !== i);
  if (clash) throw new Error(`two statics would be named ${clash}`);

  const shapeExpr = (name) => {
    const s = shapes.get(name);
    const kind = { string: "String", integer: "Integer", enum: "Enum", list: "List", structure: "Structure" }[s.kind];
    return kind ? `Shape::${kind}(&${screaming(name)})` : { boolean: "Shape::Boolean", timestamp: "Shape::Timestamp" }[s.kind];
  };
  const flags = (m) =>
    [m.required && "REQUIRED", m.defaultEmpty && "DEFAULT_EMPTY", m.idempotencyToken && "IDEMPOTENCY_TOKEN"].filter(Boolean).join(" | ") || "0";

  const out = [];
  const w = (s) => out.push(s);
  w(`// ${HEADER}.
//! The service model's tables, read by the walker (rows: [\`super::schema\`]). Source:
//! \`${source}\`, through \`codegen/\`.
//!
//! Order: [\`OPERATIONS\`] and [\`Operation\`] follow the service's operation list; [\`ERRORS\`]
//! is sorted by code (an operation's \`errors\` are indices into it); structures come in the order
//! the operations reach them and keep the model's member order (the order a body is written in).
//! Strings and lists without \`@length\` have min 0 and max \`u32::MAX\`; integers without
//! \`@range\` bounds have the 32-bit range of a Smithy \`integer\`. A pattern that admits every
//! string (\`^[\\s\\S]*$\`) is \`pattern: None\`: it adds nothing to a check.

use super::schema::*;

pub static SERVICE: Service = Service {
  sdk_id: ${rustStr(service.sdkId)},
  signing_name: ${rustStr(service.signingName)},
  target_prefix: ${rustStr(service.targetPrefix)},
  api_version: ${rustStr(service.apiVersion)},
};

/// The service's operations; the discriminant is the index into [\`OPERATIONS\`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Operation { ${operations.map((o) => o.name).join(", ")} }

impl Operation {
  pub const ALL: [Operation; ${operations.length}] = [${operations.map((o) => `Operation::${o.name}`).join(", ")}];

  /// The operation's row of [\`OPERATIONS\`].
  pub fn shape(self) -> &'static OperationShape {
    match self { ${operations.map((o, i) => `Operation::${o.name} => &OPERATIONS[${i}],`).join(" ")} }
  }

  /// The model's name, e.g. \`${operations[0].name}\`.
  pub fn name(self) -> &'static str {
    self.shape().name
  }

  /// The operation the model names \`name\`.
  pub fn from_name(name: &str) -> Option<Operation> {
    match name { ${operations.map((o) => `${rustStr(o.name)} => Some(Operation::${o.name}),`).join(" ")} _ => None }
  }
}

pub static OPERATIONS: [OperationShape; ${operations.length}] = [${operations.map((o) => `OperationShape {
  name: ${rustStr(o.name)}, js_name: ${rustStr(o.jsName)},
  input: &${screaming(o.input)}, output: &${screaming(o.output)},
  errors: &[${o.errors.map((e) => errors.findIndex((x) => x.code === e)).join(", ")}],
}`).join(", ")}];

/// Every error structure of the model, sorted by code.
pub static ERRORS: [ErrorShape; ${errors.length}] = [${errors.map((e) => `ErrorShape {
  code: ${rustStr(e.code)}, fault: Fault::${e.fault === "server" ? "Server" : "Client"}, http_status: ${e.httpStatus},
}`).join(", ")}];
`);

  for (const s of structures) {
    w(`pub static ${screaming(s.name)}: Structure = Structure { name: ${rustStr(s.name)}, members: &[${s.members.map((m) => `Member {
  js_name: ${rustStr(m.jsName)}, wire_name: ${rustStr(m.wireName)}, shape: ${shapeExpr(m.target)}, flags: ${flags(m)},
}`).join(", ")}] };
`);
  }

  for (const s of statics) {
    const head = `pub static ${screaming(s.name)}`;
    if (s.kind === "string") {
      const p = patterns.get(s.pattern);
      w(`${head}: StringShape = StringShape { name: ${rustStr(s.name)}, min: ${s.min ?? 0}, max: ${rustMax(s.max, "u32::MAX")}, pattern: ${p ? `Some(&${p.name})` : "None"} };`);
    } else if (s.kind === "integer") {
      for (const n of [s.min, s.max]) if (n !== null && !Number.isInteger(n)) throw new Error(`${s.name}: range bound ${n} is not an integer`);
      w(`${head}: IntegerShape = IntegerShape { name: ${rustStr(s.name)}, min: ${s.min ?? I32[0]}, max: ${s.max ?? I32[1]} };`);
    } else if (s.kind === "list") {
      w(`${head}: ListShape = ListShape { name: ${rustStr(s.name)}, min: ${s.min ?? 0}, max: ${rustMax(s.max, "u32::MAX")}, member: ${shapeExpr(s.member)} };`);
    } else {
      w(`${head}: [&str; ${s.values.length}] = [${s.values.map(rustStr).join(", ")}];`);
    }
  }

  for (const [sourceText, p] of patterns) {
    const atoms = p.atoms.map((a) => `Atom { ranges: &[${a.set.map(([lo, hi]) => `(${rustChar(lo)}, ${rustChar(hi)})`).join(", ")}], min: ${a.min}, max: ${a.max === UNBOUNDED ? "u16::MAX" : a.max} }`);
    w(`
pub static ${p.name}: Pattern = Pattern {
  source: ${rustLongStr(sourceText)},
  rule: ${rustLongStr(p.rule)},
  atoms: &[${atoms.join(", ")}],
};`);
  }

  // So that hand-written code never spells a member name: `USAGE_RECORD.members[usage_record::TIMESTAMP]`.
  for (const s of structures) {
    w(`
/// Indices into [\`${screaming(s.name)}\`]'s members.
pub mod ${snake(s.name)} {
  ${s.members.map((m, i) => `pub const ${screaming(m.wireName)}: usize = ${i};`).join("\n")}
}`);
  }

  w(`
/// (structure, member wire name, the first sentence of the member's documentation as plain
/// text), for messages and tooling. Apart from [\`Member\`] so that a build that never reads it
/// (the wasm package) drops it.
pub static MEMBER_DOCS: &[(&str, &str, &str)] = &[${structures.flatMap((s) => s.members.map((m) => `(${rustStr(s.name)}, ${rustStr(m.wireName)}, ${rustLongStr(docFirstSentence(m.doc))})`)).join(", ")}];
`);
  return out.join("\n");
}
