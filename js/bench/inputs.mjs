// The realistic inputs every benchmark uses, in one place: bench/inputs/*.json hold them as the
// JSON text the package's JS boundary produces (Dates as {"$date": ms}), so the Rust floor
// (benches/sign.rs) reads the very same bytes the wasm receives, and JS revives them here.
// Also the peers' serialization: a bare SigV4 signer needs the AWS JSON 1.1 body built by hand,
// and that work is counted for them as our validate+serialize is counted for us.
// JSON modules rather than fs, so an edge function bundle can import this module too.
import meterUsageJson from "./inputs/meter-usage.json" with { type: "json" };
import batch25Json from "./inputs/batch-25.json" with { type: "json" };
import { revive } from "./revive.mjs";
// A JSON module is parsed already; the round trip applies the reviver (the Dates).
const load = (json) => JSON.parse(JSON.stringify(json), revive);

export const meterUsage = load(meterUsageJson);
export const batch25 = load(batch25Json);

export const REGION = "us-east-1";
export const HOST = "metering.marketplace.us-east-1.amazonaws.com";
export const SERVICE = "aws-marketplace";
// Documentation example keys: signing cost does not depend on them, nothing is sent to AWS.
export const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

const seconds = (d) => Math.floor(d.getTime() / 1000);
const allocations = (list) =>
  list?.map((a) => ({ AllocatedUsageQuantity: a.allocatedUsageQuantity, Tags: a.tags?.map((t) => ({ Key: t.key, Value: t.value })) }));

// AWS JSON 1.1 wire shapes (PascalCase, epoch seconds). MeterUsage gets a fresh ClientToken per
// call, as our client and the AWS SDK both generate one.
export const wire = {
  MeterUsage: (i) => ({
    ProductCode: i.productCode,
    Timestamp: seconds(i.timestamp),
    UsageDimension: i.usageDimension,
    UsageQuantity: i.usageQuantity,
    UsageAllocations: allocations(i.usageAllocations),
    ClientToken: i.clientToken ?? crypto.randomUUID(),
  }),
  BatchMeterUsage: (i) => ({
    ProductCode: i.productCode,
    UsageRecords: i.usageRecords.map((r) => ({
      Timestamp: seconds(r.timestamp),
      CustomerIdentifier: r.customerIdentifier,
      CustomerAWSAccountId: r.customerAWSAccountId,
      LicenseArn: r.licenseArn,
      Dimension: r.dimension,
      Quantity: r.quantity,
      UsageAllocations: allocations(r.usageAllocations),
    })),
  }),
};

export const cases = [
  { op: "MeterUsage", label: "MeterUsage", input: meterUsage },
  { op: "BatchMeterUsage", label: "BatchMeterUsage x25", input: batch25 },
];
