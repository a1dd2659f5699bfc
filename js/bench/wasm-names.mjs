// A small reader of the WebAssembly binary format (core spec, "Binary Format"; the `name` custom
// section from its appendix), enough for the size report without twiggy: the bytes of each
// section, and each function body's bytes in the code section with its name.

import { Reader } from "../../scripts/wasm-reader.mjs";

const SECTION = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount", "tag"];

/**
 * Parses `bytes` (a .wasm). Returns
 * { sections: [{ id, kind, name?, size }], importedFunctions, functions: [{ index, size, name? }] }
 * where a function's size is its body with the body's length prefix: the bytes it takes in the
 * code section, so the sizes add up to the code section's payload less its count.
 */
export function parseWasm(bytes) {
  const r = new Reader(bytes, 8); // past "\0asm" and the version
  const sections = [];
  const functions = [];
  const names = new Map();
  let importedFunctions = 0;
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.at;
    const s = new Reader(bytes, start, start + size);
    const section = { id, kind: SECTION[id] ?? `id${id}`, size };
    if (id === 0) {
      section.name = s.name();
      if (section.name === "name") readNames(s, names);
    } else if (id === 2) {
      for (let n = s.u32(); n > 0; n--) {
        s.name();
        s.name();
        if (s.importDesc() === 0) importedFunctions++;
      }
    } else if (id === 10) {
      const count = s.u32();
      for (let i = 0; i < count; i++) {
        const at = s.at;
        const body = s.u32();
        s.at += body;
        functions.push({ index: importedFunctions + i, size: s.at - at });
      }
    }
    sections.push(section);
    r.at = start + size;
  }
  for (const f of functions) f.name = names.get(f.index);
  return { sections, importedFunctions, functions };
}

// The `name` section's subsection 1: function index -> name.
function readNames(s, names) {
  while (s.at < s.end) {
    const sub = s.byte();
    const size = s.u32();
    const end = s.at + size;
    if (sub === 1) for (let n = s.u32(); n > 0; n--) names.set(s.u32(), s.name());
    s.at = end;
  }
}

/**
 * Rust symbol names made readable, roughly: legacy-mangled `_ZN…E` decoded, then the `::h<hash>`
 * suffix and the `[<hash>]` crate disambiguators removed.
 */
export function demangle(name) {
  let text = name;
  const legacy = /^_?_ZN((?:\d+.+)+)E$/.exec(text);
  if (legacy) {
    const parts = [];
    let rest = legacy[1];
    for (let m; (m = /^(\d+)/.exec(rest)); ) {
      const len = Number(m[1]);
      parts.push(rest.slice(m[1].length, m[1].length + len));
      rest = rest.slice(m[1].length + len);
    }
    const escapes = { $LT$: "<", $GT$: ">", $u20$: " ", $u27$: "'", $u5b$: "[", $u5d$: "]", $u7b$: "{", $u7d$: "}", $RF$: "&", $BP$: "*", $C$: ",", $SP$: "@", $LP$: "(", $RP$: ")", "..": "::" };
    text = parts.join("::").replace(/\$[A-Za-z0-9]+\$|\.\./g, (e) => escapes[e] ?? e);
  }
  return text.replace(/::h[0-9a-f]{16}(?=$|\[)/, "").replace(/\[[0-9a-f]{16}\]/g, "");
}

/**
 * Where a demangled name belongs, for totals: this crate's functions under their module
 * (`marketplace_metering_wasm::json`), other crates' under the crate; `<T as Trait>::f` under T's
 * path, or the trait's when T is a primitive or a type parameter; wasm-bindgen's own functions
 * (`__wbindgen_*`, `__wbg_*`, externref table) under wasm_bindgen; the exported methods (names
 * without a path: `call_poll`, `marketplacemetering_meterUsage externref shim`, …, whose bodies
 * hold what was inlined into them) on their own.
 */
export function owner(name) {
  if (name === undefined) return "(unnamed)";
  if (/^__(wbindgen|wbg|externref)_|Externref/.test(name)) return "wasm_bindgen";
  if (/^(mem(cpy|move|set|cmp)|__(multi3|[a-z]+ti3)|__rust_)/.test(name)) return "compiler_builtins";
  if (!name.includes("::")) return "(exported methods, bodies inlined)";
  let path = name.replace(/^(<|&(mut )?|\*(const|mut) |dyn )+/, "");
  const self = path.split(/ as |>/)[0];
  if (self.includes("::")) path = self;
  else if (name.includes(" as ")) path = name.slice(name.indexOf(" as ") + 4).split(">")[0];
  else return "core";
  const segments = path.split("::");
  const crate = segments[0].replace(/<.*$/, "");
  return crate === "marketplace_metering_wasm" && segments.length > 2 ? `${crate}::${segments[1]}` : crate;
}
