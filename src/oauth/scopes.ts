import { InvalidInputError } from "../errors.ts";

/**
 * Mastodon's OAuth scopes: four broad ones (`profile` is the read-only identity scope
 * Mastodon 4.3 added) and the finer `read:…`/`write:…` parts an app may ask for instead.
 */
export const TOP_SCOPES = ["read", "write", "follow", "push", "profile"] as const;
const READ_PARTS = [
  "accounts",
  "blocks",
  "bookmarks",
  "favourites",
  "filters",
  "follows",
  "lists",
  "mutes",
  "notifications",
  "search",
  "statuses",
];
const WRITE_PARTS = [
  "accounts",
  "blocks",
  "bookmarks",
  "conversations",
  "favourites",
  "filters",
  "follows",
  "lists",
  "media",
  "mutes",
  "notifications",
  "reports",
  "statuses",
];
/** `follow` is Mastodon's old name for these parts. */
const FOLLOW_PARTS = ["read:blocks", "read:follows", "read:mutes", "write:blocks", "write:follows", "write:mutes"];

const KNOWN = new Set<string>([...TOP_SCOPES, ...READ_PARTS.map((p) => `read:${p}`), ...WRITE_PARTS.map((p) => `write:${p}`)]);

/** A space- (or, as some apps send it, plus-) separated list of scopes; `fallback` when empty. */
export function parseScopes(text: string | undefined, field: string, fallback = "read"): string[] {
  const words = (text ?? "").split(/[\s+]+/).filter(Boolean);
  const scopes = [...new Set(words.length === 0 ? fallback.split(" ") : words)];
  const unknown = scopes.filter((s) => !KNOWN.has(s));
  if (unknown.length > 0)
    throw new InvalidInputError(field, `unknown scope ${unknown.join(", ")}; use read, write, follow, push or their read:…/write:… parts`);
  return scopes;
}

/** Whether `granted` covers `needed` (e.g. `read` covers `read:statuses`). */
export function scopeCovers(granted: readonly string[], needed: string): boolean {
  if (granted.includes(needed)) return true;
  const [group] = needed.split(":");
  if (group !== needed && granted.includes(group!)) return true;
  if (FOLLOW_PARTS.includes(needed) && granted.includes("follow")) return true;
  // Mastodon lets the identity-only scope read one's own account.
  return needed === "read:accounts:me" && (granted.includes("profile") || scopeCovers(granted, "read:accounts"));
}

/** Every asked scope is one the app registered (or a part of one). */
export function withinScopes(registered: readonly string[], asked: readonly string[]): boolean {
  return asked.every((s) => scopeCovers(registered, s) || (s === "profile" && registered.includes("read")));
}
