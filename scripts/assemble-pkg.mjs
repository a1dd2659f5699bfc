// Assembles the npm package in pkg/ from wasm-pack's bundler output and the hand-written
// entries in js/package/, then packs it. Usage: node scripts/assemble-pkg.mjs <wasm-pack-out> <pkg> <tarball>
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Reader } from "./wasm-reader.mjs";

const [outDir, pkgDir, tarball] = process.argv.slice(2).map((p) => resolve(p));
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const templates = join(root, "js/package");

for (const entry of readdirSync(pkgDir)) {
  if (entry !== ".gitignore") rmSync(join(pkgDir, entry), { recursive: true, force: true });
}
for (const file of ["marketplace_metering_wasm_bg.wasm", "marketplace_metering_wasm_bg.js"]) {
  cpSync(join(outDir, file), join(pkgDir, file));
}
if (existsSync(join(outDir, "snippets"))) cpSync(join(outDir, "snippets"), join(pkgDir, "snippets"), { recursive: true });

for (const file of readdirSync(templates)) {
  if (!file.endsWith(".in")) cpSync(join(templates, file), join(pkgDir, file));
}

// The types: wasm-bindgen's own declarations (the client's methods with their Rust doc
// comments, the option types and the generated model types from typescript_custom_section)
// followed by the error classes js/errors.js defines (js/errors.d.ts, generated too).
const bindgenTypes = readFileSync(join(outDir, "marketplace_metering_wasm.d.ts"), "utf8");
writeFileSync(
  join(pkgDir, "index.d.ts"),
  "// Types of marketplace-metering-wasm: wasm-bindgen's declarations, then the error classes.\n" +
    bindgenTypes +
    "\n" +
    readFileSync(join(root, "js/errors.d.ts"), "utf8"),
);

// wasm-bindgen puts js/errors.js under snippets/<crate>-<hash>/; the public exports must
// re-export that same module (a copy would be a second class and break instanceof).
const findErrors = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const found = findErrors(p);
      if (found) return found;
    } else if (e.name === "errors.js") return p;
  }
  return null;
};
const errorsPath = existsSync(join(pkgDir, "snippets")) ? findErrors(join(pkgDir, "snippets")) : null;
if (!errorsPath) throw new Error("assemble-pkg: js/errors.js snippet not found in wasm-pack output");
// Only the classes are public; `makeError` is for the glue.
const classes = [...readFileSync(errorsPath, "utf8").matchAll(/^export class (\w+)/gm)].map((m) => m[1]);
const exportsJs = readFileSync(join(templates, "exports.js.in"), "utf8")
  .replace("@ERROR_CLASSES@", classes.join(", "))
  .replace("@ERRORS_MODULE@", "./" + relative(pkgDir, errorsPath).split("\\").join("/"));
writeFileSync(join(pkgDir, "exports.js"), exportsJs);

