import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import type { Database } from "../../db/database.ts";
import {
  deleteMemberSessions,
  deleteSession,
  findMemberById,
  findMemberByUsername,
  findOneTimeLink,
  findSessionMember,
  insertMember,
  insertOneTimeLink,
  insertSession,
  updateMember,
  useOneTimeLink,
  type OneTimeLinkRow,
} from "../../db/queries/members.ts";
import { getOrCreateSecret } from "../../db/queries/secrets.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError, UnauthenticatedError } from "../errors.ts";
import { isUuid, parseOrThrow } from "../validation.ts";
import type { CoordinatorLogService } from "./coordinator-log.service.ts";
import { usernameSchema, type Member, type MemberRole } from "./member.service.ts";
import { activeMember, isAdmin, isCoordinator, type Viewer } from "./viewer.ts";
import type { Notifier } from "../notifications/ports.ts";

const SESSION_DAYS = 30;
const LINK_DAYS = 7;
const DAY_MS = 86_400_000;

const passwordSchema = z
  .string({ error: "is required" })
  .min(8, { error: "use at least 8 characters" })
  .max(200, { error: "use at most 200 characters" });

const newAccountSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().max(100, { error: "use at most 100 characters" }).optional(),
  password: passwordSchema,
});

const joinRequestSchema = newAccountSchema.extend({
  message: z.string().trim().max(1000, { error: "use at most 1000 characters" }).optional(),
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
  readonly #notifier: Notifier;
  #linkKey: Uint8Array | undefined;
  #dummyHash: Promise<string> | undefined;

  constructor(db: Database, origin: URL, log: CoordinatorLogService, notifier: Notifier) {
    this.#db = db;
    this.#origin = origin;
    this.#log = log;
    this.#notifier = notifier;
  }

  async signIn(username: string, password: string): Promise<Session> {
    const member = await findMemberByUsername(this.#db, username.trim().toLowerCase());
    // Verify against something even for an unknown name, so timing does not tell who exists.
    const stored = member?.passwordHash ?? (await (this.#dummyHash ??= hash(randomBytes(16).toString("hex"))));
    const matches = await verify(stored, password).catch(() => false);
    if (member === undefined || member.passwordHash === null || !matches) {
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

  /** Changes the password and signs the member out of every other session. */
  async changePassword(member: Member, current: string, next: string, keepSecret?: string): Promise<void> {
    const fresh = await findMemberById(this.#db, member.id);
    if (!fresh?.passwordHash || !(await verify(fresh.passwordHash, current).catch(() => false))) {
      throw new InvalidFieldsError({ currentPassword: "is not your current password" });
    }
    const password = parseOrThrow(z.object({ newPassword: passwordSchema }), { newPassword: next }).newPassword;
    await updateMember(this.#db, member.id, { passwordHash: await hash(password) });
    await deleteMemberSessions(this.#db, member.id, keepSecret === undefined ? undefined : sessionId(keepSecret));
  }

  /** Someone asks to join: a pending account that a coordinator approves or not. */
  async requestToJoin(input: { username: string; displayName?: string; password: string; message?: string }): Promise<Member> {
    const fields = parseOrThrow(joinRequestSchema, input);
    const passwordHash = await hash(fields.password);
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
      await this.#log.record(inviter, "invite_created", { detail: role });
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
    const passwordHash = await hash(fields.password);
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

  /** A link for `member` to set their password (printed by `cli member add`). */
  async createSetPasswordLink(member: Member, days = LINK_DAYS): Promise<{ url: URL; expiresAt: Date }> {
    const link = await insertOneTimeLink(this.#db, {
      purpose: "set_password",
      memberId: member.id,
      expiresAt: new Date(Date.now() + days * DAY_MS),
    });
    return { url: await this.#linkUrl("set-password", link), expiresAt: link.expiresAt };
  }

  async checkSetPasswordLink(token: string): Promise<Member> {
    const link = await this.#openLink(token, "set_password");
    const member = link.memberId === null ? undefined : await findMemberById(this.#db, link.memberId);
    if (member === undefined) throw new NotFoundError("This link's account no longer exists.");
    return member;
  }

  async setPasswordWithLink(token: string, password: string): Promise<Session> {
    const checked = parseOrThrow(z.object({ password: passwordSchema }), { password }).password;
    const member = await this.checkSetPasswordLink(token);
    const passwordHash = await hash(checked);
    await inTransaction(this.#db, async (tx) => {
      const link = await this.#openLink(token, "set_password", tx);
      if (!(await useOneTimeLink(tx, link.id))) throw new ConflictError("This link has already been used.");
      await updateMember(tx, member.id, { passwordHash });
      await deleteMemberSessions(tx, member.id);
    });
    if (member.status !== "active") throw new ForbiddenError("Your password is set; a coordinator still has to let you in.");
    return this.#startSession(member);
  }

  /** Approve (activate), suspend or reactivate a member. */
  async setStatus(viewer: Viewer, memberId: string, status: "active" | "suspended"): Promise<Member> {
    const { actor, subject } = await this.#vet(viewer, memberId);
    if (subject.id === actor.id) throw new ForbiddenError("You cannot change your own status.");
    if (subject.status === status) return subject;
    const action =
      status === "suspended" ? "member_suspended" : subject.status === "pending" ? "member_approved" : "member_reactivated";
    return inTransaction(this.#db, async (tx) => {
      const updated = (await updateMember(tx, subject.id, { status }))!;
      if (status === "suspended") await deleteMemberSessions(tx, subject.id);
      await this.#log.record(actor, action, { subjectMemberId: subject.id });
      if (action === "member_approved") await this.#notifier.notify(tx, { members: [subject.id] }, { kind: "join_approved", subjectId: subject.id, url: "/" });
      return updated;
    });
  }

  async setRole(viewer: Viewer, memberId: string, role: MemberRole): Promise<Member> {
    const { actor, subject } = await this.#vet(viewer, memberId);
    if (role === "admin" && !isAdmin(actor)) throw new ForbiddenError("Only admins can make admins.");
    if (subject.id === actor.id) throw new ForbiddenError("You cannot change your own role.");
    if (subject.role === role) return subject;
    return inTransaction(this.#db, async (tx) => {
      const updated = (await updateMember(tx, subject.id, { role }))!;
      await this.#log.record(actor, "role_changed", { subjectMemberId: subject.id, detail: `${subject.role} → ${role}` });
      await this.#notifier.notify(tx, { members: [subject.id] }, { kind: "role_changed", subjectId: subject.id, url: "/account", params: { role } });
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
    if (link === undefined) throw new NotFoundError("This link is not valid.");
    if (link.usedAt !== null) throw new ConflictError("This link has already been used.");
    return link;
  }

  async #key(db = this.#db): Promise<Uint8Array> {
    this.#linkKey ??= Buffer.from(
      await getOrCreateSecret(db, "link-key", () => randomBytes(32).toString("base64url")),
      "base64url",
    );
    return this.#linkKey;
  }
}

function sessionId(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
