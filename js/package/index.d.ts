// Types of marketplace-metering-wasm: the AWS Marketplace Metering Service client
// (BatchMeterUsage, MeterUsage, RegisterUsage, ResolveCustomer) for Workers, Deno, Node and
// browsers. Every runtime entry (workerd.js, node.js, web.js) exports exactly these names.
//
// Inputs are checked at run time as strictly as here: a member the model does not have is a
// ValidationError (a misspelt `quantitiy` would otherwise meter 0), and absent output members
// are left out (`undefined`), never `null`.

// ---------------------------------------------------------------------------------------------
// Credentials and client options
// ---------------------------------------------------------------------------------------------

/** AWS credentials for SigV4 (signing name `aws-marketplace`). */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Required with temporary credentials (access keys starting `ASIA`). */
  readonly sessionToken?: string;
  /**
   * When temporary credentials stop working. Credentials from a `credentialsProvider` are
   * fetched again when this is less than 5 minutes away; ignored for static `credentials`.
   */
  readonly expiration?: Date;
}

/**
 * Returns credentials, synchronously or as a promise. Called lazily (on the first call that
 * needs to sign), its result cached and shared by concurrent calls, and called again when the
 * cached `expiration` is less than 5 minutes away. A throw or rejection becomes a
 * `CredentialsError` whose `cause` is what was thrown.
 */
export type CredentialsProvider = () => Credentials | PromiseLike<Credentials>;

export interface MarketplaceMeteringOptions {
  /** The AWS region, e.g. `"us-east-1"`; chooses the endpoint and the signing region. */
  region: string;
  /** Static credentials. Win over `credentialsProvider` when both are given. */
  credentials?: Credentials;
  /** Where credentials come from when `credentials` is not given. */
  credentialsProvider?: CredentialsProvider;
  /** Used instead of the global `fetch` (for a Worker's service binding, a proxy, tests). */
  fetch?: typeof fetch;
  /** Overrides the endpoint from the region's rules (e.g. a local emulator); still signed for `region`. */
  endpointUrl?: string;
  /** The FIPS endpoint of the region. */
  useFipsEndpoint?: boolean;
  /** The dual-stack (IPv4 and IPv6) endpoint of the region. */
  useDualStackEndpoint?: boolean;
  /** Attempts per call including the first, an integer from 1 to 20. Default 3 (the SDKs' standard mode). */
  maxAttempts?: number;
  /** Time limit of each attempt in milliseconds; a late attempt is a retryable `TimeoutError`. 0 (the default) is none. */
  requestTimeoutMs?: number;
}

/** The second argument of every operation. */
export interface CallOptions {
  /**
   * Cancels the call, including any wait between attempts: the promise rejects with the
   * signal's `reason` (an `AbortError` DOMException unless the caller gave another).
   */
  abortSignal?: AbortSignal;
}

/** The second argument of `meterUsageRecords`. */
export interface MeterUsageRecordsOptions extends CallOptions {
  /** BatchMeterUsage calls in flight at once, 1 or more. Default 4. */
  concurrency?: number;
}

// ---------------------------------------------------------------------------------------------
// The model's shapes, in the JS API's camelCase
// ---------------------------------------------------------------------------------------------

/**
 * A tag on a usage allocation: `key` 1 to 100 characters, `value` 1 to 256, both of letters,
 * digits, space and `!"#$%&'()*+,-./:;<=@_` (the model's `[a-zA-Z0-9+ -=._:\/@]`).
 */
export interface Tag {
  key: string;
  value: string;
}

/** A share of a record's quantity, labelled with tags; the shares must add up to the quantity. */
export interface UsageAllocation {
  /** Integer from 0 to 2147483647. */
  allocatedUsageQuantity: number;
  /** 1 to 5 tags. */
  tags?: readonly Tag[];
}

/**
 * One record of BatchMeterUsage. Exactly one of `customerIdentifier`, `customerAWSAccountId`
 * identifies the customer (the service rejects both or neither); `licenseArn` goes with
 * `customerAWSAccountId` when the request has no `productCode`.
 */
export interface UsageRecord {
  /**
   * When the usage happened; only whole seconds are sent. Less than 24 hours in the past, not
   * in the future, and last month's only until 06:00 UTC on the 1st.
   */
  timestamp: Date;
  /** The legacy customer identifier from ResolveCustomer, 1 to 255 characters. */
  customerIdentifier?: string;
  /** A dimension of the product, 1 to 255 characters. */
  dimension: string;
  /** Integer from 0 to 2147483647; the service takes 0 when absent. */
  quantity?: number;
  /** 1 to 2500 allocations. */
  usageAllocations?: readonly UsageAllocation[];
  /** The buyer's 12-digit AWS account id. */
  customerAWSAccountId?: string;
  /** The buyer's license ARN (`arn:aws:license-manager::...:license:l-...`). */
  licenseArn?: string;
}

