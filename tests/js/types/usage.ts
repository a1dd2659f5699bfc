// How the package's types read to a user, checked with `tsc --strict`. Every line marked
// `@ts-expect-error` must fail to compile (tsc reports an unused directive otherwise), so the
// declarations are as strict as the run-time checks.

import {
  MarketplaceMetering,
  MarketplaceMeteringError,
  MarketplaceMeteringServiceException,
  ValidationError,
  CredentialsError,
  TimeoutError,
  BatchError,
  ClientClosedError,
  ThrottlingException,
  ExpiredTokenException,
  fromAssumeRole,
  type AssumeRoleOptions,
  type CredentialsProvider,
  type Logger,
  type LogEvent,
  type ResponseMetadata,
  type Credentials,
  type BatchMeterUsageOutput,
  type MeterUsageOutput,
  type RegisterUsageOutput,
  type ResolveCustomerOutput,
  type MeterUsageRecordsOutput,
  type UsageRecord,
} from "marketplace-metering-wasm";

const credentials: Credentials = { accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "t", expiration: new Date() };
const client = new MarketplaceMetering({
  region: "us-east-1",
  credentials,
  credentialsProvider: async () => credentials,
  fetch: (input, init) => fetch(input, init),
  endpointUrl: "http://127.0.0.1:8080",
  useFipsEndpoint: false,
  useDualStackEndpoint: false,
  maxAttempts: 5,
  requestTimeoutMs: 2000,
});
new MarketplaceMetering({ region: "us-east-1", credentialsProvider: () => credentials });

// fromAssumeRole: typed options in, a CredentialsProvider out.
const roleOptions: AssumeRoleOptions = {
  roleArn: "arn:aws:iam::111122223333:role/MarketplaceMetering",
  roleSessionName: "metering-worker",
  externalId: "external-id",
  durationSeconds: 900,
  credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
  region: "us-east-1",
  endpointUrl: "http://127.0.0.1:8787",
  fetch: (input, init) => fetch(input, init),
  maxAttempts: 3,
  requestTimeoutMs: 5000,
};
const roleProvider: CredentialsProvider = fromAssumeRole(roleOptions);
const chained: CredentialsProvider = fromAssumeRole({ roleArn: "arn:aws:iam::111122223333:role/Other", credentialsProvider: roleProvider });
const assumed: Credentials | PromiseLike<Credentials> = roleProvider({ abortSignal: AbortSignal.timeout(1000) });

// logger: the AWS SDK's shape, so `console` is one; events typed; customUserAgent.
const events: LogEvent[] = [];
const logger: Logger = {
  debug: (e) => events.push(e),
  warn: (e) => {
    const wait: number | undefined = e.delayMs;
    const kind: "attempt" | "retry" | "fail" = e.event;
    void [wait, kind];
  },
  error: (e) => {
    const code: string | undefined = e.errorCode;
    const status: number | undefined = e.httpStatusCode;
    const fields: [string, number, string | undefined] = [e.operation, e.attempt, e.requestId];
    void [code, status, fields];
  },
};
const observed = new MarketplaceMetering({ region: "us-east-1", credentialsProvider: chained, logger, customUserAgent: "my-app/1.2.3" });
// fromAssumeRole reads both as the client does: its AssumeRole attempts logged, its user agent.
fromAssumeRole({ ...roleOptions, logger, customUserAgent: "my-app/1.2.3" });
new MarketplaceMetering({ region: "us-east-1", logger: console });
new MarketplaceMetering({ region: "us-east-1", logger: { error: (e) => console.error(e.operation) } });
void [assumed, observed];

