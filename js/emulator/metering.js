// BatchMeterUsage and MeterUsage: the billing rules of service-api.md §3.1–3.2 and edge-users.md §1.2–1.4,
// and the ledger of every record billed exactly once.

import { randomUUID } from 'node:crypto';
import { fail } from './errors.js';

const HOUR_MS = 3600 * 1000;
const BATCH_WINDOW_MS = 24 * HOUR_MS;
const METER_WINDOW_MS = 6 * HOUR_MS;
const MONTH_END_GRACE_MS = 6 * HOUR_MS;

const hourOf = (timestampSec) => Math.floor(timestampSec / 3600) * 3600;
const present = (s) => (typeof s === 'string' && s !== '' ? s : undefined); // Smithy default "" means absent.

/**
 * "Usage records aren't accepted 24 hours or more after an event", nor from the future; previous-month
 * records only until 06:00 UTC on the 1st, "regardless of the normal 24-hour submission window".
 */
export function inBatchWindow(timestampSec, nowMs) {
  const t = timestampSec * 1000;
  if (t > nowMs || t <= nowMs - BATCH_WINDOW_MS) return false;
  const now = new Date(nowMs);
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  return !(t < monthStart && nowMs >= monthStart + MONTH_END_GRACE_MS);
}

/** MeterUsage: "up to six hours in the past". */
export function inMeterWindow(timestampSec, nowMs) {
  const t = timestampSec * 1000;
  return t <= nowMs && t >= nowMs - METER_WINDOW_MS;
}

/** Sum must equal the quantity; tags unique within an allocation; tag sets unique across allocations. */
function checkAllocations(allocations, quantity) {
  if (!allocations) return;
  const sum = allocations.reduce((acc, a) => acc + a.AllocatedUsageQuantity, 0);
  if (sum !== quantity) fail('InvalidUsageAllocationsException', 'Sum of allocated usage quantities is not equal to the usage quantity.');
  const tagSets = new Set();
  for (const a of allocations) {
    const keys = (a.Tags ?? []).map((t) => t.Key);
    if (new Set(keys).size !== keys.length) fail('InvalidTagException', 'Tag keys must be unique within a usage allocation.');
    const set = JSON.stringify((a.Tags ?? []).map((t) => [t.Key, t.Value]).sort());
    if (tagSets.has(set)) fail('InvalidUsageAllocationsException', 'Each usage allocation must have a unique set of tags.');
    tagSets.add(set);
  }
}

function checkDimension(product, dimension) {
  if (!product.dimensions.includes(dimension)) {
    fail('InvalidUsageDimensionException', `The usage dimension '${dimension}' does not match one of the product dimensions.`);
  }
}

export class Metering {
  constructor(seed) {
    this.seed = seed;
    this.reset();
  }

  reset() {
    this.ledger = [];
    this.batchKeys = new Map(); // dedup key -> { sameAs, meteringRecordId }
    this.meterHours = new Map(); // account/product/dimension/hour -> { sameAs, meteringRecordId }
    this.clientTokens = new Map(); // account/token -> { params, meteringRecordId }
  }

  bill(entry) {
    this.ledger.push(entry);
  }

  /**
   * @param {object} input validated BatchMeterUsageRequest
   * @param {{nowMs:number, drawUnprocessed:() => boolean}} ctx
   */
  batchMeterUsage(input, { nowMs, drawUnprocessed }) {
    const records = input.UsageRecords;
    const product = this.batchProduct(present(input.ProductCode), records);
    for (const r of records) {
      const identifier = present(r.CustomerIdentifier);
      const account = present(r.CustomerAWSAccountId);
      if (!identifier === !account) {
        fail('InvalidCustomerIdentifierException', 'Each usage record must carry exactly one of CustomerIdentifier and CustomerAWSAccountId.');
      }
      const license = r.LicenseArn && this.seed.byLicense(r.LicenseArn);
      if (license && license.awsAccountId !== account) {
        fail('InvalidLicenseException', 'Ensure the LicenseArn is valid, matches the customer, and usage is within the license activation period.');
      }
    }
    // Whole-call rejections come before any record is billed ("the entire batch is not processed").
    if (records.some((r) => !inBatchWindow(r.Timestamp, nowMs))) {
      fail('TimestampOutOfBoundsException', 'One or more usage records have a timestamp outside the allowed range: up to 24 hours in the past, and previous-month records only until 06:00 UTC on the first day of the month.');
    }
    for (const r of records) {
      if (product) checkDimension(product, r.Dimension);
      checkAllocations(r.UsageAllocations, r.Quantity ?? 0);
    }
    const Results = [];
    const UnprocessedRecords = [];
    for (const r of records) {
      if (drawUnprocessed()) UnprocessedRecords.push(r);
      else Results.push(this.meterRecord(product, r));
    }
    return { Results, UnprocessedRecords };
  }

