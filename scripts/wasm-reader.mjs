// A reader of the WebAssembly binary format's basics (core spec, "Binary Format"), shared by the
// package build (scripts/assemble-pkg.mjs renames the imports and exports) and the size report
// (js/bench/wasm-names.mjs).

export class Reader {
  constructor(bytes, at = 0, end = bytes.length) {
    this.bytes = bytes;
    this.at = at;
    this.end = end;
  }
  byte() {
    if (this.at >= this.end) throw new Error(`wasm: unexpected end at byte ${this.at}`);
    return this.bytes[this.at++];
  }
  /** An unsigned LEB128 number (the format's u32; read as a JS number, so larger ones too). */
  u32() {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
  }
  name() {
    const len = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.at, this.at + len));
    this.at += len;
    return text;
  }
  limits() {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32(); // a maximum
  }
  /** Skips an import's description (what follows its two names); returns its kind. */
  importDesc() {
    const kind = this.byte();
    if (kind === 0) this.u32(); // function: its type index
    else if (kind === 1) {
      this.byte(); // table: its element type, then its limits
      this.limits();
    } else if (kind === 2) this.limits(); // memory
    else if (kind === 3) this.at += 2; // global: its type and mutability
    else if (kind === 4) {
      this.byte(); // tag: its attribute and type index
      this.u32();
    } else throw new Error(`wasm: unknown import kind ${kind} at byte ${this.at - 1}`);
    return kind;
  }
}
