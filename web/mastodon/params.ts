import type { Context } from "hono";
import { InvalidInputError } from "../../src/errors.ts";

/** What a Mastodon client sent: a value, or several for `name[]` fields and JSON arrays. */
export type Params = Record<string, string | string[]>;

/**
 * The body and query of a Mastodon API call, whichever way the app sent it: apps send
 * JSON, url-encoded forms or multipart forms, and Rails reads them all alike.
 */
export async function readParams(c: Context): Promise<Params> {
  const params: Params = {};
  const add = (key: string, value: unknown) => {
    const name = key.endsWith("[]") ? key.slice(0, -2) : key;
    if (Array.isArray(value)) {
      params[name] = value.filter((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean").map(String);
    } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      const text = String(value);
      const existing = params[name];
      params[name] = key.endsWith("[]") ? [...(Array.isArray(existing) ? existing : existing === undefined ? [] : [existing]), text] : text;
    }
  };
  for (const [key, values] of Object.entries(c.req.queries())) for (const value of values) add(key, value);
  if (c.req.method === "GET" || c.req.method === "HEAD") return params;
  const type = c.req.header("content-type") ?? "";
  if (type.includes("application/json")) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new InvalidInputError("body", "is not valid JSON");
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw new InvalidInputError("body", "expected a JSON object");
    for (const [key, value] of Object.entries(body)) add(key, value);
  } else if (type.includes("form")) {
    const body = await c.req.parseBody({ all: true });
    for (const [key, value] of Object.entries(body)) add(key, value);
  }
  return params;
}

/** One text value (the first, if several were sent). */
export function one(params: Params, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Every value of a list field. */
export function many(params: Params, name: string): string[] {
  const value = params[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The text fields only, as OAuth endpoints read them. */
export function flat(params: Params): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(params).map((k) => [k, one(params, k)]));
}
