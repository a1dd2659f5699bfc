// A Worker using all four operations of the package, as a seller writes it (the package by its
// name, installed from the packed tarball): bundled by `wrangler deploy --dry-run` to count what
// a deploy uploads (js/bench/size.mjs), and run once in workerd to prove the bundle works.
import { MarketplaceMetering } from "marketplace-metering-wasm";

export default {
  async fetch(request, env) {
    const client = new MarketplaceMetering({
      region: env.AWS_REGION,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
      endpointUrl: env.METERING_ENDPOINT,
    });
    const body = await request.json();
    switch (new URL(request.url).pathname) {
      case "/resolve-customer":
        return Response.json(await client.resolveCustomer({ registrationToken: body.registrationToken }));
      case "/register-usage":
        return Response.json(await client.registerUsage({ productCode: env.PRODUCT_CODE, publicKeyVersion: 1 }));
      case "/meter-usage":
        return Response.json(
          await client.meterUsage({ productCode: env.PRODUCT_CODE, timestamp: new Date(), usageDimension: body.dimension, usageQuantity: body.quantity }),
        );
      case "/batch-meter-usage":
        return Response.json(
          await client.batchMeterUsage({
            productCode: env.PRODUCT_CODE,
            usageRecords: body.records.map((r) => ({ customerIdentifier: r.customer, dimension: r.dimension, quantity: r.quantity, timestamp: new Date() })),
          }),
        );
      default:
        return new Response("not found", { status: 404 });
    }
  },
};
