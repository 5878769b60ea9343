import type { z } from "zod";
import type { ReportRow } from "../../db/queries/reports.ts";
import { ForbiddenError } from "../errors.ts";
import type { Member } from "../members/member.service.ts";
import { activeMember, isCoordinator, type Viewer } from "../members/viewer.ts";
import type { reportChangeSchema } from "./report.schema.ts";

export const REPORTS_PER_PAGE = 50;

/** The safety team is the coordinators (a working group named for it, once working groups exist). */
export function requireSafetyTeam(viewer: Viewer): Member {
  if (!isCoordinator(viewer)) throw new ForbiddenError("Only the safety team (coordinators) handles reports.");
  return activeMember(viewer)!;
}

/** Why a change to a report cannot be made, by field: empty when it can. */
export function changeProblems(
  report: Pick<ReportRow, "status" | "subjectType">,
  change: z.output<typeof reportChangeSchema>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (change.status === "resolved" && change.outcome === undefined && report.status !== "resolved") {
    problems.outcome = "say what was done to resolve the report";
  }
  if (change.status === "open" && change.outcome !== undefined) problems.outcome = "a reopened report has no outcome yet";
  if (change.outcome !== undefined && report.status === "resolved") problems.outcome = "the report is already resolved; reopen it first";
  if (change.forward === true && report.subjectType !== "remote_post") {
    problems.forward = "only a report about a sibling network's post can be forwarded to its server";
  }
  if (change.forward === true && report.status === "resolved") problems.forward = "the report is already resolved; reopen it first";
  return problems;
}
