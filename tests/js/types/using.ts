// `using` and `await using` with the client, checked with `tsc --strict` in a project of its own
// (tsconfig.using.json): TypeScript types these declarations with its `Disposable` and
// `AsyncDisposable`, which come with lib `esnext.disposable`, as in any project that writes
// `using`. usage.ts compiles without that lib, so the package's declarations do not need it.

import { MarketplaceMetering, fromAssumeRole } from "marketplace-metering-wasm";

export async function registration(token: string): Promise<string | undefined> {
  using client = new MarketplaceMetering({ region: "us-east-1" });
  return (await client.resolveCustomer({ registrationToken: token })).customerIdentifier;
}

export async function hourly(): Promise<number> {
  await using client = new MarketplaceMetering({
    region: "us-east-1",
    credentialsProvider: fromAssumeRole({ roleArn: "arn:aws:iam::111122223333:role/MarketplaceMetering", credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } }),
  });
  const { results } = await client.meterUsageRecords({ productCode: "p", usageRecords: [] });
  return results.length;
}

export function mistakes(): void {
  // @ts-expect-error a provider is a function, not a disposable resource
  using provider = fromAssumeRole({ roleArn: "arn:aws:iam::111122223333:role/MarketplaceMetering", credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } });
  void provider;
}
