import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "./members.ts";

/**
 * Apps registered through the Mastodon-compatible `POST /api/v1/apps`. The client secret
 * is kept only as its SHA-256, like every other secret here.
 */
export const oauthApps = pgTable("oauth_apps", {
  id: uuid("id").primaryKey().defaultRandom(),
  clientId: text("client_id").notNull().unique(),
  clientSecretHash: text("client_secret_hash").notNull(),
  name: text("name").notNull(),
  website: text("website"),
  /** Exact URIs the app may be sent back to (an out-of-band URN, https, or a custom scheme). */
  redirectUris: text("redirect_uris").array().notNull(),
  /** The scopes the app may ask for, space-separated as OAuth writes them. */
  scopes: text("scopes").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Authorization codes: single use, short-lived, bound to the app, the member, the
 * redirect URI and (with PKCE) a code challenge. Stored by hash.
 */
export const oauthCodes = pgTable("oauth_codes", {
  codeHash: text("code_hash").primaryKey(),
  appId: uuid("app_id")
    .notNull()
    .references(() => oauthApps.id, { onDelete: "cascade" }),
  memberId: uuid("member_id")
    .notNull()
    .references(() => members.id, { onDelete: "cascade" }),
  redirectUri: text("redirect_uri").notNull(),
  scopes: text("scopes").notNull(),
  /** The S256 challenge, or null when the app authenticated with its secret instead. */
  codeChallenge: text("code_challenge"),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});

/**
 * Access tokens given to apps. A token is a random secret; the table holds only its
 * SHA-256. `member_id` is null for a client-credentials token (the app itself).
 */
export const oauthTokens = pgTable(
  "oauth_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    appId: uuid("app_id")
      .notNull()
      .references(() => oauthApps.id, { onDelete: "cascade" }),
    memberId: uuid("member_id").references(() => members.id, { onDelete: "cascade" }),
    scopes: text("scopes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("oauth_tokens_member_idx").on(t.memberId)],
);
