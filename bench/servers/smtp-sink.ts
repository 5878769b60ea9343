// The SMTP sink for the crisis e-mail figure, in its own process so that its work does not
// slow the instance under test: a real SMTP server (smtp-server) that takes every message
// and drops it. GET /stats (on the HTTP port it prints) tells its SMTP port and how many
// messages it took; POST /reset sets the count back to zero.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

const stats = { smtpPort: 0, received: 0 };

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  // Many pooled connections at once, as a provider's relay takes them.
  maxClients: 1000,
  onData(stream, _session, callback) {
    stream.on("data", () => {});
    stream.on("end", () => {
      stats.received += 1;
      callback(null, "Message queued");
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
stats.smtpPort = (smtp.server.address() as AddressInfo).port;

const http = createServer((req, res) => {
  if (req.method === "POST" && req.url === "/reset") stats.received = 0;
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(stats));
});
// The bench asks for /stats minutes apart (around seeding and the crisis). With Node's 5 s
// the sink closed an idle connection just as the bench, its event loop busy, reused it
// ("other side closed"); with none, only the bench's side closes an idle connection.
http.keepAliveTimeout = 0;
http.listen(0, "127.0.0.1", () => console.log(`listening ${(http.address() as AddressInfo).port}`));
