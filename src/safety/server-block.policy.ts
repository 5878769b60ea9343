import { z } from "zod";
import { typedText } from "../validation.ts";

export type ServerBlockKind = "domain" | "actor";

export interface BlockTarget {
  kind: ServerBlockKind;
  target: string;
}

export const MAX_BLOCK_REASON = 1000;

/** createBlock: exactly one of `domain` (a host) or `actor` (an actor's URL or `@user@host`), and an optional reason. */
export const serverBlockInputSchema = z
  .object({
    domain: z.string().trim().min(1).max(253).optional(),
    actor: z.string().trim().min(1).max(2000).optional(),
    reason: typedText({ max: MAX_BLOCK_REASON, multiline: true }).optional(),
  })
  .refine((input) => (input.domain === undefined) !== (input.actor === undefined), {
    error: "give either a domain or an actor, not both",
    path: ["domain"],
  });
export type ServerBlockInput = z.input<typeof serverBlockInputSchema>;

const HOST = /^(?=.{1,253}(?::\d{1,5})?$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/;

/**
 * A domain as typed (`example.org`, `https://example.org/…`, `Example.ORG`, `host:port`),
 * as the host we keep: lower case, IDNs in punycode; null if it is not a host at all.
 */
export function normaliseDomain(input: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.username !== "" || url.password !== "") return null;
  const host = url.host.toLowerCase();
  return HOST.test(host) ? host : null;
}

/**
 * Whether a block covers an address: an actor block its exact IRI; a domain block every
 * address on that host and its subdomains (a block of `host:port` only that port).
 */
export function blockCovers(block: BlockTarget, address: URL): boolean {
  if (block.kind === "actor") return address.href === block.target;
  if (block.target.includes(":")) return address.host.toLowerCase() === block.target;
  const hostname = address.hostname.toLowerCase();
  return hostname === block.target || hostname.endsWith(`.${block.target}`);
}

/** Whether any of these blocks covers `iri` (an address that is not a URL is covered by none). */
export function anyBlockCovers(blocks: readonly BlockTarget[], iri: string | URL): boolean {
  let address: URL;
  try {
    address = typeof iri === "string" ? new URL(iri) : iri;
  } catch {
    return false;
  }
  return blocks.some((block) => blockCovers(block, address));
}
