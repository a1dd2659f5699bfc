// Reading a .wasm's sections: enough for the experiment's byte figures (section sizes, and each
// function body's size with its name from the "name" section).

function reader(bytes) {
  let i = 0;
  const r = {
    get at() { return i; },
    set at(v) { i = v; },
    byte: () => bytes[i++],
    leb() {
      let value = 0;
      let shift = 0;
      for (;;) {
        const b = bytes[i++];
        value += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (b < 0x80) return value;
      }
    },
    name() {
      const n = r.leb();
      const s = new TextDecoder().decode(bytes.subarray(i, i + n));
      i += n;
      return s;
    },
  };
  return r;
}

/** Bytes per section: code, data, custom (names, producers, …) and the rest as "other". */
export function sections(bytes) {
  const names = { 0: "custom", 10: "code", 11: "data" };
  const found = {};
  const r = reader(bytes);
  r.at = 8; // past the magic number and version
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.leb();
    const name = names[id] ?? "other";
    found[name] = (found[name] ?? 0) + size;
    r.at += size;
  }
  return found;
}

/** [{ name, size }] for every defined function. */
export function functions(bytes) {
  const r = reader(bytes);
  r.at = 8;
  let imported = 0;
  const sizes = [];
  const names = new Map();
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.leb();
    const end = r.at + size;
    if (id === 2) {
      for (let n = r.leb(); n > 0; n--) {
        r.name();
        r.name();
        const kind = r.byte();
        if (kind === 0) { r.leb(); imported++; }
        else if (kind === 1) { r.byte(); const f = r.byte(); r.leb(); if (f & 1) r.leb(); }
        else if (kind === 2) { const f = r.byte(); r.leb(); if (f & 1) r.leb(); }
        else if (kind === 3) { r.byte(); r.byte(); }
        else r.leb();
      }
    } else if (id === 10) {
      for (let n = r.leb(); n > 0; n--) {
        const body = r.leb();
        sizes.push(body);
        r.at += body;
      }
    } else if (id === 0 && r.name() === "name") {
      while (r.at < end) {
        const sub = r.byte();
        const len = r.leb();
        const subEnd = r.at + len;
        if (sub === 1) for (let n = r.leb(); n > 0; n--) names.set(r.leb(), r.name());
        r.at = subEnd;
      }
    }
    r.at = end;
  }
  return sizes.map((size, k) => ({ name: names.get(k + imported) ?? "?", size }));
}

