import { type PGlite, type QueryOptions, type Transaction, types } from "@electric-sql/pglite";

/** Leaves a value as PostgreSQL's text, as drizzle wants dates, times and intervals (it maps them itself). */
const asText = (value: string) => value;

/**
 * The parsers drizzle passes with every query it makes on PGlite (drizzle-orm/pglite's
 * session): timestamps, dates, intervals and their arrays left as text.
 */
const DRIZZLE_PARSERS: Record<number, (value: string) => string> = {
  [types.TIMESTAMP]: asText,
  [types.TIMESTAMPTZ]: asText,
  [types.INTERVAL]: asText,
  [types.DATE]: asText,
  1231: asText, // numeric[]
  1115: asText, // timestamp[]
  1185: asText, // timestamptz[]
  1187: asText, // interval[]
  1182: asText, // date[]
};

/**
 * PGlite merges a query's own parsers into its map of every type's parser (hundreds: one per
 * array type in the database) for each query that has any, and drizzle gives every query its
 * parsers: about 0.3 ms a statement, more than PGlite takes to run a small one (bench/results/README.md,
 * "Every statement on PGlite"). This gives the opened client drizzle's parsers once (after
 * PGlite has set its own for array types, which it does while opening), and hands drizzle a
 * view of it whose queries, in transactions too, go without parsers the client already has.
 * A query whose parsers the client does not have (a drizzle that parses more types) keeps
 * them, and is only slower.
 */
export function withParsersOnce(client: PGlite): PGlite {
  Object.assign(client.parsers, DRIZZLE_PARSERS);
  return withoutKnownParsers(client);
}

function withoutKnownParsers<Client extends PGlite | Transaction>(client: Client): Client {
  return new Proxy(client, {
    get(target, property) {
      if (property === "query") {
        return (query: string, params?: unknown[], options?: QueryOptions) => target.query(query, params, leanOptions(options));
      }
      if (property === "transaction" && "transaction" in target) {
        return <T>(callback: (tx: Transaction) => Promise<T>) => target.transaction((tx) => callback(withoutKnownParsers(tx)));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function leanOptions(options: QueryOptions | undefined): QueryOptions | undefined {
  const parsers = options?.parsers;
  if (parsers === undefined || !Object.keys(parsers).every((oid) => Object.hasOwn(DRIZZLE_PARSERS, oid))) return options;
  const { parsers: _known, ...rest } = options ?? {};
  return rest;
}
