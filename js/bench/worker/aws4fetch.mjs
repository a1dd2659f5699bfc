// The same Worker hand-written over aws4fetch (js/bench/worker/ours.mjs): AWS JSON 1.1 bodies
// built by hand, no validation, the answer's JSON passed through as it is.
import { AwsClient } from "aws4fetch";

const call = (aws, env, operation, input) =>
  aws.fetch(env.METERING_ENDPOINT ?? `https://metering.marketplace.${env.AWS_REGION}.amazonaws.com/`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSMPMeteringService.${operation}` },
    body: JSON.stringify(input),
  });

export default {
  async fetch(request, env) {
    const aws = new AwsClient({ accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, service: "aws-marketplace", region: env.AWS_REGION });
    const body = await request.json();
    const now = Math.floor(Date.now() / 1000);
    switch (new URL(request.url).pathname) {
      case "/resolve-customer":
        return call(aws, env, "ResolveCustomer", { RegistrationToken: body.registrationToken });
      case "/register-usage":
        return call(aws, env, "RegisterUsage", { ProductCode: env.PRODUCT_CODE, PublicKeyVersion: 1 });
      case "/meter-usage":
        return call(aws, env, "MeterUsage", { ProductCode: env.PRODUCT_CODE, Timestamp: now, UsageDimension: body.dimension, UsageQuantity: body.quantity, ClientToken: crypto.randomUUID() });
      case "/batch-meter-usage":
        return call(aws, env, "BatchMeterUsage", {
          ProductCode: env.PRODUCT_CODE,
          UsageRecords: body.records.map((r) => ({ CustomerIdentifier: r.customer, Dimension: r.dimension, Quantity: r.quantity, Timestamp: now })),
        });
      default:
        return new Response("not found", { status: 404 });
    }
  },
};