/** The service's answer for one record. */
export type UsageRecordResultStatus = "Success" | "CustomerNotSubscribed" | "DuplicateRecord";

export interface UsageRecordResult {
  /** The record as the service echoed it (timestamp as a `Date`). */
  usageRecord?: UsageRecord;
  /** Present for `Success` and for `DuplicateRecord` (the original record's id). */
  meteringRecordId?: string;
  status?: UsageRecordResultStatus;
}

export interface BatchMeterUsageInput {
  /** The product the records are for, 1 to 255 characters; omitted when every record has a `licenseArn`. */
  productCode?: string;
  /** 0 to 25 records, the whole request under 1 MB. */
  usageRecords: readonly UsageRecord[];
}

export interface BatchMeterUsageOutput {
  /** One result per processed record. */
  results: UsageRecordResult[];
  /** Records the service did not process this time; sending them again is safe. */
  unprocessedRecords: UsageRecord[];
}

export interface MeterUsageInput {
  /** 1 to 255 characters. */
  productCode: string;
  /** When the usage happened, at most 6 hours ago; rounded down to the hour by the service. */
  timestamp: Date;
  /** A dimension of the product, 1 to 255 characters. */
  usageDimension: string;
  /** Integer from 0 to 2147483647; the service takes 0 when absent. */
  usageQuantity?: number;
  /** Checks permissions only: the call rejects with a service error named `DryRunOperation` when it would have succeeded. */
  dryRun?: boolean;
  /** 1 to 2500 allocations adding up to `usageQuantity`. */
  usageAllocations?: readonly UsageAllocation[];
  /**
   * Makes retries idempotent, 1 to 64 characters. When absent the client makes one random
   * token per call and reuses it for every retry of that call.
   */
  clientToken?: string;
}

export interface MeterUsageOutput {
  meteringRecordId?: string;
}

export interface RegisterUsageInput {
  /** The container product, 1 to 255 characters. */
  productCode: string;
  /** Integer from 1 to 2147483647; AWS publishes version 1. */
  publicKeyVersion: number;
  /** Echoed inside the signed token, at most 255 characters. */
  nonce?: string;
}

export interface RegisterUsageOutput {
  /** When the signing key rotates next. */
  publicKeyRotationTimestamp?: Date;
  /** A JWT (ES256) signed by AWS Marketplace's key of `publicKeyVersion`. */
  signature?: string;
}

export interface ResolveCustomerInput {
  /** The `x-amzn-marketplace-token` a buyer was redirected with; not empty. */
  registrationToken: string;
}

export interface ResolveCustomerOutput {
  /** Legacy integrations only. */
  customerIdentifier?: string;
  productCode?: string;
  customerAWSAccountId?: string;
  licenseArn?: string;
}

/** The input of `meterUsageRecords`: BatchMeterUsage's shape with any number of records. */
export interface MeterUsageRecordsInput {
  productCode?: string;
  usageRecords: readonly UsageRecord[];
}

/** Every record of the input ends in exactly one of the two lists. */
export interface MeterUsageRecordsOutput {
  results: UsageRecordResult[];
  unprocessedRecords: UsageRecord[];
}

// ---------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------

/**
 * A client for the AWS Marketplace Metering Service over `fetch`, with SigV4, retries (the
 * SDKs' standard mode: backoff with jitter, a retry quota, `Retry-After`) and clock-skew
 * correction learnt from the service's `Date` header.
 *
 * Every method returns a promise that rejects with one of this package's error classes, except
 * when the call's `abortSignal` fires (its `reason`) and after `close()` (a
 * `MarketplaceMeteringError` named `ClientClosedError`). Common to every operation:
 * `ValidationError` (nothing was sent), `CredentialsError`, `NetworkError`, `TimeoutError`,
 * `ThrottlingException`, `InternalServiceErrorException`, and `MarketplaceMeteringServiceException`
 * for codes outside the model (e.g. `UnrecognizedClientException`, `InvalidSignatureException`).
 *
 * @throws {ValidationError} from the constructor for a bad option (`field` names it).
 * @throws {CredentialsError} from the constructor for malformed `credentials`.
 */
/** The input type of each operation, by its AWS name (for `prepareRequest`). */
export interface OperationInputs {
  BatchMeterUsage: BatchMeterUsageInput;
  MeterUsage: MeterUsageInput;
  RegisterUsage: RegisterUsageInput;
  ResolveCustomer: ResolveCustomerInput;
}

/** A signed request, ready for `fetch(url, { method, headers, body })`. */
export interface PreparedRequest {
  method: "POST";
  url: string;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
}

export class MarketplaceMetering {
  constructor(options: MarketplaceMeteringOptions);

