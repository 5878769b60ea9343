import type { Context } from "hono";
import { InvalidInputError } from "../../src/errors.ts";
import type { NumberPage } from "../../src/timeline/timeline.service.ts";
import { one, type Params } from "./params.ts";

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 40;

function idParam(params: Params, name: string): number | undefined {
  const value = one(params, name);
  if (value === undefined || value === "") return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new InvalidInputError(name, "expected a status id (digits)");
  return Number(value);
}

/** Mastodon's paging parameters: max_id, since_id, min_id and limit (1–40, default 20). */
export function numberPage(params: Params): NumberPage {
  const limitText = one(params, "limit");
  let limit = DEFAULT_LIMIT;
  if (limitText !== undefined && limitText !== "") {
    if (!/^\d+$/.test(limitText)) throw new InvalidInputError("limit", "expected a whole number");
    limit = Math.min(Math.max(Number(limitText), 1), MAX_LIMIT);
  }
  return { maxId: idParam(params, "max_id"), sinceId: idParam(params, "since_id"), minId: idParam(params, "min_id"), limit };
}

/**
 * The Link header apps follow for older (`next`) and newer (`prev`) pages, keeping the
 * request's other parameters (a tag, `local`, …).
 */
export function setLinkHeader(c: Context, origin: URL, ids: string[]): void {
  if (ids.length === 0) return;
  const link = (key: string, value: string) => {
    const url = new URL(c.req.path, origin);
    for (const [name, values] of Object.entries(c.req.queries())) {
      if (["max_id", "since_id", "min_id"].includes(name)) continue;
      for (const v of values) url.searchParams.append(name, v);
    }
    url.searchParams.set(key, value);
    return url.href;
  };
  c.header("Link", `<${link("max_id", ids.at(-1)!)}>; rel="next", <${link("min_id", ids[0]!)}>; rel="prev"`);
}
