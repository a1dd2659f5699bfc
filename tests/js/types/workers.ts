// The `workers` subpath's types as a Worker's author reads them, checked with `tsc --strict`
// against the installed package. Every `@ts-expect-error` line must fail to compile.

import {
  UsageMeter,
  recordUsage,
  registerCustomer,
  usageMeterFor,
  type UsageEvent,
  type UsageMeterEnv,
  type UsageMeterNamespace,
  type UsageMeterStatus,
  type UsageMeterFlushReport,
  type RecordUsageResult,
} from "marketplace-metering-wasm/workers";
import { MarketplaceMetering } from "marketplace-metering-wasm";

// The shape @cloudflare/workers-types gives a Durable Object binding, approximately: it must be
// accepted where the helpers take a namespace.
interface DurableObjectId {
  toString(): string;
  equals(other: DurableObjectId): boolean;
  readonly name?: string;
}
interface DurableObjectNamespace {
  idFromName(name: string): DurableObjectId;
  newUniqueId(): DurableObjectId;
  get(id: DurableObjectId, options?: { locationHint?: string }): { fetch(request: Request): Promise<Response> };
}
declare const env: { USAGE_METER: DurableObjectNamespace };
declare const plain: UsageMeterNamespace;

export async function handle(request: Request): Promise<Response> {
  const event: UsageEvent = {
    customerAWSAccountId: "210000000006",
    licenseArn: "arn:aws:license-manager::294406891311:license:l-0demo000000000006",
    dimension: "api_calls",
    quantity: 1,
    eventId: request.headers.get("x-request-id") ?? crypto.randomUUID(),
    timestamp: new Date(),
  };
  const result: RecordUsageResult = await recordUsage(env.USAGE_METER, event, { retries: 2 });
  const hour: Date = result.hour;
  const counted: boolean = result.counted && !result.late;
  await recordUsage(plain, { productCode: "prod", customerIdentifier: "cust-1", dimension: "users", quantity: 0, timestamp: 1_700_000_000_000 });
  await recordUsage(plain, { productCode: "prod", customerAWSAccountId: "210000000005", dimension: "users", quantity: 3, timestamp: "2026-11-30T12:00:00Z" });
  await registerCustomer(env.USAGE_METER, { customerAWSAccountId: "210000000007", licenseArn: "arn:aws:license-manager::1:license:l-7" });

  const meter = usageMeterFor(env.USAGE_METER, event);
  const report: UsageMeterFlushReport = await meter.flush();
  const status: UsageMeterStatus = await meter.status();
  const sealed: Date | null = status.sealedThrough;
  const waiting: number = status.pending.filter((r) => r.nextAttemptAt !== undefined).length;
  const unsubscribed = status.history.filter((r) => r.status === "CustomerNotSubscribed").map((r) => r.quantity);
  const hooks = await meter.testHooks({ clockOffsetMs: 3_600_000, crashOnce: ["afterSend"], crashRates: { afterRecord: 0.1 } });
  void [hour, counted, report.billed, sealed, waiting, unsubscribed, hooks.crashed?.afterSend];

  // @ts-expect-error quantity is required
  await recordUsage(plain, { customerAWSAccountId: "1", licenseArn: "arn:aws:x", dimension: "users" });
  // @ts-expect-error a license goes with an AWS account, not a customer identifier
  await recordUsage(plain, { customerIdentifier: "c", licenseArn: "arn:aws:x", dimension: "users", quantity: 1 });
  // @ts-expect-error no productCode with a licenseArn (AWS rejects both)
  await recordUsage(plain, { customerAWSAccountId: "1", licenseArn: "arn:aws:x", productCode: "p", dimension: "users", quantity: 1 });
  // @ts-expect-error a misspelt member
  await recordUsage(plain, { customerAWSAccountId: "1", licenseArn: "arn:aws:x", dimension: "users", quantity: 1, quantitiy: 1 });
  // @ts-expect-error timestamps are Dates, epoch ms or ISO strings
  await recordUsage(plain, { customerAWSAccountId: "1", licenseArn: "arn:aws:x", dimension: "users", quantity: 1, timestamp: true });
  // @ts-expect-error no such crash point
  await meter.testHooks({ crashOnce: ["sometimes"] });
  return new Response("ok");
}

// A Worker may extend the meter, e.g. to sign with credentials from a provider.
export class Meter extends UsageMeter {
  override createMeteringClient(env: UsageMeterEnv): MarketplaceMetering {
    return new MarketplaceMetering({ region: env.AWS_REGION ?? "us-east-1", credentialsProvider: async () => ({ accessKeyId: "AKID", secretAccessKey: "s" }) });
  }
}
