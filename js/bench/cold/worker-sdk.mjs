// Worker for the workerd cold start with the AWS SDK client, built and measured like ours.
import * as lib from "@aws-sdk/client-marketplace-metering";
import { firstSdk } from "../first.mjs";
import { handler } from "./worker-common.mjs";

export default handler((args) => firstSdk(lib, args));
