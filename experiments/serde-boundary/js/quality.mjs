// The field-path table: bad inputs, and the error each variant's prepareRequest rejects with
// (nothing is sent). Also a gate before any timing: for the good inputs every variant must
// write the very same request body.
import { batch25, credentials, meterUsage, REGION } from "../../../js/bench/inputs.mjs";
import { answer25 } from "./common.mjs";

const clone = (v) => structuredClone(v);

// batch25 with record 3 given two tags on its first allocation (so that
// usageRecords[3].usageAllocations[0].tags[1] exists), then changed by `change(record3, input)`.
function batch(change) {
  const input = clone(batch25);
  const record = input.usageRecords[3];
  record.usageAllocations = [{ allocatedUsageQuantity: 1, tags: [{ key: "team", value: "search" }, { key: "env", value: "prod" }] }];
  change(record, input);
  return input;
}
const meter = (change) => {
  const input = clone(meterUsage);
  change(input);
  return input;
};
const tag1 = (r) => r.usageAllocations[0].tags[1];

/** [what, operation, input]: each is invalid for the model or for JS. */
export const BAD = [
  ["misspelt member (top level)", "MeterUsage", meter((i) => (i.usageQuantitiy = 5))],
  ["PascalCase member (SDK habit)", "MeterUsage", meter((i) => (i.UsageQuantity = 5))],
  ["unknown member deep in a list", "BatchMeterUsage", batch((r) => (tag1(r).colour = "red"))],
  ["string too long, deep (101 chars)", "BatchMeterUsage", batch((r) => (tag1(r).key = "k".repeat(101)))],
  ["pattern, deep (`~` in a tag key)", "BatchMeterUsage", batch((r) => (tag1(r).key = "a~b"))],
  ["wrong type deep in a list (quantity \"10\")", "BatchMeterUsage", batch((r) => (r.quantity = "10"))],
  ["integer out of the model's range (-1)", "BatchMeterUsage", batch((r) => (r.quantity = -1))],
  ["integer past i32 (2**31)", "BatchMeterUsage", batch((r) => (r.quantity = 2 ** 31))],
  ["not an integer (1.5)", "MeterUsage", meter((i) => (i.usageQuantity = 1.5))],
  ["invalid Date", "BatchMeterUsage", batch((r) => (r.timestamp = new Date(NaN)))],
  ["ISO string instead of a Date", "BatchMeterUsage", batch((r) => (r.timestamp = "2026-01-15T12:00:00Z"))],
  ["missing required member, deep", "BatchMeterUsage", batch((r) => delete r.dimension)],
  ["null for a required member", "MeterUsage", meter((i) => (i.productCode = null))],
  ["26 records (the model's max is 25)", "BatchMeterUsage", batch((r, i) => i.usageRecords.push(r))],
  ["lone UTF-16 surrogate in a string", "MeterUsage", meter((i) => (i.usageDimension = "api\uD800calls"))],
];

/** A 2xx answer that does not fit the model: record 3's echoed Timestamp is a string. */
export const BAD_ANSWER = "2xx answer: Results[3].UsageRecord.Timestamp a string (batchMeterUsage)";
function badAnswer() {
  const body = answer25();
  body.Results[3].UsageRecord.Timestamp = "soon";
  return JSON.stringify(body);
}

/** The error (or, wrongly, the body) a variant gives for each bad input, then for BAD_ANSWER. */
export async function errors(MarketplaceMetering) {
  const client = new MarketplaceMetering({ region: REGION, credentials });
  const out = [];
  for (const [what, op, input] of BAD) {
    try {
      const request = await client.prepareRequest(op, input);
      out.push({ what, accepted: true, body: new TextDecoder().decode(request.body) });
    } catch (e) {
      out.push({ what, accepted: false, name: e?.name, field: e?.field, message: e?.message });
    }
  }
  const fetch = async () => new Response(badAnswer(), { status: 200, headers: { "content-type": "application/x-amz-json-1.1" } });
  const calling = new MarketplaceMetering({ region: REGION, credentials, fetch, maxAttempts: 1 });
  try {
    await calling.batchMeterUsage(batch25);
    out.push({ what: BAD_ANSWER, accepted: true, body: "" });
  } catch (e) {
    out.push({ what: BAD_ANSWER, accepted: false, name: e?.name, field: e?.field, message: e?.message });
  }
  return out;
}

/** The bodies of the good inputs (a fixed client token, so MeterUsage's body is repeatable). */
export async function bodies(MarketplaceMetering) {
  const client = new MarketplaceMetering({ region: REGION, credentials });
  const text = async (op, input) => new TextDecoder().decode((await client.prepareRequest(op, input)).body);
  return {
    meterUsage: await text("MeterUsage", { ...meterUsage, clientToken: "00000000-0000-4000-8000-000000000000" }),
    batch25: await text("BatchMeterUsage", batch25),
    registerUsage: await text("RegisterUsage", { productCode: "prod-demo", publicKeyVersion: 1, nonce: "n-1" }),
    resolveCustomer: await text("ResolveCustomer", { registrationToken: "token-1" }),
  };
}
