import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Database } from "../../db/database.ts";
import { findMemberById } from "../../db/queries/members.ts";
import {
  type AuthorizedAppRow,
  findOAuthAppByClientId,
  findOAuthAppById,
  insertOAuthApp,
  insertOAuthCode,
  insertOAuthToken,
  listMemberApps,
  type OAuthAppRow,
  revokeMemberAppTokens,
  revokeOAuthTokenByHash,
  touchOAuthToken,
  useOAuthCode,
} from "../../db/queries/oauth.ts";
import { InvalidInputError, NotFoundError, UnauthenticatedError } from "../errors.ts";
import type { Member } from "../members/member.service.ts";
import { isUuid } from "../validation.ts";
import { OAuthError } from "./oauth.errors.ts";
import { parseScopes, withinScopes } from "./scopes.ts";

export const OUT_OF_BAND = "urn:ietf:wg:oauth:2.0:oob";
const CODE_LIFETIME_MS = 10 * 60_000;
/** Schemes a browser would run or show rather than hand to an app. */
const REFUSED_SCHEMES = new Set(["javascript:", "data:", "file:", "vbscript:", "blob:", "about:"]);

export type OAuthApp = OAuthAppRow;
export type AuthorizedApp = AuthorizedAppRow;

/** Who a token speaks for: a member through an app, or an app alone (client credentials). */
export interface TokenGrant {
  member: Member | null;
  app: OAuthApp;
  scopes: string[];
}

/** A checked authorization request, ready to show on the consent page. */
export interface AuthorizationRequest {
  app: OAuthApp;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  codeChallenge: string | null;
}

export interface AppRegistration {
  clientName: string;
  redirectUris: string[];
  scopes?: string | undefined;
  website?: string | undefined;
  /** "none" registers a public client: no secret, so every code exchange needs PKCE. */
  tokenEndpointAuthMethod?: string | undefined;
}

/**
 * OAuth 2 for Mastodon apps: app registration, authorization codes with PKCE (S256),
 * client credentials, and revocation. Every secret (client secret, code, token) is random
 * and stored only as its SHA-256.
 */
