// Assembles the npm package in pkg/ from wasm-pack's bundler output and the hand-written
// entries in js/package/, then packs it. Usage: node scripts/assemble-pkg.mjs <wasm-pack-out> <pkg> <tarball>
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

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
// must hand it those very modules.
const wasmBytes = readFileSync(join(pkgDir, "marketplace_metering_wasm_bg.wasm"));
const importModules = [...new Set(WebAssembly.Module.imports(new WebAssembly.Module(wasmBytes)).map((i) => i.module))];
const importLines = importModules
  .filter((m) => m !== "./marketplace_metering_wasm_bg.js")
  .map((m, i) => `import * as m${i} from ${JSON.stringify(m)};`);
const importsObject =
  "{ " +
  importModules
    .map((m) => `${JSON.stringify(m)}: ${m === "./marketplace_metering_wasm_bg.js" ? "bg" : `m${importLines.findIndex((l) => l.endsWith(JSON.stringify(m) + ";"))}`}`)
    .join(", ") +
  " }";
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
