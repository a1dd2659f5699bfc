// The error classes of marketplace-metering-wasm. The wasm glue imports this module (as a
// wasm-bindgen snippet) and the package re-exports the very same module, so `instanceof`
// works for every class in every runtime entry.
//
// Every error carries `name` (the AWS error code for service errors), `message`, `$fault`
// ("client" or "server"), `$retryable`, and `$metadata: { httpStatusCode?, requestId?,
// attempts, totalRetryDelay }`, the shape the AWS SDK for JavaScript v3 uses.

export class MarketplaceMeteringError extends Error {
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = details.name ?? new.target.name;
    this.$fault = details.fault ?? "client";
    // As the SDK marks them: `{ throttling }` on errors worth retrying, absent on others.
    if (details.retryable) this.$retryable = details.retryable;
    this.$metadata = {
      httpStatusCode: details.httpStatusCode,
      requestId: details.requestId,
      attempts: details.attempts ?? 0,
      totalRetryDelay: details.totalRetryDelay ?? 0,
    };
  }
}

/** Base class of every error the service answered with, and the class of unmodelled codes. */
export class MarketplaceMeteringServiceException extends MarketplaceMeteringError {}

// One class per error in the service model, named exactly as the model names it.
// @MODEL_ERROR_CLASSES@

/** The input broke a rule of the service model; nothing was sent. */
export class ValidationError extends MarketplaceMeteringError {
  constructor(message, details = {}) {
    super(message, details);
    /** The input path as written, e.g. `usageRecords[3].usageAllocations[0].tags[1].key`. */
    this.field = details.field;
    /** The rule broken, e.g. `must be 1 to 255 characters`. */
    this.rule = details.rule;
  }
}

/** No usable credentials: none given, the provider failed, or it returned a bad shape. */
export class CredentialsError extends MarketplaceMeteringError {}

/** fetch itself failed (DNS, connection reset, CORS) or the response could not be read. */
export class NetworkError extends MarketplaceMeteringError {}

/** An attempt took longer than `requestTimeoutMs`. */
export class TimeoutError extends MarketplaceMeteringError {}

/**
 * Records that were carried by a call that failed as a whole (see `meterUsageRecords`), so
 * the caller can keep them: nothing is dropped silently.
 */
export class BatchError extends MarketplaceMeteringError {}

/** A call on a client after `close()` (or after `using` disposed of it). */
export class ClientClosedError extends MarketplaceMeteringError {}

const serviceClasses = new Map(
  [
    // @MODEL_ERROR_LIST@
  ].map((c) => [c.name, c]),
);

const kindClasses = {
  validation: ValidationError,
  credentials: CredentialsError,
  network: NetworkError,
  timeout: TimeoutError,
  batch: BatchError,
  closed: ClientClosedError,
  client: MarketplaceMeteringError,
};

/**
 * Called by the wasm glue only (not part of the public exports): builds the error for a
 * description `{ kind, name?, message, fault, retryable?, httpStatusCode?, requestId?,
 * attempts, totalRetryDelay, field?, rule?, cause?, extra? }` (src/error.rs writes it).
 */
export function makeError(d) {
  const cls =
    d.kind === "service"
      ? serviceClasses.get(d.name) ?? MarketplaceMeteringServiceException
      : kindClasses[d.kind] ?? MarketplaceMeteringError;
  // `extra`: a BatchError's lists (results, unprocessedRecords, failures).
  return Object.assign(new cls(d.message, d), d.extra);
}

/** Called by the wasm glue only: the error for a description the core wrote as JSON text. */
export function errorFromCore(text, cause) {
  const d = JSON.parse(text);
  if (cause !== undefined) d.cause = cause;
  return makeError(d);
}
