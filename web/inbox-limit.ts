import { createMiddleware } from "hono/factory";

/**
 * Counts each inbox delivery against the server that sends it, before Fedify verifies or
 * parses anything, and lets `take` refuse it (429 with Retry-After; senders retry later).
 * The sender is the host of the signature's keyId, as claimed: checking it would cost the
 * very work this limit saves. A forger can therefore use up another server's allowance,
 * which delays that server's deliveries (they are retried) but loses none. A delivery
 * without a readable keyId counts against the client address.
 */
export function inboxRateLimit(take: (sender: string) => Promise<void>) {
  return createMiddleware<{ Variables: { clientAddress: string } }>(async (c, next) => {
    if (c.req.method === "POST") {
      await take(signingHost(c.req.raw.headers) ?? `address ${c.var.clientAddress}`);
    }
    await next();
  });
}

/** The host named by a draft-cavage `Signature` keyId or an RFC 9421 `Signature-Input` keyid. */
export function signingHost(headers: Headers): string | null {
  const signature = headers.get("signature") ?? "";
  const input = headers.get("signature-input") ?? "";
  const keyId = /(?:^|[,\s])keyId="([^"]+)"/i.exec(signature)?.[1] ?? /;\s*keyid="([^"]+)"/i.exec(input)?.[1];
  if (keyId === undefined) return null;
  try {
    return `host ${new URL(keyId).host.toLowerCase()}`;
  } catch {
    return null;
  }
}
