// Where a build's code bytes go: the linker's module (with its function names) through
// wasm-bindgen and wasm-opt with the package's flags plus -g (names kept, code unchanged), then
// each function body's size summed by the crate and module its name starts with.
//
//   node experiments/serde-boundary/js/attribute.mjs <variant>...   -> JSON { variant: { group: bytes } }
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functions } from "./wasm.mjs";

const root = new URL("../../../", import.meta.url).pathname;
const out = `${root}target/serde-experiment/`;
const env = { ...process.env, PATH: `${root}node_modules/.bin:${process.env.HOME}/.cargo/bin:${process.env.PATH}` };
const FLAGS = ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals"];

// `_ZN4core3fmt5write17h…E`, `core[1a2b]::fmt::write`, `<f64 as core::fmt::Display>::fmt`
// -> `core::fmt`: a crate, and for the standard library and this crate its first module. An
// impl of a trait for a primitive or a standard type counts for the trait's module; wasm-bindgen's
// export shims (with what they inline) are `exports`.
const PRIMITIVE = /^(&?(mut )?)?(u8|u16|u32|u64|u128|usize|i8|i16|i32|i64|i128|isize|f32|f64|bool|char|str|\(\)|\[.*\]|core::.*|alloc::.*|std::.*)$/;
function group(name) {
  let path = name.replace(/\[[0-9a-f]+\]/g, "");
  if (path.startsWith("_ZN")) {
    const parts = [];
    let i = 3;
    while (i < path.length && /[0-9]/.test(path[i])) {
      let j = i;
      while (/[0-9]/.test(path[j])) j++;
      const n = Number(path.slice(i, j));
      parts.push(path.slice(j, j + n));
      i = j + n;
    }
    path = parts.join("::").replace(/\$LT\$/g, "<").replace(/\$GT\$/g, ">").replace(/\$u20\$/g, " ").replace(/\.\./g, "::");
  }
  const impl = path.match(/^<(.+?) as ([^<>]+)/);
  if (impl) path = PRIMITIVE.test(impl[1]) ? impl[2] : impl[1];
  path = path.replace(/^[<&\s]+/, "").replace(/^(impl|dyn|mut) /, "");
  if (!path.includes("::")) return "exports (wasm-bindgen shims, with what they inline)";
  const segs = path.split("::").map((s) => s.replace(/[<>{ ].*$/, ""));
  if (["core", "alloc", "std", "marketplace_metering_wasm"].includes(segs[0])) return `${segs[0]}::${segs[1] ?? ""}`;
  return segs[0];
}

const result = {};
for (const variant of process.argv.slice(2)) {
  const tmp = mkdtempSync(join(tmpdir(), "attr-"));
  try {
    execFileSync("wasm-bindgen", ["--target", "bundler", "--out-dir", tmp, "--out-name", "m", `${out}${variant}/cargo.wasm`], { stdio: "inherit", env });
    execFileSync(`${root}node_modules/.bin/wasm-opt`, [...FLAGS, "-g", join(tmp, "m_bg.wasm"), "-o", join(tmp, "opt.wasm")], { stdio: "inherit", env });
    const groups = {};
    for (const f of functions(readFileSync(join(tmp, "opt.wasm")))) groups[group(f.name)] = (groups[group(f.name)] ?? 0) + f.size;
    result[variant] = groups;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
console.log(JSON.stringify(result));
