// generated from the service model by `make generate`; do not edit (template: codegen/templates/errors.d.ts).
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
/**
 * Exception thrown when the customer does not have a valid subscription for the product.
 *
 * From `meterUsage`, `registerUsage`.
 */
export class CustomerNotEntitledException extends MarketplaceMeteringServiceException {
  name: "CustomerNotEntitledException";
}

/**
 * The API is disabled in the Region.
 *
 * From `batchMeterUsage`, `registerUsage`, `resolveCustomer`.
 */
export class DisabledApiException extends MarketplaceMeteringServiceException {
  name: "DisabledApiException";
}

/**
 * A metering record has already been emitted by the same EC2 instance, ECS task, or EKS pod for the
 * given {`usageDimension`, `timestamp`} with a different `usageQuantity`.
 *
 * From `meterUsage`.
 */
export class DuplicateRequestException extends MarketplaceMeteringServiceException {
  name: "DuplicateRequestException";
}

/**
 * The submitted registration token has expired. This can happen if the buyer's browser takes too
 * long to redirect to your page, the buyer has resubmitted the registration token, or your
 * application has held on to the registration token for too long. Your SaaS registration website
 * should redeem this token as soon as it is submitted by the buyer's browser.
 *
 * From `resolveCustomer`.
 */
export class ExpiredTokenException extends MarketplaceMeteringServiceException {
  name: "ExpiredTokenException";
}

/**
 * The `ClientToken` is being used for multiple requests.
 *
 * HTTP 409. From `meterUsage`.
 */
export class IdempotencyConflictException extends MarketplaceMeteringServiceException {
  name: "IdempotencyConflictException";
}

/**
 * An internal error has occurred. Retry your request. If the problem persists, post a message with
 * details on the Amazon Web Services forums.
 *
 * A server fault. From `batchMeterUsage`, `meterUsage`, `registerUsage`, `resolveCustomer`.
 */
export class InternalServiceErrorException extends MarketplaceMeteringServiceException {
  name: "InternalServiceErrorException";
}

/**
 * You have metered usage for a `CustomerIdentifier` that does not exist.
 *
 * From `batchMeterUsage`.
 */
export class InvalidCustomerIdentifierException extends MarketplaceMeteringServiceException {
  name: "InvalidCustomerIdentifierException";
}

/**
 * The endpoint being called is in a Amazon Web Services Region different from your EC2 instance,
 * ECS task, or EKS pod. The Region of the Metering Service endpoint and the Amazon Web Services
 * Region of the resource must match.
 *
 * From `meterUsage`.
 */
export class InvalidEndpointRegionException extends MarketplaceMeteringServiceException {
  name: "InvalidEndpointRegionException";
}

/**
 * Ensure the `LicenseArn` is valid, matches the customer, and usage is within the license
 * activation period.
 *
 * From `batchMeterUsage`.
 */
export class InvalidLicenseException extends MarketplaceMeteringServiceException {
  name: "InvalidLicenseException";
}

/**
 * The product code passed does not match the product code used for publishing the product.
 *
 * From `batchMeterUsage`, `meterUsage`, `registerUsage`.
 */
export class InvalidProductCodeException extends MarketplaceMeteringServiceException {
  name: "InvalidProductCodeException";
}

/**
 * Public Key version is invalid.
 *
 * From `registerUsage`.
 */
export class InvalidPublicKeyVersionException extends MarketplaceMeteringServiceException {
  name: "InvalidPublicKeyVersionException";
}

/**
 * `RegisterUsage` must be called in the same Amazon Web Services Region the ECS task was launched
 * in. This prevents a container from hardcoding a Region (e.g. withRegion(“us-east-1”) when calling
 * `RegisterUsage`.
 *
 * From `registerUsage`.
 */
export class InvalidRegionException extends MarketplaceMeteringServiceException {
  name: "InvalidRegionException";
}

/**
 * The tag is invalid, or the number of tags is greater than 5.
 *
 * From `batchMeterUsage`, `meterUsage`.
 */
export class InvalidTagException extends MarketplaceMeteringServiceException {
  name: "InvalidTagException";
}

/**
 * Registration token is invalid.
 *
 * From `resolveCustomer`.
 */
export class InvalidTokenException extends MarketplaceMeteringServiceException {
  name: "InvalidTokenException";
}

/**
 * Sum of allocated usage quantities is not equal to the usage quantity.
 *
 * From `batchMeterUsage`, `meterUsage`.
 */
export class InvalidUsageAllocationsException extends MarketplaceMeteringServiceException {
  name: "InvalidUsageAllocationsException";
}

/**
 * The usage dimension does not match one of the `UsageDimensions` associated with products.
 *
 * From `batchMeterUsage`, `meterUsage`.
 */
export class InvalidUsageDimensionException extends MarketplaceMeteringServiceException {
  name: "InvalidUsageDimensionException";
}

/**
 * Amazon Web Services Marketplace does not support metering usage from the underlying platform.
 * Currently, Amazon ECS, Amazon EKS, and Fargate are supported.
 *
 * From `registerUsage`.
 */
export class PlatformNotSupportedException extends MarketplaceMeteringServiceException {
  name: "PlatformNotSupportedException";
}

/**
 * The calls to the API are throttled.
 *
 * From `batchMeterUsage`, `meterUsage`, `registerUsage`, `resolveCustomer`.
 */
export class ThrottlingException extends MarketplaceMeteringServiceException {
  name: "ThrottlingException";
}

/**
 * The `timestamp` value passed in the `UsageRecord` is out of allowed range.
 *
 * From `batchMeterUsage`, `meterUsage`.
 */
export class TimestampOutOfBoundsException extends MarketplaceMeteringServiceException {
  name: "TimestampOutOfBoundsException";
}

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
