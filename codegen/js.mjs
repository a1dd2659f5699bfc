// Writes js/errors.js and js/errors.d.ts from their templates (codegen/templates/), with one
// class per model error, and js/emulator/model-shapes.js, the shapes the emulator validates
// requests against.

import { docMarkdown, jsdoc } from "./docs.mjs";
import { HEADER } from "./rust.mjs";

/** Replaces the template's line holding `// @name@` with `lines` at its indentation. */
function fill(template, name, lines) {
  const re = new RegExp(`^([ \\t]*)// @${name}@\\n`, "m");
  const m = re.exec(template);
  if (!m) throw new Error(`template: no \`// @${name}@\` line`);
  return template.slice(0, m.index) + lines.map((l) => (l ? m[1] + l : l) + "\n").join("") + template.slice(m.index + m[0].length);
}

export function emitErrorsJs(model, template) {
  const classes = model.errors.map((e) => `export class ${e.code} extends MarketplaceMeteringServiceException {}`);
  const list = model.errors.map((e) => `${e.code},`);
  return `// ${HEADER} (template: codegen/templates/errors.js).\n` +
    fill(fill(template, "MODEL_ERROR_CLASSES", classes), "MODEL_ERROR_LIST", list);
}

export function emitErrorsDts(model, template) {
  const classes = model.errors.flatMap((e) => {
    const ops = model.operations.filter((o) => o.errors.includes(e.code)).map((o) => `\`${o.jsName}\``);
    const notes = [
      e.fault === "server" && "A server fault.",
      e.httpStatus && `HTTP ${e.httpStatus}.`,
      ops.length && `From ${ops.join(", ")}.`,
    ].filter(Boolean).join(" ");
    return (jsdoc([docMarkdown(e.doc), notes]) +
      `export class ${e.code} extends MarketplaceMeteringServiceException {\n  name: ${JSON.stringify(e.code)};\n}\n`).split("\n");
  });
  return `// ${HEADER} (template: codegen/templates/errors.d.ts).\n` + fill(template, "MODEL_ERROR_CLASSES", classes.slice(0, -1));
}

/**
 * The emulator's form, botocore-like so js/emulator/validate.js stays a plain walk: operations
 * `{ input, output, errors }`; shapes by name, `{ type, members: { Wire: { shape } }, required }`
 * for structures, `{ type: "list", member: { shape }, min?, max? }`, `{ type: "string", min?, max?,
 * pattern?, enum? }`, `{ type: "integer", min?, max? }`, `{ type: "boolean" | "timestamp" }`.
 * Only the bounds the model states: the emulator is a check independent of the client's tables.
 */
export function emitEmulatorShapes(model) {
  const operations = Object.fromEntries(model.operations.map((o) => [o.name, { input: o.input, output: o.output, errors: o.errors }]));
  const bounds = (s) => ({ ...(s.min !== null && { min: s.min }), ...(s.max !== null && { max: s.max }) });
  const shapes = {};
  for (const s of model.shapes.values()) {
    if (s.kind === "structure") {
      const required = s.members.filter((m) => m.required).map((m) => m.wireName);
      shapes[s.name] = {
        type: "structure",
        members: Object.fromEntries(s.members.map((m) => [m.wireName, { shape: m.target }])),
        ...(required.length && { required }),
      };
    } else if (s.kind === "list") shapes[s.name] = { type: "list", member: { shape: s.member }, ...bounds(s) };
    else if (s.kind === "string") shapes[s.name] = { type: "string", ...bounds(s), ...(s.pattern !== null && { pattern: s.pattern }) };
    else if (s.kind === "enum") shapes[s.name] = { type: "string", enum: s.values };
    else if (s.kind === "integer") shapes[s.name] = { type: "integer", ...bounds(s) };
    else shapes[s.name] = { type: s.kind };
  }
  return `// ${HEADER}.
// The operations and the shapes their inputs and outputs reach, for validate.js.

export const operations = ${JSON.stringify(operations, null, 2)};

export const shapes = ${JSON.stringify(shapes, null, 2)};
`;
}