export async function usage(signal: AbortSignal): Promise<void> {
  const record: UsageRecord = {
    timestamp: new Date(),
    dimension: "users",
    quantity: 3,
    customerIdentifier: "c",
    usageAllocations: [{ allocatedUsageQuantity: 3, tags: [{ key: "k", value: "v" }] }],
  };
  const batch: BatchMeterUsageOutput = await client.batchMeterUsage({ productCode: "p", usageRecords: [record] }, { abortSignal: signal });
  const when: Date | undefined = batch.results[0]?.usageRecord?.timestamp;
  const status: "Success" | "CustomerNotSubscribed" | "DuplicateRecord" | undefined = batch.results[0]?.status;
  const retry: UsageRecord[] = batch.unprocessedRecords;
  await client.batchMeterUsage({ usageRecords: [{ timestamp: new Date(), dimension: "d", customerAWSAccountId: "1", licenseArn: "arn" }] });

  const metered: MeterUsageOutput = await client.meterUsage({ productCode: "p", timestamp: new Date(), usageDimension: "d", usageQuantity: 1, dryRun: false, clientToken: "t" });
  const id: string | undefined = metered.meteringRecordId;
  const registered: RegisterUsageOutput = await client.registerUsage({ productCode: "p", publicKeyVersion: 1, nonce: "n" });
  const rotation: Date | undefined = registered.publicKeyRotationTimestamp;
  const resolved: ResolveCustomerOutput = await client.resolveCustomer({ registrationToken: "t" });
  const account: string | undefined = resolved.customerAWSAccountId;
  const all: MeterUsageRecordsOutput = await client.meterUsageRecords({ usageRecords: [record, record] }, { concurrency: 2, abortSignal: signal });
  void [when, status, retry, id, rotation, account, all];

  // $metadata on every output, as the AWS SDK for JavaScript v3 has it.
  const meta: ResponseMetadata = metered.$metadata;
  const httpStatusCode: number | undefined = meta.httpStatusCode;
  const requestId: string | undefined = resolved.$metadata.requestId;
  const attempts: number = batch.$metadata.attempts;
  const waited: number = registered.$metadata.totalRetryDelay;
  void [httpStatusCode, requestId, attempts, waited];

  try {
    await client.resolveCustomer({ registrationToken: "t" });
  } catch (err) {
    if (err instanceof ValidationError) {
      const where: string = err.field;
      const rule: string = err.rule;
      void [where, rule];
    } else if (err instanceof ExpiredTokenException) {
      const name: "ExpiredTokenException" = err.name;
      void name;
    } else if (err instanceof ThrottlingException || err instanceof TimeoutError) {
      const retryable: boolean | undefined = err.$retryable?.throttling;
      void retryable;
    } else if (err instanceof BatchError) {
      const failed: UsageRecord[] = err.failures.flatMap((f) => f.usageRecords);
      const cause: MarketplaceMeteringError | undefined = err.failures[0]?.error;
      void [failed, cause, err.results, err.unprocessedRecords];
    } else if (err instanceof MarketplaceMeteringServiceException) {
      const fault: "client" | "server" = err.$fault;
      const status: number | undefined = err.$metadata.httpStatusCode;
      const requestId: string | undefined = err.$metadata.requestId;
      const attempts: number = err.$metadata.attempts;
      void [fault, status, requestId, attempts, err.$metadata.totalRetryDelay];
    } else if (err instanceof ClientClosedError) {
      const name: "ClientClosedError" = err.name;
      void name;
    } else if (err instanceof CredentialsError) {
      // fromAssumeRole's STS errors: named by the STS code, with the STS answer's $metadata.
      if (err.name === "AccessDenied" || err.name === "RegionDisabledException") void err.$metadata.httpStatusCode;
      void err.message;
    }
    if (err instanceof MarketplaceMeteringError && err.$retryable) {
      const throttled: boolean = err.$retryable.throttling;
      void throttled;
    }
  }
  const prepared = await client.prepareRequest("MeterUsage", { productCode: "p", timestamp: new Date(), usageDimension: "d" });
  const sent: Response = await fetch(prepared.url, { method: prepared.method, headers: prepared.headers, body: prepared.body });
  void sent;
  client.close();
  client.free();
  // Symbol.dispose / Symbol.asyncDispose close it (using.ts has the `using` blocks).
  observed[Symbol.dispose]();
  const disposed: Promise<void> = observed[Symbol.asyncDispose]();
  await disposed;
}

