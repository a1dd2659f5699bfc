// The error classes of marketplace-metering-wasm (js/errors.js). Appended to the package's
// `.d.ts` after wasm-bindgen's output, whose model types (from src/wasm/model_types.rs) declare
// the `ResponseMetadata`, `UsageRecord` and `UsageRecordResult` used here.

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** What the error classes' constructors take (the client builds them; a user rarely does). */
export interface MarketplaceMeteringErrorDetails {
  name?: string;
  fault?: "client" | "server";
  retryable?: { throttling: boolean };
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
  totalRetryDelay?: number;
  cause?: unknown;
  field?: string;
  rule?: string;
}

/** The base of every error this package rejects with. Messages never hold secrets. */
export class MarketplaceMeteringError extends Error {
  constructor(message: string, details?: MarketplaceMeteringErrorDetails);
  /** The class name, or the AWS error code for service and STS errors. */
  name: string;
  /** Whose fault: `"server"` for 5xx and unreadable answers, else `"client"`. */
  $fault: "client" | "server";
  /**
   * As the AWS SDK marks errors: present when another attempt could succeed (the client has
   * retried within `maxAttempts` already), with `throttling: true` when the service asked to
   * slow down; absent when retrying cannot help.
   */
  $retryable?: { throttling: boolean };
  $metadata: ResponseMetadata;
}

/** An error the service answered with; also the class of codes outside the model (`name` is the code). */
export class MarketplaceMeteringServiceException extends MarketplaceMeteringError {}

// One class per error in the service model, named exactly as the model names it.
// @MODEL_ERROR_CLASSES@

/** The input (or an option) broke a rule of the service model; nothing was sent. */
export class ValidationError extends MarketplaceMeteringError {
  name: "ValidationError";
  /** The input path as written, e.g. `usageRecords[3].usageAllocations[0].tags[1].key`. */
  field: string;
  /** The rule broken, e.g. `must be 1 to 255 characters`. */
  rule: string;
}

/**
 * No usable credentials: none given, the provider failed (see `cause`) or returned a bad shape,
 * or STS refused `fromAssumeRole` (then `name` is STS's code, e.g. `AccessDenied`).
 */
export class CredentialsError extends MarketplaceMeteringError {}

/** A call on a client after `close()` (or after `using` disposed of it). */
export class ClientClosedError extends MarketplaceMeteringError {
  name: "ClientClosedError";
}

/** fetch itself failed (DNS, connection reset, CORS; see `cause`), or a 2xx answer could not be read. Retried. */
export class NetworkError extends MarketplaceMeteringError {
  name: "NetworkError";
}

/** An attempt took longer than `requestTimeoutMs`. Retried. */
export class TimeoutError extends MarketplaceMeteringError {
  name: "TimeoutError";
}

/** Which records went with a BatchMeterUsage call that failed as a whole, and why. */
export interface BatchFailure {
  usageRecords: UsageRecord[];
  error: MarketplaceMeteringError;
}

/**
 * `meterUsageRecords`: one or more BatchMeterUsage calls failed as a whole. Nothing is
 * dropped silently: what went through is in `results`, what the service left unprocessed in
 * `unprocessedRecords`, and the records of each failed call with its error in `failures`.
 */
export class BatchError extends MarketplaceMeteringError {
  name: "BatchError";
  results: UsageRecordResult[];
  unprocessedRecords: UsageRecord[];
  failures: BatchFailure[];
}
