// Writes tests/data/pattern-cases.json: for every pattern of the model, strings and whether
// ECMAScript's RegExp (with the `u` flag: code points, as Java and Rust `char`s count) matches
// them. tests/tables.rs runs a reference matcher over the compiled atoms on the same strings,
// so the tables are checked against JS semantics without Node at `cargo test` time.
//
// The strings are fixed probes plus strings built from each pattern's own atoms (half of them
// valid, half with one count or character just outside), from a generator seeded by the pattern:
// a pattern's cases change only when it does.

import { compilePattern, UNBOUNDED } from "./patterns.mjs";
import { HEADER } from "./rust.mjs";

const PROBES = [
  "", " ", "a", "Z", "0", "9", "123", "0123456789", "-", "_", ".", ":", "/", "@", "=", "+", ",", "!", "~",
  "<", ">", "?", "[", "]", "\\", "'", '"', "\t", "\n", "\r", "\u000b", "\u0000", "\u007f", "\u00a0", "\u2028",
  "\ufeff", "é", "ß", "中文", "😀", "a😀", "a b", "a\nb", "abc-DEF_09", "k~", "bad code!", "x".repeat(300),
  "arn:aws:license-manager::123456789012:license:l-0123456789abcdef",
  "arn:aws-cn:s:r:a:x", "arn:aws:s:::r", "arn:aws::s:::r", "arn:awsX:s:r:a:res:with:colons", "arn:aws:s:r:a:",
  "arn:aws:s:r:a:res/path+x=y,z@w.v-u", "arn:aws:" + "s".repeat(63) + ":r:a:x", "arn:aws:" + "s".repeat(64) + ":r:a:x",
];

// A small deterministic generator (mulberry32).
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OUTSIDE = [..." !~:\né-_./@,+=<", "😀"];

// A string built from the atoms: every count within bounds and every character from its set,
// except (when `perturb`) one atom whose count is off by one or which holds an outside character.
function built(atoms, random, perturb) {
  const pick = (n) => Math.floor(random() * n);
  const inSet = (set) => {
    const [lo, hi] = set[pick(set.length)];
    // Mostly the range's ends or near its start: big ranges stay readable that way.
    const r = random();
    return String.fromCodePoint(r < 0.3 ? lo : r < 0.6 ? hi : lo + pick(Math.min(hi - lo + 1, 128)));
  };
  const target = perturb ? pick(atoms.length) : -1;
  const how = pick(3); // 0: one fewer, 1: one more, 2: an outside character
  return atoms.map((a, k) => {
    const max = a.max === UNBOUNDED ? a.min + 8 : a.max;
    const r = random();
    let n = r < 0.15 ? a.min : r < 0.3 ? max : a.min + pick(Math.min(max - a.min, 12) + 1);
    if (k === target && how === 0) n = a.min - 1;
    if (k === target && how === 1) n = a.max === UNBOUNDED ? n : a.max + 1;
    const chars = Array.from({ length: Math.max(0, n) }, () => inSet(a.set));
    if (k === target && (how === 2 || n < 0)) chars.splice(pick(chars.length + 1), 0, OUTSIDE[pick(OUTSIDE.length)]);
    return chars.join("");
  }).join("");
}

export function emitPatternCases(model) {
  const sources = [...new Set([...model.shapes.values()].filter((s) => s.kind === "string" && s.pattern !== null).map((s) => s.pattern))].sort();
  const patterns = sources.map((source) => {
    const { atoms } = compilePattern(source);
    // Seeded by the source, so a pattern's cases stay put when another pattern comes or goes.
    const random = rng([...source].reduce((h, c) => Math.imul(h ^ c.codePointAt(0), 16777619), 2166136261));
    const strings = new Set(PROBES);
    for (let k = 0; k < 150; k++) strings.add(built(atoms, random, k % 2 === 1));
    let re;
    try {
      re = new RegExp(source, "u");
    } catch {
      re = new RegExp(source); // e.g. `\-` outside a class: no identity escape in `u` mode
    }
    return { source, cases: [...strings].map((s) => [s, re.test(s)]) };
  });
  // ASCII only, so the file reads the same everywhere; JSON.stringify keeps non-ASCII as is.
  const ascii = (text) => text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const j = JSON.stringify;
  const body = patterns.map((p) => ` {"source": ${j(p.source)}, "cases": [\n${p.cases.map((c) => `  ${j(c)}`).join(",\n")}\n ]}`);
  const header = `${HEADER}. Matches are RegExp(source, "u")'s (codegen/fixtures.mjs).`;
  return ascii(`{"//": ${j(header)},\n"patterns": [\n${body.join(",\n")}\n]}\n`);
}
