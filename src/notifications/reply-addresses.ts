import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Database } from "../../db/database.ts";
import { getOrCreateSecret } from "../../db/queries/secrets.ts";

const PREFIX = "reply+";

/**
 * Reply-To addresses for notice e-mails, `reply+<notice id><mac>@<intake domain>`: a reply
 * to one reaches the e-mail intake, which knows from the address which notice it answers.
 * An HMAC rather than a signed token (jose) because an address's local part holds at most
 * 64 characters, and hex because some mail servers lower-case it: 6 + 32 + 24 = 62.
 */
export class ReplyAddresses {
  readonly #db: Database;
  readonly #domain: string;
  #key: Buffer | undefined;

  /** `intakeAddress` is where the network's mail arrives, e.g. help@eastside.example. */
  constructor(db: Database, intakeAddress: string) {
    this.#db = db;
    this.#domain = intakeAddress.slice(intakeAddress.lastIndexOf("@") + 1).toLowerCase();
  }

  async addressFor(notificationId: string): Promise<string> {
    const id = notificationId.replaceAll("-", "");
    return `${PREFIX}${id}${await this.#mac(id)}@${this.#domain}`;
  }

  /** The notice a reply address stands for; null for any other address or a forged one. */
  async noticeOf(address: string): Promise<string | null> {
    const match = /^reply\+([0-9a-f]{32})([0-9a-f]{24})@(.+)$/.exec(address.toLowerCase());
    if (match === null || match[3] !== this.#domain) return null;
    const id = match[1]!;
    const expected = Buffer.from(await this.#mac(id));
    if (!timingSafeEqual(expected, Buffer.from(match[2]!))) return null;
    return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
  }

  async #mac(id: string): Promise<string> {
    this.#key ??= Buffer.from(
      await getOrCreateSecret(this.#db, "email-reply-key", () => randomBytes(32).toString("base64url")),
      "base64url",
    );
    return createHmac("sha256", this.#key).update(`reply:${id}`).digest("hex").slice(0, 24);
  }
}
