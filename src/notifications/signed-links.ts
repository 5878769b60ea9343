import { randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import type { Database } from "../../db/database.ts";
import { getOrCreateSecret } from "../../db/queries/secrets.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";

export type LinkPurpose = "verify-email" | "unsubscribe";

/**
 * Signed links sent by e-mail, which work without signing in: checking an address, and
 * one-click unsubscribing. They carry the member's id and what they are for; the key is
 * made on first start and shared by every process through the database.
 */
export class SignedLinks {
  readonly #db: Database;
  #key: Uint8Array | undefined;

  constructor(db: Database) {
    this.#db = db;
  }

  async sign(purpose: LinkPurpose, memberId: string, claims: Record<string, string>, days: number): Promise<string> {
    return new SignJWT({ ...claims, purpose })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(memberId)
      .setExpirationTime(`${days}d`)
      .sign(await this.#keyOf());
  }

  /** The member id and claims of a genuine, unexpired link for `purpose`. */
  async open(purpose: LinkPurpose, token: string): Promise<{ memberId: string; claims: Record<string, unknown> }> {
    try {
      const { payload } = await jwtVerify(token, await this.#keyOf(), { algorithms: ["HS256"] });
      if (payload.purpose !== purpose || typeof payload.sub !== "string") throw new Error("wrong purpose");
      return { memberId: payload.sub, claims: payload };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new ForbiddenError("This link has expired.");
      throw new NotFoundError("This link is not valid.");
    }
  }

  async #keyOf(): Promise<Uint8Array> {
    this.#key ??= Buffer.from(
      await getOrCreateSecret(this.#db, "notification-link-key", () => randomBytes(32).toString("base64url")),
      "base64url",
    );
    return this.#key;
  }
}