// Lines that must not compile.
export async function mistakes(): Promise<void> {
  // @ts-expect-error a misspelt member (`quantitiy`)
  await client.batchMeterUsage({ usageRecords: [{ timestamp: new Date(), dimension: "d", quantitiy: 1 }] });
  // @ts-expect-error a string timestamp
  await client.batchMeterUsage({ usageRecords: [{ timestamp: "2026-01-01T00:00:00Z", dimension: "d" }] });
  // @ts-expect-error a quantity as a string
  await client.meterUsage({ productCode: "p", timestamp: new Date(), usageDimension: "d", usageQuantity: "1" });
  // @ts-expect-error a missing required member (`usageDimension`)
  await client.meterUsage({ productCode: "p", timestamp: new Date() });
  // @ts-expect-error a misspelt top-level member (`usageRecord`)
  await client.batchMeterUsage({ productCode: "p", usageRecord: [] });
  // @ts-expect-error publicKeyVersion as a string
  await client.registerUsage({ productCode: "p", publicKeyVersion: "1" });
  // @ts-expect-error a misspelt tag member
  await client.meterUsage({ productCode: "p", timestamp: new Date(), usageDimension: "d", usageAllocations: [{ allocatedUsageQuantity: 1, tags: [{ Key: "k", value: "v" }] }] });
  // @ts-expect-error an unknown call option
  await client.resolveCustomer({ registrationToken: "t" }, { signal: new AbortController().signal });
  // @ts-expect-error concurrency is meterUsageRecords' option only
  await client.batchMeterUsage({ usageRecords: [] }, { concurrency: 2 });
  // @ts-expect-error prepareRequest checks the input against the operation named
  await client.prepareRequest("ResolveCustomer", { productCode: "p", timestamp: new Date(), usageDimension: "d" });
  // @ts-expect-error an operation that does not exist
  await client.prepareRequest("MeterUsages", { registrationToken: "t" });
  // @ts-expect-error region is required
  new MarketplaceMetering({ credentials });
  // @ts-expect-error a misspelt option (`maxAttempt`)
  new MarketplaceMetering({ region: "us-east-1", maxAttempt: 3 });
  // @ts-expect-error credentials need secretAccessKey
  new MarketplaceMetering({ region: "us-east-1", credentials: { accessKeyId: "AKID" } });
  // @ts-expect-error expiration is a Date
  new MarketplaceMetering({ region: "us-east-1", credentials: { ...credentials, expiration: 1767225600 } });
  // @ts-expect-error a provider must return credentials
  new MarketplaceMetering({ region: "us-east-1", credentialsProvider: async () => "AKID:secret" });
  const out = await client.registerUsage({ productCode: "p", publicKeyVersion: 1 });
  // @ts-expect-error the rotation timestamp is a Date (possibly absent), not a number
  const seconds: number = out.publicKeyRotationTimestamp;
  const resolved = await client.resolveCustomer({ registrationToken: "t" });
  // @ts-expect-error output members may be absent
  const product: string = resolved.productCode;
  void [seconds, product];

  // @ts-expect-error a misspelt fromAssumeRole option (`roleARN`)
  fromAssumeRole({ roleARN: "arn:aws:iam::111122223333:role/MarketplaceMetering", credentials });
  // @ts-expect-error roleArn is required
  fromAssumeRole({ credentials });
  // @ts-expect-error durationSeconds is a number of seconds
  fromAssumeRole({ roleArn: "arn:aws:iam::111122223333:role/R", credentials, durationSeconds: "900" });
  // @ts-expect-error fromAssumeRole's result is a provider to pass, not credentials
  new MarketplaceMetering({ region: "us-east-1", credentials: fromAssumeRole({ roleArn: "arn:aws:iam::111122223333:role/R", credentials }) });
  // @ts-expect-error a logger is an object with methods, not a function
  new MarketplaceMetering({ region: "us-east-1", logger: (e: LogEvent) => console.log(e) });
  // @ts-expect-error a logger's methods take one event object
  new MarketplaceMetering({ region: "us-east-1", logger: { warn: (message: string, delay: number) => console.log(message, delay) } });
  // @ts-expect-error customUserAgent is a string
  new MarketplaceMetering({ region: "us-east-1", customUserAgent: ["my-app", "1.2.3"] });
  const err = new ThrottlingException("m");
  // @ts-expect-error $retryable is an object ({ throttling }) or absent, not a boolean
  const retryable: boolean = err.$retryable;
  // @ts-expect-error $retryable may be absent
  const throttling: boolean = err.$retryable.throttling;
  // @ts-expect-error $metadata.httpStatusCode may be absent (no answer came)
  const code: number = err.$metadata.httpStatusCode;
  const many = await client.meterUsageRecords({ usageRecords: [] });
  // @ts-expect-error meterUsageRecords' outcome is several calls': no single $metadata
  void many.$metadata;
  // @ts-expect-error ClientClosedError's name is its own
  const closedName: "ValidationError" = new ClientClosedError("m").name;
  void [retryable, throttling, code, closedName];
}