  /**
   * BatchMeterUsage: meters up to 25 usage records of one product (SaaS) in one call, the request
   * under 1 MB. Records must be less than 24 hours old (last month's until 06:00 UTC on the
   * 1st), or the whole call fails; each customer, dimension and hour is
   * billed once (a resubmission answers `Success` with the original id, a different quantity
   * `DuplicateRecord`). Records in `unprocessedRecords` should be sent again.
   *
   * Rejects with `InvalidProductCodeException`, `InvalidUsageDimensionException`,
   * `InvalidTagException`, `InvalidUsageAllocationsException`,
   * `InvalidCustomerIdentifierException`, `TimestampOutOfBoundsException`,
   * `DisabledApiException`, `InvalidLicenseException`, and the errors common to every operation.
   */
  batchMeterUsage(input: BatchMeterUsageInput, options?: CallOptions): Promise<BatchMeterUsageOutput>;

  /**
   * MeterUsage: meters one usage record for the calling account (AMI and container products).
   * One record per product, dimension and hour; timestamps at most 6 hours old. Retries are
   * safe: every attempt of a call carries the same `clientToken`.
   *
   * Rejects with `InvalidProductCodeException`, `InvalidUsageDimensionException`,
   * `InvalidTagException`, `InvalidUsageAllocationsException`, `InvalidEndpointRegionException`,
   * `TimestampOutOfBoundsException`, `DuplicateRequestException` (the hour was metered with
   * another quantity), `IdempotencyConflictException` (the `clientToken` was used with other
   * parameters), `CustomerNotEntitledException`, a service error named `DryRunOperation` (with
   * `dryRun: true`, when the call would have succeeded), and the errors common to every operation.
   */
  meterUsage(input: MeterUsageInput, options?: CallOptions): Promise<MeterUsageOutput>;

  /**
   * RegisterUsage: for paid container products, checks the caller's entitlement once at task
   * start and returns a JWT signed with AWS Marketplace's key, verifiable offline.
   *
   * Rejects with `InvalidProductCodeException`, `InvalidRegionException`,
   * `InvalidPublicKeyVersionException`, `PlatformNotSupportedException`,
   * `CustomerNotEntitledException`, `DisabledApiException`, and the errors common to every operation.
   */
  registerUsage(input: RegisterUsageInput, options?: CallOptions): Promise<RegisterUsageOutput>;

  /**
   * ResolveCustomer: turns the registration token a buyer arrives with (SaaS fulfilment) into
   * the customer and product it belongs to. A token is valid for 4 hours; within them the same
   * answer comes back every time. Call it with the seller account's credentials.
   *
   * Rejects with `InvalidTokenException`, `ExpiredTokenException`, `DisabledApiException`, and
   * the errors common to every operation.
   */
  resolveCustomer(input: ResolveCustomerInput, options?: CallOptions): Promise<ResolveCustomerOutput>;

  /**
   * Meters any number of usage records of one product: splits them into BatchMeterUsage calls
   * of at most 25 records and under 1 MB, sends `concurrency` calls at a time (default 4), and
   * sends `unprocessedRecords` again within `maxAttempts`. Every record comes back once, in
   * `results` or `unprocessedRecords`.
   *
   * Rejects with `ValidationError` (a record is invalid, or alone 1 MB or more; nothing was
   * sent), and with a `BatchError` when one or more calls failed as a whole: it carries what
   * did get through and which records went with which error. The same limits as
   * `batchMeterUsage` apply to each record.
   */
  meterUsageRecords(input: MeterUsageRecordsInput, options?: MeterUsageRecordsOptions): Promise<MeterUsageRecordsOutput>;

  /**
   * The request an operation would send — validated, serialized and signed exactly as a call
   * signs it — without sending it: for a proxy, a queue, or measuring. The signature is valid
   * for 15 minutes. `headers` never include `host` (fetch derives it from `url`).
   *
   * Rejects with `ValidationError` (bad input or operation name) and `CredentialsError`.
   */
  prepareRequest<O extends keyof OperationInputs>(operation: O, input: OperationInputs[O]): Promise<PreparedRequest>;

  /** Closes the client: calls in flight reject with `ClientClosedError`, and so do later calls. Idempotent. */
  close(): void;

