import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { findMemberByUsername, insertMember, listMembers, listMembersPage, type MemberRow } from "../../db/queries/members.ts";
import { memberRole } from "../../db/schema/index.ts";
import { emailSchema } from "./member-settings.service.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.ts";
import { checkTypedText } from "../validation.ts";

export type Member = MemberRow;

/** A page of members, requests to join first; `pending` counts every request waiting. */
export interface MemberPage {
  items: Member[];
  page: number;
  perPage: number;
  total: number;
  pending: number;
}

export const MEMBERS_PER_PAGE = 50;
export const MEMBER_ROLES = memberRole.enumValues;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const usernameSchema = z.string().regex(/^[a-z0-9_]{1,30}$/, { error: "use 1 to 30 lower-case letters, digits or underscores" });

export class MemberService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Adds an active member (the operator vouches for them). */
  async addMember(input: { username: string; role: MemberRole; displayName?: string; email?: string | undefined }): Promise<Member> {
    const username = usernameSchema.safeParse(input.username);
    if (!username.success) throw new InvalidInputError("username", username.error.issues[0]!.message);
    if (!MEMBER_ROLES.includes(input.role)) {
      throw new InvalidInputError("role", `expected one of ${MEMBER_ROLES.join(", ")}`);
    }
    const displayName = checkTypedText("displayName", input.displayName ?? "", { max: 100 }) || null;
    const email = input.email === undefined ? undefined : emailSchema.safeParse(input.email);
    if (email?.success === false) throw new InvalidInputError("email", email.error.issues[0]!.message);
    const member = await insertMember(this.#db, {
      ...(email === undefined ? {} : { email: email.data, emailVerifiedAt: new Date() }),
      username: username.data,
      role: input.role,
      displayName,
      status: "active",
    });
    if (member === undefined) throw new ConflictError(`username: "${username.data}" is already taken`);
    return member;
  }

  async getByUsername(username: string): Promise<Member> {
    const member = await findMemberByUsername(this.#db, username);
    if (member === undefined) throw new NotFoundError(`No member is called "${username}".`);
    return member;
  }

  /** Every member (the operator's `member list`). */
  list(): Promise<Member[]> {
    return listMembers(this.#db);
  }

  /** One page for the members page; a page past the end is empty. */
  async page(page: number, perPage = MEMBERS_PER_PAGE): Promise<MemberPage> {
    if (!Number.isInteger(page) || page < 1 || page > 10_000) throw new InvalidInputError("page", "use a page number from 1 to 10000");
    const { rows, total, pending } = await listMembersPage(this.#db, { offset: (page - 1) * perPage, limit: perPage });
    return { items: rows, page, perPage, total, pending };
  }
}
