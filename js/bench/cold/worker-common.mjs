// The fetch handler both library Workers share: first request prepared, Authorization returned.
import meterUsageText from "../inputs/meter-usage.json";
import { revive } from "../revive.mjs";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

export const handler = (first) => ({
  async fetch() {
    const input = JSON.parse(meterUsageText, revive);
    return new Response(String(await first({ region: "us-east-1", credentials, input })));
  },
});
