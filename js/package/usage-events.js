// Usage events and customers as the usage meter (workers.js, usage-meter.js) takes them: checked
// and normalised once, on the Worker's side and again in the Durable Object. Also the hour
// arithmetic and AWS's submission window (BatchMeterUsage: "Usage records aren't accepted 24 hours
// or more after an event"; last month's only until 06:00 UTC on the 1st).

import { ValidationError } from "marketplace-metering-wasm";

export const HOUR_MS = 3_600_000;
/** UsageQuantity's maximum in the service model. */
export const MAX_QUANTITY = 2_147_483_647;
/** A record is sent only while at least this much of its submission window is left. */
export const SEND_MARGIN_MS = HOUR_MS;

export const hourOf = (ms) => Math.floor(ms / HOUR_MS) * HOUR_MS;

/** The end of the hour's submission window: 24 hours after it starts, or 06:00 UTC on the 1st of the next month. */
export function sendDeadline(hour) {
  const start = new Date(hour);
  return Math.min(hour + 24 * HOUR_MS, Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1, 6));
}

/** The oldest hour a record counted `now` can still be sent for, with SEND_MARGIN_MS to spare. */
export function firstSendableHour(now) {
  let hour = hourOf(now) - 24 * HOUR_MS;
  while (now >= sendDeadline(hour) - SEND_MARGIN_MS) hour += HOUR_MS;
  return hour;
}

function invalid(field, rule, value) {
  return new ValidationError(`${field} ${rule}, got ${describe(value)}`, { field, rule });
}

function describe(value) {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return value === null || typeof value !== "object" ? String(value) : Object.prototype.toString.call(value);
}

function text(input, field, { pattern, required = true } = {}) {
  const value = input[field];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value.length < 1 || value.length > 255) throw invalid(field, "must be a string of 1 to 255 characters", value);
  if (pattern && !pattern.test(value)) throw invalid(field, `must match ${pattern}`, value);
  return value;
}

/**
 * A customer as BatchMeterUsage names it: `{ customerAWSAccountId, licenseArn }` (new
 * integrations), or `{ productCode, customerIdentifier }` / `{ productCode, customerAWSAccountId }`
 * (legacy). Returns exactly those members.
 */
export function checkCustomer(input) {
  if (input === null || typeof input !== "object") throw invalid("customer", "must be an object", input);
  const account = text(input, "customerAWSAccountId", { pattern: /^[0-9]+$/, required: false });
  const identifier = text(input, "customerIdentifier", { required: false });
  if ((account === undefined) === (identifier === undefined)) {
    throw invalid("customerAWSAccountId", "or customerIdentifier: exactly one is required", input.customerAWSAccountId);
  }
  if (input.licenseArn !== undefined) {
    if (account === undefined) throw invalid("licenseArn", "goes with customerAWSAccountId, not customerIdentifier", input.licenseArn);
    if (input.productCode !== undefined) throw invalid("productCode", "must be absent with licenseArn (AWS rejects both)", input.productCode);
    const licenseArn = input.licenseArn;
    if (typeof licenseArn !== "string" || !/^arn:aws[a-zA-Z-]*:/.test(licenseArn) || licenseArn.length > 2048) {
      throw invalid("licenseArn", "must be a license ARN (arn:aws:license-manager::...)", licenseArn);
    }
    return { customerAWSAccountId: account, licenseArn };
  }
  const productCode = text(input, "productCode", { pattern: /^[-a-zA-Z0-9/=:_.@]*$/ });
  return account === undefined ? { productCode, customerIdentifier: identifier } : { productCode, customerAWSAccountId: account };
}

const EVENT_MEMBERS = new Set(["customerAWSAccountId", "licenseArn", "customerIdentifier", "productCode", "dimension", "quantity", "eventId", "timestamp"]);

/**
 * A usage event: a customer (see checkCustomer), `dimension`, `quantity` (an integer from 0 to
 * 2147483647), and optionally `eventId` (1 to 256 characters) and `timestamp` (a Date, epoch
 * milliseconds or an ISO 8601 string). Unknown members are refused, as the client refuses them:
 * a misspelt `quantitiy` would otherwise count nothing. The timestamp comes back as epoch ms.
 */
export function checkUsageEvent(input) {
  if (input === null || typeof input !== "object") throw invalid("event", "must be an object", input);
  for (const key of Object.keys(input)) {
    if (!EVENT_MEMBERS.has(key)) throw invalid(key, "is not a member of a usage event", input[key]);
  }
  const event = { ...checkCustomer(input), dimension: text(input, "dimension") };
  const quantity = input.quantity;
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY) throw invalid("quantity", "must be an integer from 0 to 2147483647", quantity);
  event.quantity = quantity;
  if (input.eventId !== undefined) {
    if (typeof input.eventId !== "string" || input.eventId.length < 1 || input.eventId.length > 256) {
      throw invalid("eventId", "must be a string of 1 to 256 characters", input.eventId);
    }
    event.eventId = input.eventId;
  }
  if (input.timestamp !== undefined) {
    const t = input.timestamp;
    const ms = t instanceof Date ? t.getTime() : typeof t === "number" ? t : typeof t === "string" ? Date.parse(t) : NaN;
    if (!Number.isFinite(ms)) throw invalid("timestamp", "must be a Date, epoch milliseconds or an ISO 8601 time", t);
    event.timestamp = ms;
  }
  return event;
}

/**
 * The one name of a customer's meter: the Durable Object's name, and the customer's part of every
 * storage key. JSON, so no member's characters can run into another's.
 */
export function customerKey(customer) {
  if (customer.licenseArn !== undefined) return JSON.stringify(["license", customer.licenseArn, customer.customerAWSAccountId]);
  return JSON.stringify(["product", customer.productCode, customer.customerIdentifier ?? null, customer.customerAWSAccountId ?? null]);
}

/** customerKey's inverse: the customer's BatchMeterUsage members. */
export function customerFromKey(key) {
  const [kind, a, b, c] = JSON.parse(key);
  if (kind === "license") return { customerAWSAccountId: b, licenseArn: a };
  return c === null ? { productCode: a, customerIdentifier: b } : { productCode: a, customerAWSAccountId: c };
}
