#!/usr/bin/env node
// Reports one hour of usage for any number of customers (meterUsageRecords: BatchMeterUsage calls
// of up to 25 records), the way a SaaS seller's hourly job does, and prints what AWS answered for
// every record.
//
//   cd js/examples && npm install
//   AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... node node/meter-hourly.mjs node/usage.example.json [hour]
//
// The usage file: {"productCode": "...", "usage": [{customerIdentifier | customerAWSAccountId + licenseArn,
// dimension, quantity}]}; productCode is needed only for customerIdentifier (legacy) records.
// hour: an ISO 8601 time inside the hour to report; default the previous full hour (AWS takes
// records up to 24 hours old; the hour in progress is not over yet).
// Environment: AWS_REGION (default us-east-1), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN (optional), METERING_ENDPOINT_URL (unset: AWS; set: e.g. the local emulator).
// Exit status 1 if any record was not billed (CustomerNotSubscribed, DuplicateRecord, unprocessed).

import { readFileSync } from "node:fs";
import { MarketplaceMetering, BatchError } from "marketplace-metering-wasm";

const HOUR_MS = 3600 * 1000;

const [file, hourArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: node meter-hourly.mjs <usage.json> [hour]");
  process.exit(2);
}
const { productCode, usage } = JSON.parse(readFileSync(file, "utf8"));
const hour = new Date(Math.floor((hourArg ? Date.parse(hourArg) : Date.now() - HOUR_MS) / HOUR_MS) * HOUR_MS);
if (Number.isNaN(hour.getTime())) {
  console.error(`not an ISO 8601 time: ${hourArg}`);
  process.exit(2);
}

const env = process.env;
const metering = new MarketplaceMetering({
  region: env.AWS_REGION || "us-east-1",
  credentials: {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  },
  ...(env.METERING_ENDPOINT_URL ? { endpointUrl: env.METERING_ENDPOINT_URL } : {}),
});

// One product per call, and ProductCode only without LicenseArn: AWS rejects the mix, and the
// same customer metered both ways in one hour is billed twice.
const legacy = usage.filter((u) => !u.licenseArn);
const licensed = usage.filter((u) => u.licenseArn);
const groups = [
  { ...(productCode ? { productCode } : {}), usageRecords: legacy.map((u) => ({ ...u, timestamp: hour })) },
  { usageRecords: licensed.map((u) => ({ ...u, timestamp: hour })) },
].filter((g) => g.usageRecords.length > 0);

console.log(`metering ${usage.length} records for the hour ${hour.toISOString()}`);
const show = (u, what) =>
  console.log(`  ${(u.customerIdentifier ?? u.customerAWSAccountId).padEnd(16)} ${u.dimension.padEnd(10)} ${String(u.quantity ?? 0).padStart(6)}  ${what}`);
let notBilled = 0;
try {
  for (const group of groups) {
    let sent;
    try {
      sent = await metering.meterUsageRecords(group);
    } catch (err) {
      // A call was refused as a whole (e.g. TimestampOutOfBoundsException): its records are in
      // err.unprocessedRecords, not billed; what did get through is in err.results.
      if (!(err instanceof BatchError)) throw err;
      for (const f of err.failures) console.error(`BatchMeterUsage failed: ${f.error.name}: ${f.error.message} (request id ${f.error.$metadata?.requestId ?? "none"})`);
      sent = err;
    }
    for (const r of sent.results) {
      show(r.usageRecord, `${r.status}${r.meteringRecordId ? ` ${r.meteringRecordId}` : ""}`);
      if (r.status !== "Success") notBilled++;
    }
    // Not billed yet: resubmitting them later is safe, AWS de-duplicates per customer,
    // dimension and hour.
    for (const u of sent.unprocessedRecords) {
      show(u, "unprocessed: resubmit later");
      notBilled++;
    }
  }
} catch (err) {
  console.error(`metering failed: ${err.name}: ${err.message}`);
  process.exitCode = 1;
} finally {
  metering.close();
}
if (notBilled > 0) process.exitCode = 1;
