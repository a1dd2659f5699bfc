// Compiles a `smithy.api#pattern` (ECMAScript syntax, anchored `^…$`) into the atoms of
// src/model/schema.rs: a sequence of (character set, min, max) that must match the whole string.
//
// Only what that form can express exactly is accepted: literals, escapes, classes (also negated),
// `.`, `\d \D \s \S \w \W` and the quantifiers `* + ? {n} {n,} {n,m}`. Anything else
// (alternation, groups, backreferences, lookaround, boundaries, lazy quantifiers, a pattern
// without both anchors) throws, so a model change can never be matched more loosely than written.
//
// Characters are Unicode scalar values, as ECMAScript reads a pattern with the `u` flag and as
// Java (the service) and Rust `char` do. Sets never hold surrogates (U+D800–U+DFFF): no Rust
// `char` is one, and no valid string contains one.

export const UNBOUNDED = 0xffff; // u16::MAX in schema.rs
const MAX_CP = 0x10ffff;

// Sets: sorted, merged arrays of inclusive [lo, hi] code point ranges.
function normalize(ranges) {
  const sorted = ranges.map(([lo, hi]) => [lo, hi]).sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [lo, hi] of sorted) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return subtract(merged, [[0xd800, 0xdfff]]);
}

function subtract(set, minus) {
  let out = set;
  for (const [mlo, mhi] of minus) {
    out = out.flatMap(([lo, hi]) => {
      if (hi < mlo || lo > mhi) return [[lo, hi]];
      const parts = [];
      if (lo < mlo) parts.push([lo, mlo - 1]);
      if (hi > mhi) parts.push([mhi + 1, hi]);
      return parts;
    });
  }
  return out;
}

const complement = (set) => normalize(subtract([[0, MAX_CP]], set));
export const ANY = complement([]);
const sameSet = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const contains = (set, [lo, hi]) => set.some(([a, b]) => a <= lo && hi <= b);

// ECMAScript's definitions (ECMA-262 CharacterClassEscape): \s is WhiteSpace and LineTerminator.
const DIGIT = [[0x30, 0x39]];
const WORD = normalize([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]]);
const SPACE = normalize([
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a],
  [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
]);
const CLASS_ESCAPES = {
  d: DIGIT, D: complement(DIGIT), s: SPACE, S: complement(SPACE), w: WORD, W: complement(WORD),
};
const DOT = complement([[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]]);
const CONTROL_ESCAPES = { t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d };
// Escaped, these stand for themselves (`\/` and `\-` too, as the model writes them).
const IDENTITY = new Set([..."^$\\.*+?()[]{}|/-"]);

/**
 * Compiles `source`; returns `{ atoms, rule, matchesAll }` where each atom is
 * `{ set, min, max, items }` (`items`: the class as written, for the rule text).
 */
