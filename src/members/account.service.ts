import { createHash, randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import type { Database } from "../../db/database.ts";
import {
  deleteJoinRequests,
  deleteMemberSessions,
  deleteMemberSetPasswordLinks,
  deleteSession,
  findMemberById,
  findMemberByUsername,
  findOneTimeLink,
  findSessionMember,
  insertMember,
  insertOneTimeLink,
  insertSession,
  type OneTimeLinkRow,
  revokeMemberApiTokens,
  updateMember,
  useOneTimeLink,
} from "../../db/queries/members.ts";
import { getOrCreateSecret } from "../../db/queries/secrets.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, InvalidInputError, NotFoundError, UnauthenticatedError } from "../errors.ts";
import type { RateLimiter, RateLimits } from "../limits/rate-limiter.ts";
import type { Notifier } from "../notifications/ports.ts";
import { isUuid, parseOrThrow, typedText } from "../validation.ts";
import type { CoordinatorLogService } from "./coordinator-log.service.ts";
import { type Member, type MemberRole, usernameSchema } from "./member.service.ts";
import type { PasswordHasher } from "./password-hasher.ts";
import { activeMember, isAdmin, isCoordinator, type Viewer } from "./viewer.ts";

const SESSION_DAYS = 30;
const LINK_DAYS = 7;
const DAY_MS = 86_400_000;

const passwordSchema = z
  .string({ error: "is required" })
  .min(8, { error: "use at least 8 characters" })
  .max(200, { error: "use at most 200 characters" });

const newAccountSchema = z.object({
  username: usernameSchema,
  displayName: typedText({ max: 100 }).optional(),
  password: passwordSchema,
});

const joinRequestSchema = newAccountSchema.extend({
  message: typedText({ max: 1000, multiline: true }).optional(),
});

export interface Session {
  member: Member;
  /** The cookie value; only its hash is stored. */
  secret: string;
}

/**
 * Accounts: passwords (argon2id), browser sessions, invitations and set-password links,
 * asking to join, and the coordinators' vetting of members.
 */
export class AccountService {
  readonly #db: Database;
  readonly #origin: URL;
  readonly #log: CoordinatorLogService;
  readonly #passwords: PasswordHasher;
  readonly #limiter: RateLimiter;
  readonly #limits: RateLimits;
  readonly #notifier: Notifier;
  #linkKey: Uint8Array | undefined;
  #dummyHashMade: Promise<string> | undefined;

  constructor(
    db: Database,
    origin: URL,
    deps: { log: CoordinatorLogService; passwords: PasswordHasher; limiter: RateLimiter; limits: RateLimits; notifier: Notifier },
  ) {
    this.#db = db;
    this.#origin = origin;
    this.#log = deps.log;
    this.#passwords = deps.passwords;
    this.#limiter = deps.limiter;
    this.#limits = deps.limits;
    this.#notifier = deps.notifier;
  }

  /**
   * Checks a password (for the sign-in form and for API token creation). Wrong passwords
   * are counted per username and per client address; once either has used up its limit,
   * every attempt is refused (429) without hashing, the right password included.
   */
  async signIn(username: string, password: string, clientAddress: string): Promise<Session> {
    const name = username.trim().toLowerCase();
    await this.#limiter.check(this.#limits.passwordPerAccount, name);
    await this.#limiter.check(this.#limits.passwordPerAddress, clientAddress);
    const member = await findMemberByUsername(this.#db, name);
    // Verify against something even for an unknown name, so timing does not tell who exists.
    const stored = member?.passwordHash ?? (await this.#dummyHash());
    const matches = await this.#passwords.verify(stored, password);
    if (member === undefined || member.passwordHash === null || !matches) {
      await this.#limiter.count(this.#limits.passwordPerAccount, name);
      await this.#limiter.count(this.#limits.passwordPerAddress, clientAddress);
      throw new UnauthenticatedError("That username and password do not match.");
    }
    if (member.status === "pending") throw new ForbiddenError("Your request to join is waiting for a coordinator.");
    if (member.status === "suspended") throw new ForbiddenError("This account is suspended. Talk to a coordinator.");
    return this.#startSession(member);
  }

  async sessionMember(secret: string): Promise<Member | null> {
    return (await findSessionMember(this.#db, sessionId(secret))) ?? null;
  }

  async signOut(secret: string): Promise<void> {
    await deleteSession(this.#db, sessionId(secret));
  }

  /**
   * Changes the password, signs the member out of every other session and ends any
   * set-password link still outstanding (someone who knows the old password, or holds an
   * old link, must not get back in). API tokens stay: the member still holds them.
   */
  async changePassword(member: Member, current: string, next: string, keepSecret?: string): Promise<void> {
    const fresh = await findMemberById(this.#db, member.id);
    if (!fresh?.passwordHash || !(await this.#passwords.verify(fresh.passwordHash, current))) {
      throw new InvalidFieldsError({ currentPassword: "is not your current password" });
    }
    const password = parseOrThrow(z.object({ newPassword: passwordSchema }), { newPassword: next }).newPassword;
    const passwordHash = await this.#passwords.hash(password);
    await inTransaction(this.#db, async (tx) => {
      await updateMember(tx, member.id, { passwordHash });
      await deleteMemberSessions(tx, member.id, keepSecret === undefined ? undefined : sessionId(keepSecret));
      await deleteMemberSetPasswordLinks(tx, member.id);
    });
  }

  /**
   * Someone asks to join: a pending account that a coordinator approves or not. Every
   * well-formed request counts against the client address's limit, a taken name included.
   */
  async requestToJoin(
    input: { username: string; displayName?: string; password: string; message?: string },
    clientAddress: string,
  ): Promise<Member> {
    const fields = parseOrThrow(joinRequestSchema, input);
    await this.#limiter.take(this.#limits.joinPerAddress, clientAddress);
    const passwordHash = await this.#passwords.hash(fields.password);
    return inTransaction(this.#db, async (tx) => {
      const member = await insertMember(tx, {
        username: fields.username,
        displayName: fields.displayName || null,
        passwordHash,
        role: "member",
        status: "pending",
        joinMessage: fields.message || null,
      });
      if (member === undefined) throw new InvalidFieldsError({ username: "is already taken" });
      await this.#notifier.notify(tx, { coordinators: true }, { kind: "join_requested", subjectId: member.id, url: "/members" });
      return member;
    });
  }

  /** An invitation link: whoever opens it first can make an account with `role`. */
  async createInvite(viewer: Viewer, role: MemberRole, days = LINK_DAYS): Promise<{ url: URL; expiresAt: Date }> {
    const inviter = activeMember(viewer);
    if (inviter === null || !isCoordinator(inviter)) throw new ForbiddenError("Only coordinators can invite.");
    if (role === "admin" && !isAdmin(inviter)) throw new ForbiddenError("Only admins can invite admins.");
    const link = await inTransaction(this.#db, async (tx) => {
      const row = await insertOneTimeLink(tx, {
        purpose: "invite",
        role,
        createdById: inviter.id,
        expiresAt: new Date(Date.now() + days * DAY_MS),
      });
      await this.#log.record(tx, inviter, "invite_created", { detail: role });
      return row;
    });
    return { url: await this.#linkUrl("invite", link), expiresAt: link.expiresAt };
  }

  /** What an invitation offers, if it is still good. */
  async checkInvite(token: string): Promise<{ role: MemberRole }> {
    const link = await this.#openLink(token, "invite");
    return { role: link.role ?? "member" };
  }

  async acceptInvite(token: string, input: { username: string; displayName?: string; password: string }): Promise<Session> {
    const fields = parseOrThrow(newAccountSchema, input);
    const passwordHash = await this.#passwords.hash(fields.password);
    const member = await inTransaction(this.#db, async (tx) => {
      const link = await this.#openLink(token, "invite", tx);
      if (!(await useOneTimeLink(tx, link.id))) throw new ConflictError("This invitation has already been used.");
      const created = await insertMember(tx, {
        username: fields.username,
        displayName: fields.displayName || null,
        passwordHash,
        role: link.role ?? "member",
        status: "active",
      });
      if (created === undefined) throw new InvalidFieldsError({ username: "is already taken" });
      return created;
    });
    return this.#startSession(member);
  }

  /**
   * A link for `member` to set their password (printed by `cli member add` and `member
   * password-link`). Only the newest link works: issuing one ends the older ones.
   */
  async createSetPasswordLink(member: Member, days = LINK_DAYS): Promise<{ url: URL; expiresAt: Date }> {
    const link = await inTransaction(this.#db, async (tx) => {
      await deleteMemberSetPasswordLinks(tx, member.id);
      return insertOneTimeLink(tx, {
        purpose: "set_password",
        memberId: member.id,
        expiresAt: new Date(Date.now() + days * DAY_MS),
      });
    });
    return { url: await this.#linkUrl("set-password", link), expiresAt: link.expiresAt };
  }

  async checkSetPasswordLink(token: string): Promise<Member> {
    const link = await this.#openLink(token, "set_password");
    const member = link.memberId === null ? undefined : await findMemberById(this.#db, link.memberId);
    if (member === undefined) throw new NotFoundError("This link's account no longer exists.");
    return member;
  }

  /**
   * A reset: whoever holds the link sets the password, so everything that spoke for the
   * member before (every session, every API token, every other link) ends with it. The
   * answer says how much ended, for the page to tell them.
   */
  async setPasswordWithLink(token: string, password: string): Promise<Session & { ended: { sessions: number; tokens: number } }> {
    const checked = parseOrThrow(z.object({ password: passwordSchema }), { password }).password;
    const member = await this.checkSetPasswordLink(token);
    const passwordHash = await this.#passwords.hash(checked);
    const ended = await inTransaction(this.#db, async (tx) => {
      const link = await this.#openLink(token, "set_password", tx);
      if (!(await useOneTimeLink(tx, link.id))) throw new ConflictError("This link has already been used.");
      await updateMember(tx, member.id, { passwordHash });
      await deleteMemberSetPasswordLinks(tx, member.id);
      return { sessions: await deleteMemberSessions(tx, member.id), tokens: await revokeMemberApiTokens(tx, member.id) };
    });
    if (member.status !== "active") throw new ForbiddenError("Your password is set; a coordinator still has to let you in.");
    return { ...(await this.#startSession(member)), ended };
  }

  /** Approve (activate), suspend or reactivate a member. */
  async setStatus(viewer: Viewer, memberId: string, status: "active" | "suspended"): Promise<Member> {
    const { actor, subject } = await this.#vet(viewer, memberId);
    if (subject.id === actor.id) throw new ForbiddenError("You cannot change your own status.");
    if (subject.status === status) return subject;
    const action = status === "suspended" ? "member_suspended" : subject.status === "pending" ? "member_approved" : "member_reactivated";
    return inTransaction(this.#db, async (tx) => {
      const updated = (await updateMember(tx, subject.id, { status }))!;
      if (status === "suspended") await deleteMemberSessions(tx, subject.id);
      await this.#log.record(tx, actor, action, { subjectMemberId: subject.id });
      if (action === "member_approved")
        await this.#notifier.notify(tx, { members: [subject.id] }, { kind: "join_approved", subjectId: subject.id, url: "/" });
      return updated;
    });
  }

  /**
   * Declines requests to join in bulk, after a flood: the chosen ones, or every one made
   * before a time. Only pending accounts are deleted, never anyone already let in; one log
   * entry says how many. Resolves to that number.
   */
  async declineJoinRequests(viewer: Viewer, which: { ids: string[] } | { createdBefore: Date }): Promise<number> {
    const actor = activeMember(viewer);
    if (actor === null || !isCoordinator(actor)) throw new ForbiddenError("Only coordinators can manage members.");
    if ("ids" in which && (which.ids.length === 0 || !which.ids.every(isUuid))) {
      throw new InvalidInputError("id", "choose one or more requests to decline");
    }
    return inTransaction(this.#db, async (tx) => {
      const declined = await deleteJoinRequests(tx, which);
      if (declined > 0) await this.#log.record(tx, actor, "join_requests_declined", { detail: String(declined) });
      return declined;
    });
  }

  async setRole(viewer: Viewer, memberId: string, role: MemberRole): Promise<Member> {
    const { actor, subject } = await this.#vet(viewer, memberId);
    if (role === "admin" && !isAdmin(actor)) throw new ForbiddenError("Only admins can make admins.");
    if (subject.id === actor.id) throw new ForbiddenError("You cannot change your own role.");
    if (subject.role === role) return subject;
    // Terms are the admins' to give and lift: changing the role would drop the term.
    if (subject.roleUntil !== null && !isAdmin(actor)) {
      throw new ForbiddenError("This role was given for a term; only an admin can change it before it ends.");
    }
    return inTransaction(this.#db, async (tx) => {
      // A new role starts without a term; an admin gives it one (RoleTermService.setTerm).
      const updated = (await updateMember(tx, subject.id, { role, roleUntil: null, roleRemindedAt: null }))!;
      await this.#log.record(tx, actor, "role_changed", { subjectMemberId: subject.id, detail: `${subject.role} → ${role}` });
      await this.#notifier.notify(
        tx,
        { members: [subject.id] },
        { kind: "role_changed", subjectId: subject.id, url: "/account", params: { role } },
      );
      return updated;
    });
  }

  /** Coordinators vet members; only admins touch admins. */
  async #vet(viewer: Viewer, memberId: string): Promise<{ actor: Member; subject: Member }> {
    const actor = activeMember(viewer);
    if (actor === null || !isCoordinator(actor)) throw new ForbiddenError("Only coordinators can manage members.");
    const subject = isUuid(memberId) ? await findMemberById(this.#db, memberId) : undefined;
    if (subject === undefined) throw new NotFoundError("No such member.");
    if (subject.role === "admin" && !isAdmin(actor)) throw new ForbiddenError("Only admins can change an admin.");
    return { actor, subject };
  }

  /** A hash of nothing anyone knows, made once (again, if the first try was turned away as busy). */
  #dummyHash(): Promise<string> {
    this.#dummyHashMade ??= this.#passwords.hash(randomBytes(16).toString("hex")).catch((error: unknown) => {
      this.#dummyHashMade = undefined;
      throw error;
    });
    return this.#dummyHashMade;
  }

  async #startSession(member: Member): Promise<Session> {
    const secret = randomBytes(32).toString("base64url");
    await insertSession(this.#db, {
      id: sessionId(secret),
      memberId: member.id,
      expiresAt: new Date(Date.now() + SESSION_DAYS * DAY_MS),
    });
    return { member, secret };
  }

  async #linkUrl(path: "invite" | "set-password", link: OneTimeLinkRow): Promise<URL> {
    const token = await new SignJWT({ purpose: link.purpose })
      .setProtectedHeader({ alg: "HS256" })
      .setJti(link.id)
      .setExpirationTime(link.expiresAt)
      .sign(await this.#key());
    return new URL(`/${path}/${token}`, this.#origin);
  }

  /**
   * The link row behind a token, if the token is genuine, unexpired and unused. Inside a
   * transaction, pass it: PGlite has one connection, and a query outside the open
   * transaction would wait for it forever.
   */
  async #openLink(token: string, purpose: OneTimeLinkRow["purpose"], db = this.#db): Promise<OneTimeLinkRow> {
    let jti: string | undefined;
    try {
      const { payload } = await jwtVerify(token, await this.#key(db), { algorithms: ["HS256"] });
      if (payload.purpose !== purpose) throw new Error("wrong purpose");
      jti = payload.jti;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new ForbiddenError("This link has expired. Ask a coordinator for a new one.");
      throw new NotFoundError("This link is not valid.");
    }
    const link = jti === undefined ? undefined : await findOneTimeLink(db, jti);
    // Ended links are deleted: a newer link, a reset or a password change replaced them.
    if (link === undefined) throw new NotFoundError("This link is no longer valid. Ask a coordinator for a new one.");
    if (link.usedAt !== null) throw new ConflictError("This link has already been used.");
    return link;
  }

  async #key(db = this.#db): Promise<Uint8Array> {
    this.#linkKey ??= Buffer.from(await getOrCreateSecret(db, "link-key", () => randomBytes(32).toString("base64url")), "base64url");
    return this.#linkKey;
  }
}

function sessionId(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
