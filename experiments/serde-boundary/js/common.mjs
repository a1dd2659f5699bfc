// What the timing and the checks share: the 25-result answer and the output hook.
import { batch25, wire } from "../../../js/bench/inputs.mjs";
import { load, pkgDir } from "./load.mjs";

/** A BatchMeterUsage 2xx body for js/bench/inputs/batch-25.json: every record echoed, Success. */
export function answer25() {
  const records = wire.BatchMeterUsage(batch25).UsageRecords;
  return {
    Results: records.map((r, i) => ({
      UsageRecord: JSON.parse(JSON.stringify(r)), // drops the members the record leaves undefined
      MeteringRecordId: `b7b7b7b7-0000-4000-8000-${String(i).padStart(12, "0")}`,
      Status: "Success",
    })),
    UnprocessedRecords: [],
  };
}

// js/runtime.js's reviver for a single call's output ({"$date": ms} -> Date).
const revive = (_key, v) => (v !== null && typeof v === "object" && typeof v.$date === "number" ? new Date(v.$date) : v);

/**
 * The variant's output conversion as the driver sees it: (op, bytes) -> the JS output. The walker
 * crosses JSON text, parsed with the driver's reviver; the serde build hands back the object.
 */
export async function hook(variant) {
  await load(variant); // instantiates the module the glue below calls into
  const bg = await import(new URL("marketplace_metering_wasm_bg.js", `file://${pkgDir(variant)}`).href);
  return variant.startsWith("walker")
    ? (op, bytes) => JSON.parse(bg.__benchOutput(op, bytes), revive)
    : (op, bytes) => bg.__benchOutput(op, bytes);
}
