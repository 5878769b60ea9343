import { sql } from "drizzle-orm";
import { queryRows } from "../db/database.ts";
import { findBestOffersForOpenRequests } from "../db/queries/match-pass.ts";
import { findSuggestions } from "../db/queries/matches.ts";
import { findPost } from "../db/queries/posts.ts";
import type { OpenInstance } from "../src/instance.ts";
import type { Member } from "../src/members/member.service.ts";
import { visibleTo } from "../src/posts/post.policy.ts";
import { type Measurement, measurement, percentile } from "./measure.ts";

const SAMPLES = 30;
const PER_REQUEST = 5;

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

/**
 * Figure 4: a coordinator's suggestions for one request (through the domain, as the API
 * serves them), beside the ranking query alone; and one pass that finds the best offers
 * for every open request, beside merely reading the open posts it ranks.
 */
export async function measureMatching(instance: OpenInstance, coordinator: Member, totalPosts: number): Promise<Measurement[]> {
  const { db } = instance.database;
  const figure = "4. Matching";
  const requestIds = (
    await queryRows<{ id: string }>(
      db,
      sql`SELECT id FROM posts WHERE kind = 'request' AND status = 'open' AND approx_latitude IS NOT NULL
          ORDER BY created_at DESC LIMIT ${SAMPLES}`,
    )
  ).map((r) => r.id);
  if (requestIds.length === 0) throw new Error("the seeded network has no open request with a point");
  const visibilities = visibleTo(coordinator);
  const domainMs: number[] = [];
  const queryMs: number[] = [];
  for (const id of requestIds) {
    domainMs.push(await timed(() => instance.services.suggestions.suggest(coordinator, id)));
    const post = (await findPost(db, id))!.post;
    queryMs.push(await timed(() => findSuggestions(db, post, visibilities, 20)));
  }
  const suggestMs = percentile(domainMs, 0.5);
  const one = measurement({
    id: "matching.suggest_ms",
    figure,
    label: `one request's suggestions, ${totalPosts.toLocaleString("en")} posts (median of ${requestIds.length})`,
    value: suggestMs,
    unit: "ms",
    direction: "lower",
    ceiling: { label: "ranking query alone", value: percentile(queryMs, 0.5) },
    target: { text: "< 50 ms", met: suggestMs < 50 },
    notes: `p99 ${percentile(domainMs, 0.99).toFixed(1)} ms`,
  });

  const [open] = await queryRows<{ requests: number; offers: number }>(
    db,
    sql`SELECT count(*) FILTER (WHERE kind = 'request')::int AS requests, count(*) FILTER (WHERE kind = 'offer')::int AS offers
        FROM posts WHERE status IN ('open', 'partially_matched') AND expires_at > now()`,
  );
  let pairs = 0;
  const passMs = await timed(async () => {
    pairs = (await findBestOffersForOpenRequests(db, visibilities, PER_REQUEST)).length;
  });
  const readMs = await timed(() =>
    queryRows(db, sql`SELECT id, kind, category, area_id FROM posts WHERE status IN ('open', 'partially_matched') AND expires_at > now()`),
  );
  const pass = measurement({
    id: "matching.full_pass_s",
    figure,
    label: `full pass, ${open!.requests.toLocaleString("en")} open requests × ${open!.offers.toLocaleString("en")} open offers`,
    value: passMs / 1000,
    unit: "s",
    direction: "lower",
    ceiling: { label: "reading the open posts", value: readMs / 1000 },
    target: { text: "< 10 s", met: passMs < 10_000 },
    notes: `best ${PER_REQUEST} offers per request, ${pairs.toLocaleString("en")} pairs`,
  });
  return [one, pass];
}
