import { checkTypedText, isUuid } from "../validation.ts";
import { randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import type { Database } from "../../db/database.ts";
import { findApiToken, findMemberById, insertApiToken, listApiTokens, revokeApiToken, type ApiTokenRow } from "../../db/queries/members.ts";
import { getOrCreateSecret } from "../../db/queries/secrets.ts";
import { InvalidInputError, NotFoundError, UnauthenticatedError } from "../errors.ts";
import type { Member } from "./member.service.ts";

export type ApiToken = ApiTokenRow;

const AUDIENCE = "mycelium-api";
const MAX_DAYS = 366;

/**
 * API access tokens: JWTs signed with a per-instance secret, expiring, and revocable
 * because each one's `jti` is a row that verification checks.
 */
export class ApiTokenService {
  readonly #db: Database;
  readonly #issuer: string;
  #key: Uint8Array | undefined;

  constructor(db: Database, issuer: URL) {
    this.#db = db;
    this.#issuer = issuer.origin;
  }

  async issue(member: Member, options: { days: number; label: string }): Promise<{ token: string; record: ApiToken }> {
    if (!Number.isInteger(options.days) || options.days < 1 || options.days > MAX_DAYS) {
      throw new InvalidInputError("days", `use a whole number from 1 to ${MAX_DAYS}`);
    }
    const label = checkTypedText("label", options.label, { min: 1, max: 100, minError: "use 1 to 100 characters" });
    const expiresAt = new Date(Date.now() + options.days * 86_400_000);
    const record = await insertApiToken(this.#db, { memberId: member.id, label, expiresAt });
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(member.id)
      .setJti(record.id)
      .setIssuer(this.#issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(await this.#signingKey());
    return { token, record };
  }

  /** The active member a token speaks for. */
  async verify(token: string): Promise<Member> {
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(token, await this.#signingKey(), {
        issuer: this.#issuer,
        audience: AUDIENCE,
        algorithms: ["HS256"],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new UnauthenticatedError("The token has expired.");
      throw new UnauthenticatedError("The token is not valid.");
    }
    const record = claims.jti === undefined ? undefined : await findApiToken(this.#db, claims.jti);
    if (record === undefined || record.memberId !== claims.sub) throw new UnauthenticatedError("The token is not valid.");
    if (record.revokedAt !== null) throw new UnauthenticatedError("The token has been revoked.");
    const member = await findMemberById(this.#db, record.memberId);
    if (member === undefined || member.status !== "active") {
      throw new UnauthenticatedError("The token's member is not active.");
    }
    return member;
  }

  list(member: Member): Promise<ApiToken[]> {
    return listApiTokens(this.#db, member.id);
  }

  async revoke(tokenId: string): Promise<ApiToken> {
    if (!isUuid(tokenId)) {
      throw new InvalidInputError("id", "expected a token id as printed by `token list`");
    }
    const record = await revokeApiToken(this.#db, tokenId);
    if (record === undefined) throw new NotFoundError(`No token has the id ${tokenId}.`);
    return record;
  }

  async #signingKey(): Promise<Uint8Array> {
    this.#key ??= Buffer.from(await getOrCreateSecret(this.#db, "api-token-key", () => randomBytes(32).toString("base64url")), "base64url");
    return this.#key;
  }
}