// The module imports from the glue and from each snippet directly; the instantiating code
// must hand it those very functions. wasm-bindgen names each import by its module's path and
// a hashed name (`./marketplace_metering_wasm_bg.js`, `__wbg_new_edc7c04b48e09690`): 2.3 KB of
// the .wasm, and names a bundler must keep, since the module's import object is built from
// the glue's namespace. The .wasm is rewritten to import each function from module "m" under
// a short name instead, and load.js maps each short name to the function, by a property
// access a bundler resolves (and then renames and drops like any other binding). Its exports
// get short names too (`call_poll`, `marketplacemetering_meterUsageRecords`, …), which the
// glue reads as properties that no minifier may rename.
const wasmPath = join(pkgDir, "marketplace_metering_wasm_bg.wasm");
const { bytes: renamedWasm, imports, exports } = shortenNames(readFileSync(wasmPath));
writeFileSync(wasmPath, renamedWasm);
// The glue reaches every export as `wasm.<name>`; it reaches them under their short names.
const gluePath = join(pkgDir, "marketplace_metering_wasm_bg.js");
const shortExport = new Map(exports.map((e) => [e.name, e.short]));
writeFileSync(
  gluePath,
  readFileSync(gluePath, "utf8").replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (whole, name) =>
    shortExport.has(name) ? `wasm.${shortExport.get(name)}` : whole,
  ),
);
const importModules = [...new Set(imports.map((i) => i.module))].filter((m) => m !== "./marketplace_metering_wasm_bg.js");
const importLines = importModules.map((m, i) => `import * as m${i} from ${JSON.stringify(m)};`);
const moduleVar = (m) => (m === "./marketplace_metering_wasm_bg.js" ? "bg" : `m${importModules.indexOf(m)}`);
const importsObject = `{ m: { ${imports.map((i) => `${i.short}: ${moduleVar(i.module)}.${i.name}`).join(", ")} } }`;
writeFileSync(
  join(pkgDir, "load.js"),
  readFileSync(join(templates, "load.js.in"), "utf8")
    .replace("@IMPORT_LINES@\n", importLines.map((l) => l + "\n").join(""))
    .replace("@IMPORTS_OBJECT@", importsObject),
);
cpSync(join(root, "README.md"), join(pkgDir, "README.md"));
// npm would otherwise read pkg/.gitignore (which ignores everything) as the ignore list.
writeFileSync(join(pkgDir, ".npmignore"), "");

mkdirSync(dirname(tarball), { recursive: true });
const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", dirname(tarball)], {
  cwd: pkgDir,
  encoding: "utf8",
}).trim().split("\n").pop();
renameSync(join(dirname(tarball), packed), tarball);
console.log(`pkg/ assembled; packed ${relative(root, tarball)}`);

/**
 * The module with every import renamed to module "m" and a short field name ("a", "b", …,
 * "Z", "aa", …), and every export but `__wbindgen_start` (which load.js calls by name) to a
 * short name; returns it, and the imports and exports as they were, each with its short name.
 * Only the names change: the entries keep their order and kinds, so no index moves.
 */
function shortenNames(bytes) {
  const r = new Reader(bytes, 8); // past the magic number and the version
  const encodeLeb = (n) => {
    const out = [];
    do {
      let b = n & 0x7f;
      n = Math.floor(n / 128);
      if (n > 0) b |= 0x80;
      out.push(b);
    } while (n > 0);
    return out;
  };
  const encodeName = (text) => {
    const utf8 = new TextEncoder().encode(text);
    return [...encodeLeb(utf8.length), ...utf8];
  };
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const shortName = (i) => (i < letters.length ? letters[i] : shortName(Math.floor(i / letters.length) - 1) + letters[i % letters.length]);
  const sections = [];
  const imports = [];
  const exports = [];
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const contentStart = r.at;
    const end = contentStart + size;
    if (id === 2) {
      const entries = [];
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const module = r.name();
        const field = r.name();
        const descStart = r.at;
        r.importDesc();
        const short = shortName(i);
        imports.push({ module, name: field, short });
        entries.push(...encodeName("m"), ...encodeName(short), ...bytes.subarray(descStart, r.at));
      }
      sections.push([id, [...encodeLeb(count), ...entries]]);
    } else if (id === 7) {
      const entries = [];
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const field = r.name();
        const kind = r.byte();
        const index = r.u32();
        const short = field === "__wbindgen_start" ? field : shortName(i);
        exports.push({ name: field, short });
        entries.push(...encodeName(short), kind, ...encodeLeb(index));
      }
      sections.push([id, [...encodeLeb(count), ...entries]]);
    } else {
      sections.push([id, bytes.subarray(contentStart, end)]);
    }
    if ((id === 2 || id === 7) && r.at !== end) throw new Error(`assemble-pkg: section ${id} did not parse to its end`);
    r.at = end;
  }
  const parts = [bytes.subarray(0, 8)];
  for (const [id, content] of sections) parts.push(Uint8Array.from([id, ...encodeLeb(content.length)]), Uint8Array.from(content));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return { bytes: out, imports, exports };
}
