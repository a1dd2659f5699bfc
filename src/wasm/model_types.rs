// generated from the service model by `make generate`; do not edit.
//! The TypeScript types of the service model's inputs, outputs and enums, then the client's
//! own (codegen/templates/client.d.ts), which wasm-bindgen writes into the package's `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const MODEL_TYPES: &str = r##"
// The service model's inputs, outputs and enums in the JS API's camelCase.
// Generated from the service model by `make generate`; do not edit.

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

/** The input type of each operation, by its AWS name (for `prepareRequest`). */
export interface OperationInputs {
  BatchMeterUsage: BatchMeterUsageInput;
  MeterUsage: MeterUsageInput;
  RegisterUsage: RegisterUsageInput;
  ResolveCustomer: ResolveCustomerInput;
}

/** The errors the model names for `batchMeterUsage`. */
export type BatchMeterUsageError =
  | DisabledApiException
  | InternalServiceErrorException
  | InvalidCustomerIdentifierException
  | InvalidLicenseException
  | InvalidProductCodeException
  | InvalidTagException
  | InvalidUsageAllocationsException
  | InvalidUsageDimensionException
  | ThrottlingException
  | TimestampOutOfBoundsException;

/** The errors the model names for `meterUsage`. */
export type MeterUsageError =
  | CustomerNotEntitledException
  | DuplicateRequestException
  | IdempotencyConflictException
  | InternalServiceErrorException
  | InvalidEndpointRegionException
  | InvalidProductCodeException
  | InvalidTagException
  | InvalidUsageAllocationsException
  | InvalidUsageDimensionException
  | ThrottlingException
  | TimestampOutOfBoundsException;

/** The errors the model names for `registerUsage`. */
export type RegisterUsageError =
  | CustomerNotEntitledException
  | DisabledApiException
  | InternalServiceErrorException
  | InvalidProductCodeException
  | InvalidPublicKeyVersionException
  | InvalidRegionException
  | PlatformNotSupportedException
  | ThrottlingException;

/** The errors the model names for `resolveCustomer`. */
export type ResolveCustomerError =
  | DisabledApiException
  | ExpiredTokenException
  | InternalServiceErrorException
  | InvalidTokenException
  | ThrottlingException;

/**
 * The input of `batchMeterUsage`. A `BatchMeterUsageRequest` contains `UsageRecords`, which
 * indicate quantities of usage within your application.
 */
export interface BatchMeterUsageInput {
  /**
   * The set of `UsageRecords` to submit. `BatchMeterUsage` accepts up to 25 `UsageRecords` at a
   * time.
   *
   * At most 25 items.
   */
  usageRecords: readonly UsageRecord[];
  /**
   * Product code is used to uniquely identify a product in Amazon Web Services Marketplace. The
   * product code should be the same as the one used during the publishing of a new product.
   *
   * At most 255 characters; may contain only letters, digits and - / = : _ . @
   * (`^[-a-zA-Z0-9/=:_.@]*$`).
   */
  productCode?: string;
}

/**
 * The output of `batchMeterUsage`. Contains the `UsageRecords` processed by `BatchMeterUsage` and
 * any records that have failed due to transient error.
 */
export interface BatchMeterUsageOutput {
  /**
   * Contains all `UsageRecords` processed by `BatchMeterUsage`. These records were either honored
   * by Amazon Web Services Marketplace Metering Service or were invalid. Invalid records should be
   * fixed before being resubmitted.
   *
   * Always present: empty when the service sends none.
   */
  results: UsageRecordResult[];
  /**
   * Contains all `UsageRecords` that were not processed by `BatchMeterUsage`. This is a list of
   * `UsageRecords`. You can retry the failed request by making another `BatchMeterUsage` call with
   * this list as input in the `BatchMeterUsageRequest`.
   *
   * At most 25 items. Always present: empty when the service sends none.
   */
  unprocessedRecords: UsageRecord[];
  /** The response's metadata, as the AWS SDK for JavaScript v3 has it. */
  $metadata: ResponseMetadata;
}

