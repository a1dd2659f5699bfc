// A trivial 127.0.0.1 server answering every POST with a canned MeterUsage success, run in its
// own process so its CPU is not counted in the client's process.cpuUsage(). Chosen over the
// emulator because the emulator verifies SigV4 and keeps a ledger (server work that varies
// with the request), which would add latency noise without telling anything about the client.
import { createServer } from "node:http";

const body = JSON.stringify({ MeteringRecordId: "b7b7b7b7-0000-4000-8000-000000000001" });
const server = createServer((req, res) => {
  req.resume(); // read and drop the request body, so keep-alive can reuse the connection
  req.on("end", () => {
    res.writeHead(200, {
      "content-type": "application/x-amz-json-1.1",
      "content-length": Buffer.byteLength(body),
      "x-amzn-requestid": "00000000-0000-4000-8000-000000000000",
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
// Ends with its parent: the benchmark closes our stdin when it is done (or dies).
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