  /**
   * Frees the client's WebAssembly memory at once instead of when it is garbage collected.
   * Any later use of this object throws. Call `close()` first if calls may be in flight.
   */
  free(): void;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** The AWS SDK for JavaScript v3's `$metadata`, with what this client knows. */
export interface ResponseMetadata {
  /** The last response's HTTP status; absent when no response came. */
  httpStatusCode?: number;
  /** The last response's `x-amzn-RequestId`. */
  requestId?: string;
  /** Attempts made, including the first; 0 when nothing was sent. */
  attempts: number;
  /** Milliseconds spent waiting between attempts. */
  totalRetryDelay: number;
}

/** What the error classes' constructors take (the client builds them; a user rarely does). */
export interface MarketplaceMeteringErrorDetails {
  name?: string;
  fault?: "client" | "server";
  retryable?: boolean;
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
  /** The class name, the AWS error code for service errors, or `ClientClosedError`. */
  name: string;
  /** Whose fault: `"server"` for 5xx and unreadable answers, else `"client"`. */
  $fault: "client" | "server";
  /** Whether another attempt could succeed (it was retried within `maxAttempts` already). */
  $retryable: boolean;
  $metadata: ResponseMetadata;
}

/** An error the service answered with; also the class of codes outside the model (`name` is the code). */
export class MarketplaceMeteringServiceException extends MarketplaceMeteringError {}

/** The service failed (HTTP 500); retried. `$fault` is `"server"`. */
export class InternalServiceErrorException extends MarketplaceMeteringServiceException {
  name: "InternalServiceErrorException";
}
/** The product code is not known to the service, or not the caller's. */
export class InvalidProductCodeException extends MarketplaceMeteringServiceException {
  name: "InvalidProductCodeException";
}
/** The dimension is not one of the product's. */
export class InvalidUsageDimensionException extends MarketplaceMeteringServiceException {
  name: "InvalidUsageDimensionException";
}
/** A tag of a usage allocation is invalid. */
export class InvalidTagException extends MarketplaceMeteringServiceException {
  name: "InvalidTagException";
}
/** The allocations do not add up to the quantity, or are otherwise invalid. */
export class InvalidUsageAllocationsException extends MarketplaceMeteringServiceException {
  name: "InvalidUsageAllocationsException";
}
/** The customer identifier is not one of the product's customers. */
export class InvalidCustomerIdentifierException extends MarketplaceMeteringServiceException {
  name: "InvalidCustomerIdentifierException";
}
/** The timestamp is too old (24 hours for BatchMeterUsage, 6 for MeterUsage), in the future, or in a closed billing month. */
export class TimestampOutOfBoundsException extends MarketplaceMeteringServiceException {
  name: "TimestampOutOfBoundsException";
}
/** Too many requests; retried with a longer backoff. */
export class ThrottlingException extends MarketplaceMeteringServiceException {
  name: "ThrottlingException";
}
/** The API is disabled in this region. */
export class DisabledApiException extends MarketplaceMeteringServiceException {
  name: "DisabledApiException";
}
/** The license ARN is invalid or does not belong to the product. */
export class InvalidLicenseException extends MarketplaceMeteringServiceException {
  name: "InvalidLicenseException";
}
/** The endpoint's region does not match the resource's (MeterUsage from EC2). */
export class InvalidEndpointRegionException extends MarketplaceMeteringServiceException {
  name: "InvalidEndpointRegionException";
}
/** MeterUsage: the product, dimension and hour were already metered with another quantity. */
export class DuplicateRequestException extends MarketplaceMeteringServiceException {
  name: "DuplicateRequestException";
}
/** MeterUsage: the `clientToken` was already used with other parameters (HTTP 409). */
export class IdempotencyConflictException extends MarketplaceMeteringServiceException {
  name: "IdempotencyConflictException";
}
/** The calling account is not entitled to the product. */
export class CustomerNotEntitledException extends MarketplaceMeteringServiceException {
  name: "CustomerNotEntitledException";
}
/** RegisterUsage was called from a region the product does not support. */
export class InvalidRegionException extends MarketplaceMeteringServiceException {
  name: "InvalidRegionException";
}
/** RegisterUsage: the public key version is not one AWS publishes. */
export class InvalidPublicKeyVersionException extends MarketplaceMeteringServiceException {
  name: "InvalidPublicKeyVersionException";
}
/** RegisterUsage: the calling platform is not supported (only ECS, EKS and Fargate are). */
export class PlatformNotSupportedException extends MarketplaceMeteringServiceException {
  name: "PlatformNotSupportedException";
}
/** ResolveCustomer: the registration token is not valid. */
export class InvalidTokenException extends MarketplaceMeteringServiceException {
  name: "InvalidTokenException";
}
/** ResolveCustomer: the registration token is more than 4 hours old. */
export class ExpiredTokenException extends MarketplaceMeteringServiceException {
  name: "ExpiredTokenException";
}

/** The input (or an option) broke a rule of the service model; nothing was sent. */
export class ValidationError extends MarketplaceMeteringError {
  name: "ValidationError";
  /** The input path as written, e.g. `usageRecords[3].usageAllocations[0].tags[1].key`. */
  field: string;
  /** The rule broken, e.g. `must be 1 to 255 characters`. */
  rule: string;
}

/** No usable credentials: none given, the provider failed (see `cause`), or it returned a bad shape. */
export class CredentialsError extends MarketplaceMeteringError {
  name: "CredentialsError";
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
