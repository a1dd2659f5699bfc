// The same Worker with the AWS SDK v3 client and its four commands (js/bench/worker/ours.mjs).
import {
  BatchMeterUsageCommand,
  MarketplaceMeteringClient,
  MeterUsageCommand,
  RegisterUsageCommand,
  ResolveCustomerCommand,
} from "@aws-sdk/client-marketplace-metering";

export default {
  async fetch(request, env) {
    const client = new MarketplaceMeteringClient({
      region: env.AWS_REGION,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
      endpoint: env.METERING_ENDPOINT,
    });
    const body = await request.json();
    switch (new URL(request.url).pathname) {
      case "/resolve-customer":
        return Response.json(await client.send(new ResolveCustomerCommand({ RegistrationToken: body.registrationToken })));
      case "/register-usage":
        return Response.json(await client.send(new RegisterUsageCommand({ ProductCode: env.PRODUCT_CODE, PublicKeyVersion: 1 })));
      case "/meter-usage":
        return Response.json(
          await client.send(new MeterUsageCommand({ ProductCode: env.PRODUCT_CODE, Timestamp: new Date(), UsageDimension: body.dimension, UsageQuantity: body.quantity })),
        );
      case "/batch-meter-usage":
        return Response.json(
          await client.send(
            new BatchMeterUsageCommand({
              ProductCode: env.PRODUCT_CODE,
              UsageRecords: body.records.map((r) => ({ CustomerIdentifier: r.customer, Dimension: r.dimension, Quantity: r.quantity, Timestamp: new Date() })),
            }),
          ),
        );
      default:
        return new Response("not found", { status: 404 });
    }
  },
};
