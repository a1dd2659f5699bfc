// Writes js/errors.js and js/errors.d.ts from their templates (codegen/templates/), with one
// class per model error.

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
