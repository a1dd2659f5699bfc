// The pattern compiler against ECMAScript's own RegExp: every code point for the class escapes
// and classes (all of the BMP, a stride through the astral planes), the quantifiers' counts, the
// rule texts, and the refusals of everything the atoms cannot express.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { compilePattern, UNBOUNDED } from "../patterns.mjs";

const inSet = (set, cp) => set.some(([lo, hi]) => lo <= cp && cp <= hi);

describe("compilePattern", () => {
  it("reads one-character patterns exactly as RegExp with the u flag does", () => {
    const sources = [
      "^\\s$", "^\\S$", "^\\d$", "^\\D$", "^\\w$", "^\\W$", "^.$", "^[\\s\\S]$", "^[^a-z]$", "^[^\\s]$",
      "^[a-zA-Z0-9+ -=._:\\/@]$", "^[-a-zA-Z0-9/=:_.@]$", "^[A-Za-z0-9_/.-]$", "^[\\d\\-x]$", "^\\u00e9$", "^\\x41$", "^\\t$",
    ];
    for (const source of sources) {
      const { atoms } = compilePattern(source);
      assert.equal(atoms.length, 1, source);
      const re = new RegExp(source, "u");
      for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x10000 ? 1 : 257) {
        if (cp >= 0xd800 && cp <= 0xdfff) {
          assert.ok(!inSet(atoms[0].set, cp), `${source}: a surrogate in a set`);
          continue;
        }
        assert.equal(inSet(atoms[0].set, cp), re.test(String.fromCodePoint(cp)), `${source} on U+${cp.toString(16)}`);
      }
    }
  });

  it("keeps sets sorted and merged, and counts from the quantifiers", () => {
    const { atoms } = compilePattern("^a{2,5}[b-dc-fz]?x*y+\\.{3}q{4,}$");
    assert.deepEqual(atoms.map((a) => [a.set, a.min, a.max]), [
      [[[0x61, 0x61]], 2, 5],
      [[[0x62, 0x66], [0x7a, 0x7a]], 0, 1],
      [[[0x78, 0x78]], 0, UNBOUNDED],
      [[[0x79, 0x79]], 1, UNBOUNDED],
      [[[0x2e, 0x2e]], 3, 3],
      [[[0x71, 0x71]], 4, UNBOUNDED],
    ]);
  });

  it("states rules as the validation errors do", () => {
    const rule = (s) => compilePattern(s).rule;
    assert.equal(rule("^[0-9]+$"), "must contain only digits");
    assert.equal(rule("^[-a-zA-Z0-9/=:_.@]*$"), "may contain only letters, digits and - / = : _ . @");
    assert.equal(rule("^[a-zA-Z0-9+ -=._:\\/@]+$"), "may contain only letters, digits, space and !\"#$%&'()*+,-./:;<=@_");
    assert.equal(rule("^[a-z0-9-]+$"), "may contain only lowercase letters, digits and -");
    assert.equal(rule("^[\\s\\S]+$"), "must not be empty");
    assert.equal(rule("^[^a]+$"), "must match the pattern ^[^a]+$");
    assert.equal(rule("^a[0-9]+$"), "must match the pattern ^a[0-9]+$");
    assert.ok(compilePattern("^[\\s\\S]*$").matchesAll);
    assert.ok(!compilePattern("^[\\s\\S]+$").matchesAll);
  });

  it("refuses what the atoms cannot express, naming the pattern", () => {
    const refused = [
      ["[a-z]+", /not anchored/], ["^[a-z]+", /not anchored/], ["^(a)$", /groups and alternation/],
      ["^a|b$", /groups and alternation/], ["^(?=a)b$", /groups and alternation/], ["^a\\1$", /backreference/],
      ["^\\bx$", /boundary/], ["^\\p{L}$", /property/], ["^a+?$", /lazy or repeated/], ["^a**$", /lazy or repeated/],
      ["^*a$", /nothing to repeat/], ["^a{2,1}$", /m < n/], ["^a{2$", /not a quantifier/], ["^a{70000}$", /count above/],
      ["^[z-a]$", /out of order/], ["^[]$", /empty class/], ["^[a$", /unterminated class/], ["^[\\d-z]$", /class escape/],
      ["^a$b$", /anchor/], ["^a\\$", /escaped/], ["^\\ud800$", /surrogate/], ["^a]$", /lone/],
    ];
    for (const [source, why] of refused) {
      assert.throws(() => compilePattern(source), (e) => why.test(e.message) && e.message.includes(JSON.stringify(source)), source);
    }
  });
});