/** The input of `meterUsage`. */
export interface MeterUsageInput {
  /**
   * Product code is used to uniquely identify a product in Amazon Web Services Marketplace. The
   * product code should be the same as the one used during the publishing of a new product.
   *
   * At most 255 characters; may contain only letters, digits and - / = : _ . @
   * (`^[-a-zA-Z0-9/=:_.@]*$`).
   */
  productCode: string;
  /**
   * Timestamp, in UTC, for which the usage is being reported. Your application can meter usage for
   * up to six hours in the past. Make sure the `timestamp` value is not before the start of the
   * software usage.
   */
  timestamp: Date;
  /**
   * It will be one of the fcp dimension name provided during the publishing of the product.
   *
   * 1 to 255 characters.
   */
  usageDimension: string;
  /**
   * Consumption value for the hour. Defaults to `0` if not specified.
   *
   * An integer from 0 to 2147483647.
   */
  usageQuantity?: number;
  /**
   * Checks whether you have the permissions required for the action, but does not make the request.
   * If you have the permissions, the request returns `DryRunOperation`; otherwise, it returns
   * `UnauthorizedException`. Defaults to `false` if not specified.
   */
  dryRun?: boolean;
  /**
   * The set of `UsageAllocations` to submit.
   *
   * 1 to 2500 items.
   */
  usageAllocations?: readonly UsageAllocation[];
  /**
   * Specifies a unique, case-sensitive identifier that you provide to ensure the idempotency of the
   * request. This lets you safely retry the request without accidentally performing the same
   * operation a second time. Passing the same value to a later call to an operation requires that
   * you also pass the same value for all other parameters. We recommend that you use a [UUID type
   * of value](https://wikipedia.org/wiki/Universally_unique_identifier).
   *
   * 1 to 64 characters. When absent, the client makes one random token per call, the same for every
   * attempt.
   */
  clientToken?: string;
}

/** The output of `meterUsage`. */
export interface MeterUsageOutput {
  /** Metering record id. */
  meteringRecordId?: string;
  /** The response's metadata, as the AWS SDK for JavaScript v3 has it. */
  $metadata: ResponseMetadata;
}

/** The input of `registerUsage`. */
export interface RegisterUsageInput {
  /**
   * Product code is used to uniquely identify a product in Amazon Web Services Marketplace. The
   * product code should be the same as the one used during the publishing of a new product.
   *
   * At most 255 characters; may contain only letters, digits and - / = : _ . @
   * (`^[-a-zA-Z0-9/=:_.@]*$`).
   */
  productCode: string;
  /**
   * Public Key Version provided by Amazon Web Services Marketplace
   *
   * An integer from 1 to 2147483647.
   */
  publicKeyVersion: number;
  /**
   * (Optional) To scope down the registration to a specific running software instance and guard
   * against replay attacks.
   *
   * At most 255 characters.
   */
  nonce?: string;
}

/** The output of `registerUsage`. */
export interface RegisterUsageOutput {
  /** (Optional) Only included when public key version has expired */
  publicKeyRotationTimestamp?: Date;
  /**
   * JWT Token
   *
   * Must not be empty (`^[\s\S]+$`).
   */
  signature?: string;
  /** The response's metadata, as the AWS SDK for JavaScript v3 has it. */
  $metadata: ResponseMetadata;
}

/** The input of `resolveCustomer`. Contains input to the `ResolveCustomer` operation. */
export interface ResolveCustomerInput {
  /**
   * When a buyer visits your website during the registration process, the buyer submits a
   * registration token through the browser. The registration token is resolved to obtain a
   * `CustomerIdentifier` along with the `CustomerAWSAccountId`, `ProductCode`, and `LicenseArn`.
   *
   * Must not be empty (`^[\s\S]+$`).
   */
  registrationToken: string;
}

/**
 * The output of `resolveCustomer`. The result of the `ResolveCustomer` operation. Contains the
 * `CustomerIdentifier` along with the `CustomerAWSAccountId`, `ProductCode`, and `LicenseArn`.
 */
export interface ResolveCustomerOutput {
  /**
   * The `CustomerIdentifier` is used to identify an individual customer in your application.
   *
   * At most 255 characters.
   */
  customerIdentifier?: string;
  /**
   * The product code is returned to confirm that the buyer is registering for your product.
   * Subsequent `BatchMeterUsage` calls should be made using this product code.
   *
   * At most 255 characters; may contain only letters, digits and - / = : _ . @
   * (`^[-a-zA-Z0-9/=:_.@]*$`).
   */
  productCode?: string;
  /**
   * The `CustomerAWSAccountId` provides the Amazon Web Services account ID associated with the
   * `CustomerIdentifier` for the individual customer. Calls to `BatchMeterUsage` require
   * `CustomerAWSAccountId` for each `UsageRecord`.
   *
   * 1 to 255 characters; must contain only digits (`^[0-9]+$`).
   */
  customerAWSAccountId?: string;
  /**
   * The `LicenseArn` is a unique identifier for a specific granted license. These are typically
   * used for software purchased through Amazon Web Services Marketplace. Calls to `BatchMeterUsage`
   * require `LicenseArn` for each `UsageRecord`.
   *
   * Must match
   * `^arn:aws[a-zA-Z-]*:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$`.
   */
  licenseArn?: string;
  /** The response's metadata, as the AWS SDK for JavaScript v3 has it. */
  $metadata: ResponseMetadata;
}

