// "First request prepared", the same way in every runtime (Node, Deno, workerd): construct a
// client and produce the first signed MeterUsage request without sending it. Returns the
// Authorization header, which the callers check, so a failure cannot pass for a fast start.

// AWS JSON member names with a Date, as the AWS SDK's MeterUsageCommand takes them.
export const sdkMeterUsage = (i) => ({
  ProductCode: i.productCode,
  Timestamp: i.timestamp,
  UsageDimension: i.usageDimension,
  UsageQuantity: i.usageQuantity,
  UsageAllocations: i.usageAllocations?.map((a) => ({
    AllocatedUsageQuantity: a.allocatedUsageQuantity,
    Tags: a.tags?.map((t) => ({ Key: t.key, Value: t.value })),
  })),
});

export async function firstOurs({ MarketplaceMetering }, { region, credentials, input }) {
  const client = new MarketplaceMetering({ region, credentials });
  return (await client.prepareRequest("MeterUsage", input)).headers.authorization;
}

// The AWS SDK has no prepare-only call: a middleware placed right after its signing middleware
// captures the signed request and answers without calling the handler, so nothing is sent and
// no response is parsed, i.e. the same work as prepareRequest.
export async function firstSdk({ MarketplaceMeteringClient, MeterUsageCommand }, { region, credentials, input }) {
  const client = new MarketplaceMeteringClient({ region, credentials, maxAttempts: 1 });
  let signed;
  client.middlewareStack.addRelativeTo(
    () => async (args) => {
      signed = args.request;
      return { output: { $metadata: {} }, response: {} };
    },
    { relation: "after", toMiddleware: "httpSigningMiddleware", name: "benchCaptureSigned" },
  );
  await client.send(new MeterUsageCommand(sdkMeterUsage(input)));
  return signed?.headers?.authorization;
}
