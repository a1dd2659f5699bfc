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
  ThrottlingException,
  ExpiredTokenException,
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
    } else if (err instanceof CredentialsError) {
      void err.message;
    }
  }
  const prepared = await client.prepareRequest("MeterUsage", { productCode: "p", timestamp: new Date(), usageDimension: "d" });
  const sent: Response = await fetch(prepared.url, { method: prepared.method, headers: prepared.headers, body: prepared.body });
  void sent;
  client.close();
  client.free();
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
}