/**
 * A `UsageRecord` indicates a quantity of usage for a given product, customer, dimension and time.
 */
export interface UsageRecord {
  /** Timestamp, in UTC, for which the usage is being reported. */
  timestamp: Date;
  /**
   * The `CustomerIdentifier` is obtained through the `ResolveCustomer` operation and represents an
   * individual buyer in your application.
   *
   * At most 255 characters.
   */
  customerIdentifier?: string;
  /**
   * During the process of registering a product on Amazon Web Services Marketplace, dimensions are
   * specified. These represent different units of value in your application.
   *
   * 1 to 255 characters.
   */
  dimension: string;
  /**
   * The quantity of usage consumed by the customer for the given dimension and time. Defaults to
   * `0` if not specified.
   *
   * An integer from 0 to 2147483647.
   */
  quantity?: number;
  /**
   * The set of `UsageAllocations` to submit. The sum of all `UsageAllocation` quantities must equal
   * the Quantity of the `UsageRecord`.
   *
   * 1 to 2500 items.
   */
  usageAllocations?: readonly UsageAllocation[];
  /**
   * The `CustomerAWSAccountId` parameter specifies the AWS account ID of the buyer.
   *
   * 1 to 255 characters; must contain only digits (`^[0-9]+$`).
   */
  customerAWSAccountId?: string;
  /**
   * The `LicenseArn` is a unique identifier for a specific granted license. These are used for
   * software purchased through Amazon Web Services Marketplace.
   *
   * Must match
   * `^arn:aws[a-zA-Z-]*:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$`.
   */
  licenseArn?: string;
}

/** Usage allocations allow you to split usage into buckets by tags. */
export interface UsageAllocation {
  /**
   * The total quantity allocated to this bucket of usage.
   *
   * An integer from 0 to 2147483647.
   */
  allocatedUsageQuantity: number;
  /**
   * The set of tags that define the bucket of usage. For the bucket of items with no tags, this
   * parameter can be left out.
   *
   * 1 to 5 items.
   */
  tags?: readonly Tag[];
}

/** Metadata assigned to an allocation. Each tag is made up of a `key` and a `value`. */
export interface Tag {
  /**
   * One part of a key-value pair that makes up a `tag`. A `key` is a label that acts like a
   * category for the specific tag values.
   *
   * 1 to 100 characters; may contain only letters, digits, space and !"#$%&'()*+,-./:;<=@_
   * (`^[a-zA-Z0-9+ -=._:\/@]+$`).
   */
  key: string;
  /**
   * One part of a key-value pair that makes up a `tag`. A `value` acts as a descriptor within a tag
   * category (key). The value can be empty or null.
   *
   * 1 to 256 characters; may contain only letters, digits, space and !"#$%&'()*+,-./:;<=@_
   * (`^[a-zA-Z0-9+ -=._:\/@]+$`).
   */
  value: string;
}

/**
 * A `UsageRecordResult` indicates the status of a given `UsageRecord` processed by
 * `BatchMeterUsage`.
 */
export interface UsageRecordResult {
  /** The `UsageRecord` that was part of the `BatchMeterUsage` request. */
  usageRecord?: UsageRecord;
  /** The `MeteringRecordId` is a unique identifier for this metering event. */
  meteringRecordId?: string;
  /**
   * The `UsageRecordResult` `Status` indicates the status of an individual `UsageRecord` processed
   * by `BatchMeterUsage`.
   */
  status?: UsageRecordResultStatus;
}

export type UsageRecordResultStatus = "Success" | "CustomerNotSubscribed" | "DuplicateRecord";

/** AWS credentials for SigV4. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Required with temporary credentials (access keys starting `ASIA`). */
  readonly sessionToken?: string;
  /** When temporary credentials stop working: a provider is asked again 5 minutes before. */
  readonly expiration?: Date;
}

/**
 * Returns credentials, synchronously or as a promise. Called when a call needs to sign and
 * the cached credentials are missing or expire within 5 minutes; one request at a time is
 * shared by every call waiting. `abortSignal` aborts when the client closes or when no call
 * waits any longer. A throw becomes a `CredentialsError` whose `cause` is what was thrown (a
 * `CredentialsError` itself, as `fromAssumeRole` throws, is passed on as it is).
 */
export type CredentialsProvider = (props?: { abortSignal?: AbortSignal }) => Credentials | PromiseLike<Credentials>;

/** The AWS SDK's logger shape: each method optional, each event a plain object. */
export interface Logger {
  debug?(event: LogEvent): void;
  info?(event: LogEvent): void;
  warn?(event: LogEvent): void;
  error?(event: LogEvent): void;
}

