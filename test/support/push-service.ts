import { createECDH, type ECDH, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { decrypt } from "http_ece";
import { importJWK, jwtVerify } from "jose";

/** What a browser hands the site when it subscribes (PushSubscription.toJSON()). */
export interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface ReceivedPush {
  endpoint: string;
  /** The decrypted payload, parsed. */
  payload: { title: string; body: string; url: string };
  ttl: number;
}

export interface TestPushService {
  origin: string;
  received: ReceivedPush[];
  /** Refused pushes, with why (a bad JWT, a payload that does not decrypt, ...). */
  refused: string[];
  /**
   * A device as a browser would make it: its own ECDH key pair and auth secret, on this
   * service, for the site's VAPID public key.
   */
  subscribe(applicationServerKey: string): BrowserSubscription;
  /** From now on the service answers 410 Gone for this subscription, as after a browser unsubscribed. */
  forget(endpoint: string): void;
  /** Resolves with the next push to `endpoint` (waiting for it if need be). */
  next(endpoint: string, match?: (push: ReceivedPush) => boolean, timeoutMs?: number): Promise<ReceivedPush>;
  close(): Promise<void>;
}

interface Device {
  ecdh: ECDH;
  auth: Buffer;
  applicationServerKey: string;
  gone: boolean;
}

/**
 * A push service on 127.0.0.1 that checks what a browser's push service checks: a VAPID JWT
 * (RFC 8292) signed ES256 with the key the device subscribed with, for this origin, not expired,
 * and a payload that decrypts (RFC 8291, aes128gcm) with the device's private key.
 */
export async function startPushService(): Promise<TestPushService> {
  const devices = new Map<string, Device>();
  const received: ReceivedPush[] = [];
  const refused: string[] = [];
  const waiters = new Set<() => void>();
  let origin = "";

  async function accept(request: IncomingMessage, device: Device, body: Buffer): Promise<ReceivedPush> {
    const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(request.headers.authorization ?? "");
    if (match === null) throw new Error(`no VAPID authorization: ${request.headers.authorization}`);
    const [, jwt, key] = match;
    if (key !== device.applicationServerKey) throw new Error("the VAPID key is not the one the device subscribed with");
    const point = Buffer.from(key!, "base64url");
    const publicKey = await importJWK(
      { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33, 65).toString("base64url") },
      "ES256",
    );
    const { payload } = await jwtVerify(jwt!, publicKey, { algorithms: ["ES256"], audience: origin, requiredClaims: ["exp", "sub"] });
    if (payload.exp! > Date.now() / 1000 + 24 * 3600) throw new Error("the JWT lives longer than 24 hours");
    if (request.headers["content-encoding"] !== "aes128gcm") throw new Error(`content-encoding ${request.headers["content-encoding"]}`);
    const ttl = Number(request.headers.ttl);
    if (!Number.isInteger(ttl)) throw new Error("no TTL");
    const plain = decrypt(body, { version: "aes128gcm", privateKey: device.ecdh, authSecret: device.auth });
    return { endpoint: `${origin}${request.url}`, payload: JSON.parse(plain.toString("utf8")), ttl };
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const device = devices.get(request.url ?? "");
      if (request.method !== "POST" || device === undefined) return void response.writeHead(404).end();
      if (device.gone) return void response.writeHead(410).end();
      accept(request, device, Buffer.concat(chunks)).then(
        (push) => {
          received.push(push);
          for (const wake of waiters) wake();
          response.writeHead(201).end();
        },
        (error: unknown) => {
          refused.push(String(error));
          for (const wake of waiters) wake();
          response.writeHead(403).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    received,
    refused,
    subscribe(applicationServerKey) {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const path = `/push/${randomUUID()}`;
      devices.set(path, { ecdh, auth, applicationServerKey, gone: false });
      return {
        endpoint: `${origin}${path}`,
        keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") },
      };
    },
    forget(endpoint) {
      devices.get(new URL(endpoint).pathname)!.gone = true;
    },
    next(endpoint, match = () => true, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (refused.length > 0) return finish(() => reject(new Error(`the push service refused: ${refused.join("; ")}`)));
          const push = received.find((p) => p.endpoint === endpoint && match(p));
          if (push !== undefined) finish(() => resolve(push));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no push to ${endpoint} within ${timeoutMs} ms`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
