// The signing benchmark as an edge function (bundled and run by bench/edge/signing.mjs): ours
// through the package's edge-light entry against @smithy/signature-v4 with the hash the AWS SDK
// resolves in an edge bundle (the `browser` build of @smithy/core/checksum: Sha256WebCrypto).
import { MarketplaceMetering } from "../../../pkg/edge-light.js";
import { Sha256WebCrypto } from "@smithy/core/checksum";
import { credentials, REGION } from "../inputs.mjs";
import { measureSigning, smithyWith } from "../signers.mjs";

export default async function () {
  const ours = new MarketplaceMetering({ region: REGION, credentials });
  return Response.json(await measureSigning(ours, [["smithy-webcrypto", smithyWith(Sha256WebCrypto)]]));
}
