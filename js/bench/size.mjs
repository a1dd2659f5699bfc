// Size: what a Worker deploy carries for each library, raw and gzip -9. Ours is the .wasm plus
// its JS glue, both as shipped in pkg/ and as an esbuild-minified bundle of the workerd entry;
// the peers are esbuild-minified ESM bundles (Worker conditions) of what the same use needs.
import { mkdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { bundle, ENTRIES } from "./bundle.mjs";

const root = new URL("../..", import.meta.url).pathname;
const out = `${root}target/bench/size`;
mkdirSync(out, { recursive: true });

const sizes = (files) => {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(f);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length; // each file on its own, as each is uploaded
  }
  return { raw, gzip };
};

// Where the .wasm's bytes are, by section (code, data, ...): cheap to read from the section
// headers, and it tells the size work whether code or static data stands in the way.
function wasmSections(bytes) {
  const names = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"];
  const leb = (at) => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at.i++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return value;
    }
  };
  const sections = {};
  const at = { i: 8 }; // past the magic number and version
  while (at.i < bytes.length) {
    const id = bytes[at.i++];
    const size = leb(at);
    const name = names[id] ?? `id${id}`;
    sections[name] = (sections[name] ?? 0) + size;
    at.i += size;
  }
  return sections;
}

const results = [];
for (const [name, contents] of Object.entries(ENTRIES)) {
  const outfile = `${out}/${name}.mjs`;
  const { metafile } = await bundle(contents, outfile);
  const wasm = Object.values(metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.external && i.path.endsWith(".wasm"));
  const files = [outfile, ...wasm.map(() => `${root}pkg/marketplace_metering_wasm_bg.wasm`)];
  results.push({ name: name === "ours" ? "ours-bundled" : name, files: files.map((f) => f.replace(root, "")), ...sizes(files) });
  if (name === "ours") {
    // The same inputs unminified, exactly as the npm package ships them.
    const shipped = [...Object.keys(metafile.inputs).filter((f) => f.startsWith("pkg/")), "pkg/marketplace_metering_wasm_bg.wasm"];
    results.push({ name: "ours-shipped", files: shipped, ...sizes(shipped.map((f) => root + f)) });
    const wasmOnly = sizes([`${root}pkg/marketplace_metering_wasm_bg.wasm`]);
    const sections = wasmSections(readFileSync(`${root}pkg/marketplace_metering_wasm_bg.wasm`));
    results.push({ name: "ours-wasm-only", files: ["pkg/marketplace_metering_wasm_bg.wasm"], ...wasmOnly, sections });
  }
}
console.log(JSON.stringify({ results }));
