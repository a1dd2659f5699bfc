// Types of marketplace-metering-wasm/workers: usage metering at scale on Cloudflare Workers with a
// Durable Object per customer. Workers only (it imports `cloudflare:workers`). Structurally typed,
// so @cloudflare/workers-types is not needed (and works alongside it).

import type { UsageRecordResultStatus } from "./index.js";

// ---------------------------------------------------------------------------------------------
// Customers and events
// ---------------------------------------------------------------------------------------------

/** A customer as BatchMeterUsage names it: AWS account and license (new integrations), or a legacy product customer. */
export type UsageCustomer =
  | { customerAWSAccountId: string; licenseArn: string; customerIdentifier?: undefined; productCode?: undefined }
  | { productCode: string; customerIdentifier: string; customerAWSAccountId?: undefined; licenseArn?: undefined }
  | { productCode: string; customerAWSAccountId: string; customerIdentifier?: undefined; licenseArn?: undefined };

/** One usage event. Unknown members are refused at run time (a `ValidationError`), as the client refuses them. */
export type UsageEvent = UsageCustomer & {
  /** A dimension of the product, 1 to 255 characters. */
  dimension: string;
  /** An integer from 0 to 2147483647. */
  quantity: number;
  /**
   * Makes the event count once however often it is recorded (retries, redelivery), 1 to 256
   * characters; remembered for USAGE_METER_EVENT_ID_RETENTION_SECONDS (default 24 hours) and until
   * the hour it counted in is acknowledged by AWS.
   */
  eventId?: string;
  /** When the usage happened (Date, epoch ms or ISO 8601). Default: when the meter receives it; a future time counts now. */
  timestamp?: Date | number | string;
};

/** Where an event was counted. */
export interface RecordUsageResult {
  /** False when this `eventId` was counted before (then `hour` and `late` are from that time). */
  counted: boolean;
  /** The start of the hour the event is billed in. */
  hour: Date;
  /**
   * True when that is not the event's own hour: its hour was already sealed (sent, or about to be),
   * or too old for AWS to accept, so it counts in the oldest hour still open.
   */
  late: boolean;
}

export interface RecordUsageOptions {
  /** Retries of a failed call, only when the event has an `eventId` (which makes them safe). Default 3. */
  retries?: number;
}

// ---------------------------------------------------------------------------------------------
// The meter's report
// ---------------------------------------------------------------------------------------------

/** The final fate of a record besides AWS's own statuses. */
export type UsageMeterRecordStatus =
  | UsageRecordResultStatus
  /** Refused by AWS on its own (e.g. InvalidUsageDimensionException; see `error`): never sent again. */
  | "Rejected"
  /** Its hour's submission window closed: after a send that may have reached AWS (reported, never moved), or with quantity 0. */
  | "Expired"
  /** Never sent and its window was closing (an outage): its quantity moved to the hour `carriedTo`. */
  | "Carried";

/** One customer, dimension and hour: counting, waiting for AWS, or done. */
export type UsageMeterRecord = UsageCustomer & {
  dimension: string;
  hour: Date;
  quantity: number;
  /** BatchMeterUsage calls that carried it. */
  attempts: number;
  /** Final records only. */
  status?: UsageMeterRecordStatus;
  meteringRecordId?: string;
  /** The last error (pending records) or why it was rejected or expired. */
  error?: string;
  carriedTo?: Date;
  /** Pending records: the earliest next attempt. */
  nextAttemptAt?: Date;
};

export interface UsageMeterStatus {
  /** The meter's clock. */
  now: Date;
  /** Every hour up to this one is sealed: its totals are final. */
  sealedThrough: Date | null;
  nextFlushAt: Date | null;
  customers: Array<UsageCustomer & { since: Date; notSubscribed: boolean }>;
  /** Hours still counting. */
  open: UsageMeterRecord[];
  /** Sealed, not yet acknowledged by AWS: sent again at `nextAttemptAt`. */
  pending: UsageMeterRecord[];
  /** Final records of the last USAGE_METER_HISTORY_SECONDS (default 48 hours). */
  history: UsageMeterRecord[];
}

/** What one flush did, in records. */
export interface UsageMeterFlushReport {
  sent: number;
  billed: number;
  duplicate: number;
  notSubscribed: number;
  rejected: number;
  retrying: number;
  carried: number;
  expired: number;
}

// ---------------------------------------------------------------------------------------------
// The Durable Object and its binding
// ---------------------------------------------------------------------------------------------

/** The crash points of the test hooks. */
export type UsageMeterCrashPoint = "afterRecord" | "afterSeal" | "beforeSend" | "afterSend" | "afterMark";

