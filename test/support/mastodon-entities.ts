import { z } from "zod";

/**
 * Mastodon's API entities as docs.joinmastodon.org defines them (4.3), strict: an unknown
 * key, a wrong type or a null where Mastodon never sends one fails the check.
 */

const id = z.string().regex(/^\d+$/, "an id is a string of digits");
const isoDate = z.iso.datetime({ offset: true });

export const Application = z.strictObject({
  id: z.string(),
  name: z.string(),
  website: z.string().nullable(),
  scopes: z.array(z.string()),
  redirect_uri: z.string(),
  redirect_uris: z.array(z.string()),
});

export const CredentialApplication = Application.extend({
  client_id: z.string(),
  client_secret: z.string(),
  client_secret_expires_at: z.number().int(),
}).strict();

export const Token = z.strictObject({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  scope: z.string(),
  created_at: z.number().int(),
});

export const MastodonError = z.object({ error: z.string(), error_description: z.string().optional() });

export { id, isoDate };