export class OAuthService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async registerApp(input: AppRegistration): Promise<{ app: OAuthApp; clientSecret: string | null }> {
    const name = input.clientName.trim();
    if (name.length === 0 || name.length > 200) throw new InvalidInputError("client_name", "use 1 to 200 characters");
    if (input.redirectUris.length === 0 || input.redirectUris.length > 20) {
      throw new InvalidInputError("redirect_uris", "give 1 to 20 redirect URIs");
    }
    const redirectUris = input.redirectUris.map(checkRedirectUri);
    const scopes = parseScopes(input.scopes, "scopes");
    const website = input.website?.trim() || null;
    if (website !== null && !/^https?:\/\/\S+$/i.test(website)) throw new InvalidInputError("website", "use an http(s) address");
    const method = input.tokenEndpointAuthMethod ?? "client_secret_post";
    if (!["none", "client_secret_post", "client_secret_basic"].includes(method)) {
      throw new InvalidInputError("token_endpoint_auth_method", "use none, client_secret_post or client_secret_basic");
    }
    const clientSecret = method === "none" ? null : randomSecret();
    const app = await insertOAuthApp(this.#db, {
      clientId: randomSecret(),
      // A public client's secret hash is one no secret can match.
      clientSecretHash: clientSecret === null ? "" : hashSecret(clientSecret),
      name,
      website,
      redirectUris,
      scopes: scopes.join(" "),
    });
    return { app, clientSecret };
  }

  /** Checks what an app asks for at /oauth/authorize, before anyone is asked to allow it. */
  async checkAuthorization(params: Record<string, string | undefined>): Promise<AuthorizationRequest> {
    const app = await this.#appOf(params.client_id, "client_id");
    const redirectUri = params.redirect_uri ?? (app.redirectUris.length === 1 ? app.redirectUris[0]! : "");
    if (!app.redirectUris.includes(redirectUri)) throw new InvalidInputError("redirect_uri", "is not one the app registered");
    if (params.response_type !== "code") throw new InvalidInputError("response_type", "only code is supported");
    const scopes = parseScopes(params.scope, "scope", app.scopes);
    if (!withinScopes(app.scopes.split(" "), scopes)) throw new InvalidInputError("scope", "asks for more than the app registered");
    const codeChallenge = params.code_challenge || null;
    if (codeChallenge !== null) {
      if (params.code_challenge_method !== "S256") throw new InvalidInputError("code_challenge_method", "only S256 is supported");
      if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) throw new InvalidInputError("code_challenge", "expected a base64url SHA-256");
    } else if (isPublic(app)) {
      throw new InvalidInputError("code_challenge", "this app has no secret, so it must use PKCE (S256)");
    }
    return { app, redirectUri, scopes, state: params.state ?? null, codeChallenge };
  }

  /** The member allowed the app: a single-use code for it to exchange. */
  async grantCode(member: Member, request: AuthorizationRequest): Promise<string> {
    const code = randomSecret();
    await insertOAuthCode(this.#db, {
      codeHash: hashSecret(code),
      appId: request.app.id,
      memberId: member.id,
      redirectUri: request.redirectUri,
      scopes: request.scopes.join(" "),
      codeChallenge: request.codeChallenge,
      expiresAt: new Date(Date.now() + CODE_LIFETIME_MS),
    });
    return code;
  }

  async exchangeCode(params: Record<string, string | undefined>): Promise<{ token: string; scopes: string[]; createdAt: Date }> {
    const { app, authenticated } = await this.#client(params);
    if (!params.code) throw new OAuthError("invalid_request", "code is missing");
    const code = await useOAuthCode(this.#db, hashSecret(params.code), new Date());
    if (code === undefined || code.appId !== app.id)
      throw new OAuthError("invalid_grant", "The code is not valid, has expired or was used already.");
    if (params.redirect_uri !== undefined && params.redirect_uri !== code.redirectUri) {
      throw new OAuthError("invalid_grant", "redirect_uri does not match the one the code was given for.");
    }
    if (code.codeChallenge !== null) {
      if (!params.code_verifier) throw new OAuthError("invalid_grant", "code_verifier is missing");
      const expected = createHash("sha256").update(params.code_verifier).digest("base64url");
      if (!sameText(expected, code.codeChallenge))
        throw new OAuthError("invalid_grant", "code_verifier does not match the code challenge.");
    } else if (!authenticated) {
      throw new OAuthError("invalid_client", "Send the client secret, or use PKCE.");
    }
    const member = await findMemberById(this.#db, code.memberId);
    if (member === undefined || member.status !== "active") throw new OAuthError("invalid_grant", "The member is not active.");
    return this.#issue(app, member.id, code.scopes.split(" "));
  }

  /** A token for the app itself, for the few calls that need no member (e.g. verifying the app). */
  async clientCredentials(params: Record<string, string | undefined>): Promise<{ token: string; scopes: string[]; createdAt: Date }> {
    const { app, authenticated } = await this.#client(params);
    if (!authenticated) throw new OAuthError("invalid_client", "client_credentials needs the client secret.");
    const scopes = parseOAuthScopes(params.scope, app.scopes);
    if (!withinScopes(app.scopes.split(" "), scopes)) throw new OAuthError("invalid_scope", "The app did not register these scopes.");
    return this.#issue(app, null, scopes);
  }

  /** RFC 7009: revoking an unknown or someone else's token quietly does nothing. */
  async revoke(params: Record<string, string | undefined>): Promise<void> {
    const { app } = await this.#client(params);
    if (!params.token) throw new OAuthError("invalid_request", "token is missing");
    await revokeOAuthTokenByHash(this.#db, hashSecret(params.token), app.id, new Date());
  }

  /** The grant behind a bearer token, or a 401. */
  async verify(token: string): Promise<TokenGrant> {
    const row = await touchOAuthToken(this.#db, hashSecret(token), new Date());
    if (row === undefined) throw new UnauthenticatedError("The access token is invalid");
    const app = await findOAuthAppById(this.#db, row.appId);
    let member: Member | null = null;
    if (row.memberId !== null) {
      member = (await findMemberById(this.#db, row.memberId)) ?? null;
      if (member === null || member.status !== "active") throw new UnauthenticatedError("The access token is invalid");
    }
    return { member, app: app!, scopes: row.scopes.split(" ") };
  }

  listAuthorized(member: Member): Promise<AuthorizedApp[]> {
    return listMemberApps(this.#db, member.id);
  }

  async revokeAuthorized(member: Member, appId: string): Promise<void> {
    if (!isUuid(appId)) throw new InvalidInputError("app", "expected an app id");
    const revoked = await revokeMemberAppTokens(this.#db, member.id, appId, new Date());
    if (revoked === 0) throw new NotFoundError("That app has no access to your account.");
  }

  async #issue(app: OAuthApp, memberId: string | null, scopes: string[]) {
    const token = randomSecret();
    const row = await insertOAuthToken(this.#db, { tokenHash: hashSecret(token), appId: app.id, memberId, scopes: scopes.join(" ") });
    return { token, scopes, createdAt: row.createdAt };
  }

  /** The calling app, and whether it proved itself with its secret (body or HTTP Basic). */
  async #client(params: Record<string, string | undefined>): Promise<{ app: OAuthApp; authenticated: boolean }> {
    if (!params.client_id) throw new OAuthError("invalid_client", "client_id is missing");
    const app = await findOAuthAppByClientId(this.#db, params.client_id);
    if (app === undefined) throw new OAuthError("invalid_client", "No app has this client_id.");
    if (params.client_secret === undefined || params.client_secret === "") return { app, authenticated: false };
    if (isPublic(app) || !sameText(hashSecret(params.client_secret), app.clientSecretHash)) {
      throw new OAuthError("invalid_client", "The client secret is wrong.");
    }
    return { app, authenticated: true };
  }

  async #appOf(clientId: string | undefined, field: string): Promise<OAuthApp> {
    const app = clientId ? await findOAuthAppByClientId(this.#db, clientId) : undefined;
    if (app === undefined) throw new InvalidInputError(field, "no app is registered with it");
    return app;
  }
}

function parseOAuthScopes(text: string | undefined, fallback: string): string[] {
  try {
    return parseScopes(text, "scope", fallback);
  } catch (error) {
    if (error instanceof InvalidInputError) throw new OAuthError("invalid_scope", error.message);
    throw error;
  }
}

/** An exact redirect URI an app may be sent back to; refuses fragments and browser-run schemes. */
function checkRedirectUri(uri: string): string {
  const trimmed = uri.trim();
  if (trimmed === OUT_OF_BAND) return trimmed;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InvalidInputError("redirect_uris", `${JSON.stringify(trimmed.slice(0, 100))} is not an absolute URI`);
  }
  if (REFUSED_SCHEMES.has(url.protocol)) throw new InvalidInputError("redirect_uris", `${url.protocol} addresses are not allowed`);
  if (url.hash !== "") throw new InvalidInputError("redirect_uris", "must not contain a #fragment");
  return trimmed;
}

const isPublic = (app: OAuthApp) => app.clientSecretHash === "";
const randomSecret = () => randomBytes(32).toString("base64url");
const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
