// The followers' servers for the fan-out figure, in their own process so that their work
// does not slow the instance under test. Every POST to /users/N/inbox or /hosts/N/inbox
// (a shared inbox) has its HTTP signature really verified with Fedify, fetching the
// sender's key from the instance once and caching it. GET /stats tells how many passed,
// and with which standard they were signed.
import { createServer, type IncomingMessage } from "node:http";
import { type KeyCache, verifyRequest } from "@fedify/fedify";
import type { CryptographicKey, Multikey } from "@fedify/vocab";
import { getDocumentLoader } from "@fedify/vocab-runtime";

const documentLoader = getDocumentLoader({ allowPrivateAddress: true });
const keys = new Map<string, CryptographicKey | Multikey | null>();
const keyCache: KeyCache = {
  async get(keyId) {
    return keys.get(keyId.href);
  },
  async set(keyId, key) {
    keys.set(keyId.href, key);
  },
};
const stats = {
  verified: 0,
  rejected: 0,
  /** Verified requests by the standard they were signed with (RFC 9421 sends `Signature-Input`). */
  signedWith: { rfc9421: 0, draft: 0 },
  lastBody: "",
  servers: [] as string[],
  /** When the first request since the start (or /reset) was verified, as Date.now(). */
  firstVerifiedAt: 0,
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const handle = async (req: IncomingMessage, res: import("node:http").ServerResponse) => {
  if (req.method === "GET" && req.url === "/stats") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(stats));
    return;
  }
  if (req.method === "POST" && req.url === "/reset") {
    stats.verified = 0;
    stats.rejected = 0;
    stats.signedWith = { rfc9421: 0, draft: 0 };
    stats.firstVerifiedAt = 0;
    res.writeHead(204).end();
    return;
  }
  const body = await readBody(req);
  if (req.method !== "POST" || !/^\/(users|hosts)\/\d+\/inbox$/.test(req.url ?? "")) {
    res.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const request = new Request(`http://${req.headers.host}${req.url}`, { method: "POST", headers, body: new Uint8Array(body) });
  const key = await verifyRequest(request, { documentLoader, contextLoader: documentLoader, keyCache }).catch(() => null);
  if (key === null) {
    stats.rejected++;
    res.writeHead(401).end();
    return;
  }
  stats.verified++;
  stats.firstVerifiedAt ||= Date.now();
  stats.signedWith[headers.has("signature-input") ? "rfc9421" : "draft"]++;
  stats.lastBody = body.toString("utf8");
  res.writeHead(202).end();
};

/** One listener: a follower's server, with its own origin (port). */
function listen(): Promise<number> {
  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
}

// SERVERS followers' servers in this one process (their ports are in /stats); the first
// also answers /stats and /reset.
const ports: number[] = [];
for (let i = 0; i < Number(process.env.SERVERS ?? 1); i++) ports.push(await listen());
stats.servers = ports.map((port) => `http://127.0.0.1:${port}`);
process.stdout.write(`listening ${ports[0]}\n`);