/** One attempt (`debug`), or one retry decision (`warn` to retry, `error` to give up). Never a secret, signature, token or body. */
export interface LogEvent {
  event: "attempt" | "retry" | "fail";
  operation: string;
  attempt: number;
  httpStatusCode?: number;
  requestId?: string;
  errorCode?: string;
  delayMs?: number;
}

export interface MarketplaceMeteringOptions {
  /** The AWS region, e.g. `"us-east-1"`: chooses the endpoint and the signing region. */
  region: string;
  /** Static credentials; win over `credentialsProvider` when both are given. */
  credentials?: Credentials;
  /** Where credentials come from when `credentials` is not given (see `fromAssumeRole`). */
  credentialsProvider?: CredentialsProvider;
  /** Used instead of the global `fetch` (a Worker's service binding, a proxy, tests). */
  fetch?: typeof fetch;
  /** Overrides the endpoint from the region's rules (e.g. a local emulator); still signed for `region`. */
  endpointUrl?: string;
  /** The FIPS endpoint of the region. */
  useFipsEndpoint?: boolean;
  /** The dual-stack (IPv4 and IPv6) endpoint of the region. */
  useDualStackEndpoint?: boolean;
  /** Attempts per call including the first, an integer from 1 to 20. Default 3 (the SDKs' standard mode). */
  maxAttempts?: number;
  /** Time limit of each attempt, and of each wait for the credentials provider, in milliseconds; 0 (the default) is none. */
  requestTimeoutMs?: number;
  /** Receives one event per attempt and per retry decision. */
  logger?: Logger;
  /** Appended to `x-amz-user-agent` and `user-agent` after the package's own name and version. */
  customUserAgent?: string;
}

/** The second argument of every operation. */
export interface CallOptions {
  /** Cancels the call, including any wait: it rejects with the signal's `reason`, as fetch does. */
  abortSignal?: AbortSignal;
}

/** The second argument of `meterUsageRecords`. */
export interface MeterUsageRecordsOptions extends CallOptions {
  /** BatchMeterUsage calls in flight at once, an integer from 1 to 10. Default 4. */
  concurrency?: number;
}

/** A signed request, ready for `fetch(url, { method, headers, body })`. Signatures expire after 15 minutes. */
export interface PreparedRequest {
  method: "POST";
  url: string;
  /** Without `host`: fetch derives it from `url`. */
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
}

/** `meterUsageRecords`' input: BatchMeterUsage's, with any number of records. */
export type MeterUsageRecordsInput = BatchMeterUsageInput;

/** Every record of the input ends in exactly one of the two lists, as your own object. */
export type MeterUsageRecordsOutput = Omit<BatchMeterUsageOutput, "$metadata">;

// `Symbol.dispose` and `Symbol.asyncDispose` for projects whose `lib` predates them (as
// @types/node declares them): the client's `[Symbol.dispose]` must not need esnext.disposable.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
    readonly asyncDispose: unique symbol;
  }
}

export interface MarketplaceMetering {
  /** `await using client = …` closes the client at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
  /**
   * The request an operation would send — validated, serialized and signed exactly as a call
   * signs it — without sending it: for a proxy, a queue, or measuring.
   *
   * Rejects with `ValidationError` (bad input or operation name) and `CredentialsError`.
   */
  prepareRequest<O extends keyof OperationInputs>(operation: O, input: OperationInputs[O]): Promise<PreparedRequest>;
}

/** `fromAssumeRole`'s options: STS `AssumeRole` (API 2011-06-15). */
export interface AssumeRoleOptions {
  /** The role to assume, e.g. `arn:aws:iam::123456789012:role/MarketplaceMetering`. */
  roleArn: string;
  /** 2 to 64 of `[\w+=,.@-]`. Default `marketplace-metering-wasm-<ms>`, new at each request. */
  roleSessionName?: string;
  /** The `sts:ExternalId` the role's trust policy asks for. */
  externalId?: string;
  /** 900 to 43200 seconds (and at most the role's maximum). Default: STS's, one hour. */
  durationSeconds?: number;
  /** The credentials that call STS (e.g. the long-term keys in your Worker's secrets)… */
  credentials?: Credentials;
  /** …or where they come from. */
  credentialsProvider?: CredentialsProvider;
  /** STS's region: the endpoint `https://sts.{region}.amazonaws.com`. Default `us-east-1`. */
  region?: string;
  /** Overrides the STS endpoint (e.g. a local emulator). */
  endpointUrl?: string;
  fetch?: typeof fetch;
  maxAttempts?: number;
  requestTimeoutMs?: number;
  /** Receives the AssumeRole attempts and retry decisions, as the client's logger does for its calls. */
  logger?: Logger;
  /** Appended to the AssumeRole requests' `x-amz-user-agent` and `user-agent`. */
  customUserAgent?: string;
}
"##;