/** Test hooks (USAGE_METER_TEST_HOOKS=1 only). */
export interface UsageMeterTestHooks {
  /** Moves this object's clock. */
  clockOffsetMs?: number;
  /** Reset the object once at each of these points. */
  crashOnce?: UsageMeterCrashPoint[];
  /** Reset the object at these points with these probabilities. */
  crashRates?: Partial<Record<UsageMeterCrashPoint, number>>;
  /** How often each point crashed (read only). */
  crashed?: Partial<Record<UsageMeterCrashPoint, number>>;
}

/** The meter's RPC methods, as a stub from `usageMeterFor` offers them. */
export interface UsageMeterStub {
  record(event: UsageEvent): Promise<RecordUsageResult>;
  addCustomer(customer: UsageCustomer): Promise<void>;
  /** Sends what is due now (the alarm does this by itself). */
  flush(): Promise<UsageMeterFlushReport>;
  status(): Promise<UsageMeterStatus>;
  /** Throws unless USAGE_METER_TEST_HOOKS=1. */
  testHooks(update?: UsageMeterTestHooks): Promise<UsageMeterTestHooks>;
}

/** The Worker's environment as the meter reads it (wrangler.toml vars and secrets). */
export interface UsageMeterEnv {
  AWS_REGION?: string;
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
  AWS_SESSION_TOKEN?: string;
  /** Unset: AWS. */
  METERING_ENDPOINT_URL?: string;
  /** After an hour ends, wait this long for late events before sending it. Default 300. */
  USAGE_METER_GRACE_SECONDS?: string;
  /** Flushes of different customers spread over this window after the grace period (AWS allows 10 calls a second). Default 600. */
  USAGE_METER_SPREAD_SECONDS?: string;
  /** Unset: no zero-quantity records. Set: hours without usage are reported with quantity 0 in this dimension. */
  USAGE_METER_HEARTBEAT_DIMENSION?: string;
  /** Backoff of failed sends: base and cap. Default 30 and 900. */
  USAGE_METER_RETRY_BASE_SECONDS?: string;
  USAGE_METER_RETRY_MAX_SECONDS?: string;
  /** Default 86400. */
  USAGE_METER_EVENT_ID_RETENTION_SECONDS?: string;
  /** Default 172800. */
  USAGE_METER_HISTORY_SECONDS?: string;
  /** "1" in tests only: enables testHooks(). */
  USAGE_METER_TEST_HOOKS?: string;
}

/**
 * The Durable Object class: export it from your Worker's main module and bind it (wrangler.toml:
 * `[[durable_objects.bindings]] name = "USAGE_METER", class_name = "UsageMeter"` and a
 * `new_sqlite_classes = ["UsageMeter"]` migration).
 */
export declare class UsageMeter implements UsageMeterStub {
  constructor(ctx: unknown, env: UsageMeterEnv);
  record(event: UsageEvent): Promise<RecordUsageResult>;
  addCustomer(customer: UsageCustomer): Promise<void>;
  flush(): Promise<UsageMeterFlushReport>;
  status(): Promise<UsageMeterStatus>;
  testHooks(update?: UsageMeterTestHooks): Promise<UsageMeterTestHooks>;
  alarm(): Promise<void>;
  /** The client the records are sent with; override for other credentials (e.g. a `credentialsProvider`). */
  createMeteringClient(env: UsageMeterEnv): import("./index.js").MarketplaceMetering;
}

/** An id of a Durable Object (DurableObjectId). */
export interface UsageMeterId {
  toString(): string;
}

/** The binding of the UsageMeter class (`env.USAGE_METER`, a DurableObjectNamespace). */
export interface UsageMeterNamespace {
  idFromName(name: string): UsageMeterId;
  get(id: UsageMeterId): unknown;
}

/** The customer's meter; every event of one customer goes to this one object. */
export function usageMeterFor(namespace: UsageMeterNamespace, customer: UsageCustomer): UsageMeterStub;

/**
 * Records one usage event; resolves once the customer's meter has stored it, with the hour it
 * counts in. Rejects with a `ValidationError` for a malformed event (nothing stored), or with the
 * Durable Object's error after `retries` (only events with an `eventId` are retried).
 */
export function recordUsage(namespace: UsageMeterNamespace, event: UsageEvent, options?: RecordUsageOptions): Promise<RecordUsageResult>;

/** Makes the customer known to its meter, for zero-quantity records in hours without usage. */
export function registerCustomer(namespace: UsageMeterNamespace, customer: UsageCustomer): Promise<void>;
