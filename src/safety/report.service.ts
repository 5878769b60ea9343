import type { Database } from "../../db/database.ts";
import { findMemberById, findMemberByUsername } from "../../db/queries/members.ts";
import { findPost } from "../../db/queries/posts.ts";
import { findRemoteActorById } from "../../db/queries/remote-networks.ts";
import {
  findReport,
  insertReport,
  insertReportNote,
  listReportNotes,
  listReportRows,
  type ReportRow,
  type ReportWithNames,
  responseExists,
  updateReportRow,
} from "../../db/queries/reports.ts";
import { findSiblingPostById } from "../../db/queries/sibling-posts.ts";
import { inTransaction } from "../../db/transaction.ts";
import { InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { RateLimiter, RateLimits } from "../limits/rate-limiter.ts";
import type { MatchService } from "../matching/match.service.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Member } from "../members/member.service.ts";
import { activeMember, isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import type { Notifier } from "../notifications/ports.ts";
import type { PostService } from "../posts/post.service.ts";
import { cleanText } from "../text.ts";
import { isUuid, parseOrThrow } from "../validation.ts";
import type { ReportPublisher } from "./ports.ts";
import { changeProblems, REPORTS_PER_PAGE, requireSafetyTeam } from "./report.policy.ts";
import {
  MAX_REPORT_TEXT,
  type ReportChange,
  type ReportInput,
  type ReportOutcome,
  type ReportReason,
  type ReportStatus,
  type ReportSubjectType,
  reportChangeSchema,
  reportInputSchema,
} from "./report.schema.ts";

/** What the reporter sees of their own report: that it was handled, never how or by whom. */
export interface OwnReportView {
  id: string;
  subject: { type: ReportSubjectType; id: string };
  reason: ReportReason;
  text: string | null;
  status: ReportStatus;
  source: string;
  createdAt: string;
  resolvedAt: string | null;
  /** What the team chose to tell the reporter, if anything. */
  messageFromTeam: string | null;
}

/** What the safety team sees. */
export interface ReportView extends OwnReportView {
  reporter: string | null;
  assignee: string | null;
  outcome: ReportOutcome | null;
  notes: { author: string | null; text: string; at: string }[];
}

/**
 * Reports to the safety team (the coordinators): members report what they can see, the
 * public reports public posts. Both paths are rate-limited so that reporting cannot be
 * used to flood the team. The coordinator log records what the team did, never who
 * reported.
 */
export class ReportService {
  readonly #db: Database;
  readonly #posts: PostService;
  readonly #matches: MatchService;
  readonly #log: CoordinatorLogService;
  readonly #limiter: RateLimiter;
  readonly #limits: RateLimits;
  readonly #publisher: ReportPublisher;
  readonly #notifier: Notifier;

  constructor(
    db: Database,
    deps: {
      posts: PostService;
      matches: MatchService;
      log: CoordinatorLogService;
      limiter: RateLimiter;
      limits: RateLimits;
      publisher: ReportPublisher;
      notifier: Notifier;
    },
  ) {
    this.#notifier = deps.notifier;
    this.#publisher = deps.publisher;
    this.#db = db;
    this.#posts = deps.posts;
    this.#matches = deps.matches;
    this.#log = deps.log;
    this.#limiter = deps.limiter;
    this.#limits = deps.limits;
  }

  /**
   * A report from a member, or from the public (`viewer` null) about a public post. The
   * subject must be one the reporter can see: anything else is "not found", so the form
   * cannot probe for hidden posts or members.
   */
  async create(viewer: Viewer, input: ReportInput | Record<string, unknown>, clientAddress: string): Promise<OwnReportView> {
    const { subject, reason, text } = parseOrThrow(reportInputSchema, input);
    const member = activeMember(viewer);
    if (member === null) await this.#limiter.take(this.#limits.reportsPerAddress, clientAddress);
    else await this.#limiter.take(this.#limits.reportsPerMember, member.id);
    const subjectId = await this.#visibleSubject(viewer, subject.type, subject.id);
    const row = await inTransaction(this.#db, async (tx) => {
      const report = await insertReport(tx, {
        subjectType: subject.type,
        subjectId,
        reason,
        text: text === undefined || text === "" ? null : text,
        source: member === null ? "public" : "member",
        reporterId: member?.id ?? null,
      });
      await this.#tellTeam(tx, report, member?.id ?? null);
      return report;
    });
    return ownView({ report: row, reporterUsername: member?.username ?? null, assigneeUsername: null });
  }

  /** The safety team: every report (optionally open or resolved only). Anyone else, or `mine`: their own reports. */
  async list(
    viewer: Viewer,
    query: { status?: ReportStatus; mine?: boolean; page?: number } = {},
  ): Promise<(ReportView | OwnReportView)[]> {
    const member = requireMember(viewer);
    const team = isCoordinator(member) && query.mine !== true;
    const page = query.page ?? 1;
    const rows = await listReportRows(
      this.#db,
      { status: query.status, reporterId: team ? undefined : member.id },
      REPORTS_PER_PAGE,
      (page - 1) * REPORTS_PER_PAGE,
    );
    return team ? rows.map((row) => teamView(row, [])) : rows.map(ownView);
  }

  /** One report: in full for the team, as "handled or not" for its reporter; "not found" for anyone else. */
  async get(viewer: Viewer, id: string): Promise<ReportView | OwnReportView> {
    const member = requireMember(viewer);
    const row = isUuid(id) ? await findReport(this.#db, id) : undefined;
    if (row === undefined) throw new NotFoundError("No such report.");
    if (isCoordinator(member)) return this.#teamView(row);
    if (row.report.reporterId === member.id) return ownView(row);
    throw new NotFoundError("No such report.");
  }

  /** The safety team assigns, notes, resolves with an outcome, or reopens. */
  async update(viewer: Viewer, id: string, change: ReportChange): Promise<ReportView> {
    const coordinator = requireSafetyTeam(viewer);
    const parsed = parseOrThrow(reportChangeSchema, change);
    const row = isUuid(id) ? await findReport(this.#db, id) : undefined;
    if (row === undefined) throw new NotFoundError("No such report.");
    const assignee = parsed.assignee === undefined || parsed.assignee === null ? parsed.assignee : await this.#teamMember(parsed.assignee);
    const problems = changeProblems(row.report, parsed);
    if (Object.keys(problems).length > 0) throw new InvalidFieldsError(problems);
    await inTransaction(this.#db, async (tx) => {
      if (assignee !== undefined && (assignee?.id ?? null) !== row.report.assigneeId) {
        await updateReportRow(tx, id, { assigneeId: assignee?.id ?? null });
        await this.#log.record(tx, coordinator, "report_assigned", { detail: reportLogDetail(row.report.subjectType) });
      }
      if (parsed.note !== undefined) await insertReportNote(tx, { reportId: id, authorId: coordinator.id, text: parsed.note });
      if (parsed.forward === true) await this.#forward(tx, coordinator, row);
      const outcome = parsed.outcome ?? (parsed.forward === true ? "forwarded" : undefined);
      const status = outcome !== undefined ? "resolved" : parsed.status;
      if (status === "resolved" && row.report.status !== "resolved") {
        await updateReportRow(tx, id, { status, outcome, resolvedAt: new Date() });
        await this.#log.record(tx, coordinator, "report_resolved", {
          detail: `${reportLogDetail(row.report.subjectType)}; outcome: ${outcome}`,
        });
        // The reporter hears that it was handled, never how or by whom.
        await this.#notifier.notify(
          tx,
          { members: [row.report.reporterId] },
          { kind: "report_resolved", subjectId: id, url: "/my/reports" },
          coordinator.id,
        );
      } else if (status === "open" && row.report.status !== "open") {
        await updateReportRow(tx, id, { status, outcome: null, resolvedAt: null });
        await this.#log.record(tx, coordinator, "report_reopened", { detail: reportLogDetail(row.report.subjectType) });
      }
      if (parsed.messageToReporter !== undefined && row.report.reporterId !== null) {
        await updateReportRow(tx, id, { messageToReporter: parsed.messageToReporter });
        await this.#notifier.notify(
          tx,
          { members: [row.report.reporterId] },
          { kind: "report_message", subjectId: id, url: "/my/reports" },
          coordinator.id,
        );
      }
    });
    return this.#teamView((await findReport(this.#db, id))!);
  }

  /**
   * A report about a sibling network's post, sent to that network as a Flag: the post's
   * IRI and the reporter's words (or the reason), from our instance actor, never naming
   * the reporter.
   */
  async #forward(tx: Database, coordinator: Member, { report }: ReportWithNames): Promise<void> {
    const post = await findSiblingPostById(tx, report.subjectId);
    const origin = post === undefined ? undefined : await findRemoteActorById(tx, post.originId);
    if (post === undefined || origin === undefined) throw new NotFoundError("The sibling network's post is gone.");
    await this.#publisher.forward({ target: origin, objectIris: [post.objectIri], text: report.text ?? `Reported as ${report.reason}.` });
    await this.#log.record(tx, coordinator, "report_forwarded", { detail: reportLogDetail(report.subjectType) });
  }

  /**
   * A Flag from another server about our posts: one report per post, from that server's
   * host. Objects that are not our posts (our actor, unknown ids) are left out; a Flag
   * about none of our posts files nothing.
   */
  async receiveFlag(host: string, postIds: string[], text: string): Promise<number> {
    const words = cleanText(text).trim().slice(0, MAX_REPORT_TEXT);
    let filed = 0;
    for (const postId of new Set(postIds)) {
      if (!isUuid(postId) || (await findPost(this.#db, postId)) === undefined) continue;
      await inTransaction(this.#db, async (tx) => {
        const report = await insertReport(tx, {
          subjectType: "post",
          subjectId: postId,
          reason: "other",
          text: words === "" ? null : words,
          source: host,
        });
        await this.#tellTeam(tx, report, null);
      });
      filed++;
    }
    return filed;
  }

  /** Tells the safety team of a new report, in the transaction that files it: what and why, never who. */
  async #tellTeam(tx: Database, report: ReportRow, reporterId: string | null): Promise<void> {
    await this.#notifier.notify(
      tx,
      { coordinators: true },
      {
        kind: "new_report",
        subjectId: report.id,
        url: `/safety/${report.id}`,
        params: { subject: report.subjectType, reason: report.reason },
      },
      reporterId,
    );
  }

  async #teamView(row: ReportWithNames): Promise<ReportView> {
    const notes = await listReportNotes(this.#db, row.report.id);
    return teamView(
      row,
      notes.map(({ note, authorUsername }) => ({ author: authorUsername, text: note.text, at: note.createdAt.toISOString() })),
    );
  }

  async #teamMember(username: string): Promise<Member> {
    const member = await findMemberByUsername(this.#db, username);
    if (member === undefined || !isCoordinator(member)) {
      throw new InvalidFieldsError({ assignee: "name a coordinator (the safety team)" });
    }
    return member;
  }

  /** The subject's id, if the reporter can see it; members may be named by username. */
  async #visibleSubject(viewer: Viewer, type: ReportSubjectType, id: string): Promise<string> {
    const member = activeMember(viewer);
    const missing = new NotFoundError(`No such ${type.replace("_", " ")}.`);
    if (member === null && type !== "post")
      throw new InvalidFieldsError({ "subject.type": "without an account, only public posts can be reported" });
    switch (type) {
      case "post":
        return (await this.#posts.get(viewer, id)).id;
      case "match":
        return (await this.#matches.get(viewer, id)).id;
      case "member": {
        const found = isUuid(id) ? await findMemberById(this.#db, id) : await findMemberByUsername(this.#db, id);
        if (found === undefined || found.status === "pending" || found.id === member?.id) throw missing;
        return found.id;
      }
      case "response":
        // Responses from elsewhere are shown to coordinators only.
        if (!isCoordinator(viewer) || !isUuid(id) || !(await responseExists(this.#db, id))) throw missing;
        return id;
      case "remote_post":
        if (!isUuid(id) || (await findSiblingPostById(this.#db, id)) === undefined) throw missing;
        return id;
    }
  }
}

/** How the log names a report: by what kind of thing it is about, never by whom it came from. */
function reportLogDetail(type: ReportSubjectType): string {
  return `a report about a ${type.replace("_", " ")}`;
}

function ownView({ report }: ReportWithNames): OwnReportView {
  return {
    id: report.id,
    subject: { type: report.subjectType, id: report.subjectId },
    reason: report.reason,
    text: report.text,
    status: report.status,
    source: report.source,
    createdAt: report.createdAt.toISOString(),
    resolvedAt: report.resolvedAt?.toISOString() ?? null,
    messageFromTeam: report.messageToReporter,
  };
}

function teamView(row: ReportWithNames, notes: ReportView["notes"]): ReportView {
  return {
    ...ownView(row),
    reporter: row.reporterUsername,
    assignee: row.assigneeUsername,
    outcome: row.report.outcome,
    notes,
  };
}
