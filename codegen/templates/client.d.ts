// The client's own types: its options, call options, credentials, the logger, prepareRequest's
// answer, meterUsageRecords' input and output, fromAssumeRole's options. Hand-written (they are
// the JS API's, not the service model's); the generator appends them to the model types in
// src/wasm/model_types.rs, whose typescript_custom_section puts both into the package's .d.ts.

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
