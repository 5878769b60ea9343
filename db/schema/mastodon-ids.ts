import { sql } from "drizzle-orm";
import { bigint, pgSequence } from "drizzle-orm/pg-core";

/**
 * Mastodon apps want ids that are strings of digits and sort by age (they page with
 * max_id/since_id/min_id and compare ids as numbers). Our rows have UUIDs, so each row an
 * app can see (member, post, sibling post, remote network) also takes a number from this
 * one sequence: unique across them all, and increasing as rows are made. Numbers below 100
 * are kept for fixed accounts (the network's own Group is 1).
 */
export const mastodonIds = pgSequence("mastodon_ids", { startWith: 100 });

/** The column each of those tables carries. */
export const mastodonIdColumn = () => bigint("mastodon_id", { mode: "number" }).notNull().unique().default(sql`nextval('mastodon_ids')`);