  /** One product per call: the request's ProductCode, or the product of every record's LicenseArn. */
  batchProduct(productCode, records) {
    const withLicense = records.filter((r) => r.LicenseArn);
    if (productCode !== undefined) {
      // Field evidence (rhsm-subscriptions#6539): AWS rejects ProductCode together with LicenseArn.
      if (withLicense.length > 0) fail('InvalidLicenseException', 'ProductCode must not be sent with usage records that carry LicenseArn.');
      const product = this.seed.products.get(productCode);
      if (!product) fail('InvalidProductCodeException', `Product code '${productCode}' is invalid.`);
      return product;
    }
    if (withLicense.length !== records.length) {
      fail('InvalidProductCodeException', 'ProductCode is required when usage records do not carry LicenseArn.');
    }
    const codes = new Set(withLicense.map((r) => this.seed.byLicense(r.LicenseArn)?.productCode).filter(Boolean));
    if (codes.size > 1) fail('InvalidLicenseException', 'All LicenseArns in one call must belong to the same product.');
    // Unknown licenses alone leave no product: every record then reports CustomerNotSubscribed.
    return codes.size === 1 ? this.seed.products.get([...codes][0]) : undefined;
  }

  meterRecord(product, r) {
    const identifier = present(r.CustomerIdentifier);
    const account = present(r.CustomerAWSAccountId);
    const customer = !product ? undefined
      : r.LicenseArn ? this.seed.byLicense(r.LicenseArn)
        : this.seed.byProductCustomer(product.productCode, { customerIdentifier: identifier, awsAccountId: account });
    if (!customer || !customer.subscribed) return { UsageRecord: r, Status: 'CustomerNotSubscribed' };
    const hour = hourOf(r.Timestamp);
    const quantity = r.Quantity ?? 0;
    // Legacy (ProductCode + CustomerIdentifier) and license (LicenseArn + account) keys differ, which is why
    // AWS warns that sending both styles for one customer double-bills.
    const key = JSON.stringify([product.productCode, r.LicenseArn ?? null, identifier ?? null, account ?? null, r.Dimension, hour]);
    const sameAs = JSON.stringify([quantity, r.UsageAllocations ?? null]);
    const earlier = this.batchKeys.get(key);
    if (earlier) {
      // First write wins. An identical resubmission is the documented safe retry; a different quantity is final.
      const Status = earlier.sameAs === sameAs ? 'Success' : 'DuplicateRecord';
      return { UsageRecord: r, MeteringRecordId: earlier.meteringRecordId, Status };
    }
    const meteringRecordId = randomUUID();
    this.batchKeys.set(key, { sameAs, meteringRecordId });
    this.bill({
      productCode: product.productCode,
      customer: { identifier: identifier ?? null, account: account ?? null, license: r.LicenseArn ?? null },
      dimension: r.Dimension, hour, quantity, allocations: r.UsageAllocations ?? null, meteringRecordId,
      operation: 'BatchMeterUsage',
    });
    return { UsageRecord: r, MeteringRecordId: meteringRecordId, Status: 'Success' };
  }

  /**
   * @param {object} input validated MeterUsageRequest
   * @param {{nowMs:number, accountId:string}} ctx the calling (buyer) account
   */
  meterUsage(input, { nowMs, accountId }) {
    const product = this.seed.products.get(input.ProductCode);
    if (input.DryRun === true) {
      // Permission check only: AWS answers with an error either way and meters nothing.
      if (product && this.seed.isEntitled(product, accountId)) fail('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
      fail('UnauthorizedException', 'You are not authorized to perform this operation.', 403);
    }
    if (!product) fail('InvalidProductCodeException', `Product code '${input.ProductCode}' is invalid.`);
    if (!this.seed.isEntitled(product, accountId)) fail('CustomerNotEntitledException', 'The customer is not entitled to the product.');
    checkDimension(product, input.UsageDimension);
    const quantity = input.UsageQuantity ?? 0;
    checkAllocations(input.UsageAllocations, quantity);

    const params = JSON.stringify([input.ProductCode, input.Timestamp, input.UsageDimension, quantity, input.UsageAllocations ?? null]);
    const tokenKey = input.ClientToken === undefined ? undefined : `${accountId}/${input.ClientToken}`;
    const byToken = tokenKey && this.clientTokens.get(tokenKey);
    if (byToken) {
      if (byToken.params !== params) fail('IdempotencyConflictException', 'The ClientToken was already used with different request parameters.', 409);
      return { MeteringRecordId: byToken.meteringRecordId };
    }
    if (!inMeterWindow(input.Timestamp, nowMs)) {
      fail('TimestampOutOfBoundsException', 'The timestamp is outside the allowed range: up to six hours in the past and not in the future.');
    }
    // Non-AgentCore rule: one record per account, product, dimension and hour (Timestamp rounded down).
    const hour = hourOf(input.Timestamp);
    const hourKey = JSON.stringify([accountId, input.ProductCode, input.UsageDimension, hour]);
    const sameAs = JSON.stringify([quantity, input.UsageAllocations ?? null]);
    const earlier = this.meterHours.get(hourKey);
    let meteringRecordId;
    if (earlier) {
      if (earlier.sameAs !== sameAs) fail('DuplicateRequestException', 'A metering record has already been sent for this dimension and hour with a different quantity.');
      meteringRecordId = earlier.meteringRecordId;
    } else {
      meteringRecordId = randomUUID();
      this.meterHours.set(hourKey, { sameAs, meteringRecordId });
      this.bill({
        productCode: input.ProductCode,
        customer: { identifier: null, account: accountId, license: null },
        dimension: input.UsageDimension, hour, quantity, allocations: input.UsageAllocations ?? null, meteringRecordId,
        operation: 'MeterUsage',
      });
    }
    if (tokenKey) this.clientTokens.set(tokenKey, { params, meteringRecordId });
    return { MeteringRecordId: meteringRecordId };
  }
}