export function compilePattern(source) {
  const cps = [...source].map((c) => c.codePointAt(0));
  let pos = 0;
  const fail = (why) => {
    throw new Error(`pattern ${JSON.stringify(source)}: ${why} at offset ${pos}; ` +
      "the generator compiles only anchored sequences of characters, classes and quantifiers (codegen/patterns.mjs)");
  };
  const peek = () => String.fromCodePoint(cps[pos] ?? 0);
  const atEnd = () => pos >= cps.length;

  // An escape after `\`: a code point, or a set for \d \s \w and their negations.
  const escape = () => {
    if (atEnd()) fail("a trailing backslash");
    const c = peek();
    pos++;
    if (CLASS_ESCAPES[c]) return { set: CLASS_ESCAPES[c] };
    if (c in CONTROL_ESCAPES) return { cp: CONTROL_ESCAPES[c] };
    if (IDENTITY.has(c)) return { cp: c.codePointAt(0) };
    if (c === "0" && !/[0-9]/.test(peek())) return { cp: 0 };
    if (c === "u" || c === "x") {
      const width = c === "u" ? 4 : 2;
      const digits = String.fromCodePoint(...cps.slice(pos, pos + width));
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(digits)) fail(`a malformed \\${c} escape`);
      pos += digits.length;
      const cp = parseInt(digits, 16);
      if (cp >= 0xd800 && cp <= 0xdfff) fail("a surrogate escape");
      return { cp };
    }
    fail(`the escape \\${c} (a boundary, backreference, property or unknown escape)`);
  };

  // A class `[…]` after its `[`: items as written, and the set.
  const charClass = () => {
    const negated = peek() === "^" && !atEnd();
    if (negated) pos++;
    const items = [];
    const classAtom = () => {
      if (atEnd()) fail("an unterminated class");
      const c = peek();
      pos++;
      return c === "\\" ? escape() : { cp: c.codePointAt(0) };
    };
    while (peek() !== "]" || atEnd()) {
      const a = classAtom();
      // `a-b` is a range unless `-` ends the class; `-` elsewhere is itself.
      if (peek() === "-" && cps[pos + 1] !== undefined && String.fromCodePoint(cps[pos + 1]) !== "]") {
        pos++;
        const b = classAtom();
        if (a.set || b.set) fail("a range with a class escape as an end");
        if (a.cp > b.cp) fail("a range out of order");
        items.push({ range: [a.cp, b.cp] });
      } else {
        items.push(a.set ? { set: a.set } : { range: [a.cp, a.cp], single: true });
      }
    }
    pos++; // `]`
    if (items.length === 0) fail("an empty class");
    const set = normalize(items.flatMap((i) => i.set ?? [i.range]));
    return { set: negated ? complement(set) : set, items: negated ? null : items };
  };

  const number = () => {
    const start = pos;
    while (/[0-9]/.test(peek()) && !atEnd()) pos++;
    return start === pos ? null : Number(String.fromCodePoint(...cps.slice(start, pos)));
  };

  // `{n}`, `{n,}`, `{n,m}` after its `{`.
  const braces = () => {
    const min = number();
    let max = min;
    if (peek() === ",") {
      pos++;
      max = number() ?? UNBOUNDED;
    }
    if (min === null || peek() !== "}" || atEnd()) fail("a `{` that is not a quantifier");
    pos++;
    if (max < min) fail("a quantifier {n,m} with m < n");
    if (max !== UNBOUNDED && max >= UNBOUNDED) fail(`a count above ${UNBOUNDED - 1}`);
    return [min, max];
  };

  if (cps[0] !== 0x5e || cps[cps.length - 1] !== 0x24) fail("a pattern not anchored with ^…$ (it would match inside a string)");
  pos = 1;
  const end = cps.length - 1; // the final `$`
  const atoms = [];
  while (pos < end) {
    const c = peek();
    pos++;
    let atom;
    if (c === "[") atom = charClass();
    else if (c === "\\") {
      const e = escape();
      atom = e.set ? { set: e.set, items: [{ set: e.set }] } : { set: [[e.cp, e.cp]], items: null };
    } else if (c === ".") atom = { set: DOT, items: null };
    else if ("()|".includes(c)) fail(`\`${c}\` (groups and alternation)`);
    else if ("^$".includes(c)) fail(`an anchor \`${c}\` inside the pattern`);
    else if ("*+?{".includes(c)) fail(`a quantifier \`${c}\` with nothing to repeat`);
    else if ("]}".includes(c)) fail(`a lone \`${c}\``);
    else atom = { set: [[c.codePointAt(0), c.codePointAt(0)]], items: null };
    if (pos > end) fail("a pattern whose final `$` is escaped or inside a class");

    let [min, max] = [1, 1];
    const q = pos < end ? peek() : "";
    const simple = { "*": [0, UNBOUNDED], "+": [1, UNBOUNDED], "?": [0, 1] }[q];
    if (simple) {
      pos++;
      [min, max] = simple;
    } else if (q === "{") {
      pos++;
      [min, max] = braces();
    }
    if (pos < end && "*+?{".includes(peek())) fail("a lazy or repeated quantifier");
    atoms.push({ ...atom, min, max });
  }
  if (atoms.length === 0) fail("an empty pattern");
  const matchesAll = atoms.length === 1 && atoms[0].min === 0 && atoms[0].max === UNBOUNDED && sameSet(atoms[0].set, ANY);
  return { atoms, matchesAll, rule: ruleText(source, atoms) };
}

// The rule as a validation error states it. One class repeated reads as what it admits
// ("may contain only letters, digits and - / = : _ . @"; one category alone: "must contain only
// digits"); any character once or more is "must not be empty"; the rest quotes the pattern.
function ruleText(source, atoms) {
  const fallback = `must match the pattern ${source}`;
  const [only] = atoms;
  if (atoms.length !== 1 || only.max !== UNBOUNDED || only.min > 1) return fallback;
  if (sameSet(only.set, ANY)) return only.min === 1 ? "must not be empty" : fallback;
  if (!only.items) return fallback;
  let rest = only.set;
  const parts = [];
  const take = (ranges, name) => {
    if (!ranges.every((r) => contains(rest, r))) return false;
    rest = subtract(rest, ranges);
    parts.push(name);
    return true;
  };
  const [lower, upper] = [[0x61, 0x7a], [0x41, 0x5a]];
  take([lower, upper], "letters") || take([lower], "lowercase letters") || take([upper], "uppercase letters");
  take([[0x30, 0x39]], "digits");
  take([[0x20, 0x20]], "space");
  const others = rest.flatMap(([lo, hi]) => Array.from({ length: Math.min(hi - lo + 1, 96) }, (_, i) => lo + i));
  if (others.some((cp) => cp < 0x21 || cp > 0x7e)) return fallback;
  if (others.length > 0) {
    // Characters the class lists one by one keep its order, spaced; from a range, they are
    // sorted and run together (`!"#$%&'()*+,-./`).
    const adds = (item, cp) => contains(item.set ?? [item.range], [cp, cp]);
    const singles = only.items.every((i) => i.single || !others.some((cp) => adds(i, cp)));
    const listed = singles
      ? [...new Set(only.items.filter((i) => i.single && others.includes(i.range[0])).map((i) => i.range[0]))]
      : others;
    parts.push(listed.map((cp) => String.fromCodePoint(cp)).join(singles ? " " : ""));
  }
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  return `${parts.length === 1 && others.length === 0 ? "must" : "may"} contain only ${list}`;
}
