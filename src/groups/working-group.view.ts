import type { GroupTaskWithNames, WorkingGroupListRow, WorkingGroupRow } from "../../db/queries/working-groups.ts";
import type { DecisionStatus } from "../decisions/decision.schema.ts";

/** A working group as the list shows it. */
export interface WorkingGroupSummary {
  id: string;
  name: string;
  purpose: string;
  memberCount: number;
  /** Whether the member asking is in it. */
  joined: boolean;
}

/** One of a group's tasks. */
export interface GroupTaskView {
  id: string;
  groupId: string;
  group: string;
  title: string;
  dueOn: string | null;
  /** The username of who took it; null while nobody has. */
  takenBy: string | null;
  done: boolean;
}

/** A decision the group makes, as its page lists it. */
export interface GroupDecisionView {
  id: string;
  title: string;
  status: DecisionStatus;
  closesAt: string;
  outcome: string | null;
}

/** One working group: who is in it, who convenes it, what is left to do and what it decides. */
export interface WorkingGroupView extends WorkingGroupSummary {
  /** Usernames, convenors first. */
  members: string[];
  convenors: string[];
  /** The last day of each convenor's term, for those who convene for a term (by username). */
  convenorTerms: Record<string, string>;
  /** Its tasks not done yet, the soonest due first. */
  tasks: GroupTaskView[];
  decisions: GroupDecisionView[];
  /** Whether the member asking may name convenors (a convenor of it, or a coordinator). */
  canManage: boolean;
  createdAt: string;
}

export function toSummary({ group, memberCount, joined }: WorkingGroupListRow): WorkingGroupSummary {
  return { id: group.id, name: group.name, purpose: group.purpose, memberCount, joined };
}

export function toTaskView({ task, groupName, takenBy }: GroupTaskWithNames): GroupTaskView {
  return {
    id: task.id,
    groupId: task.groupId,
    group: groupName,
    title: task.title,
    dueOn: task.dueOn,
    takenBy,
    done: task.doneAt !== null,
  };
}

/** A group as members see it: who is in it (suspended members are not shown), its tasks and decisions. */
export function toView(
  group: WorkingGroupRow,
  everyone: readonly { username: string; convenor: boolean; convenorUntil: string | null; active: boolean }[],
  rest: { joined: boolean; canManage: boolean; tasks: GroupTaskView[]; decisions: GroupDecisionView[] },
): WorkingGroupView {
  const people = everyone.filter((p) => p.active);
  return {
    id: group.id,
    name: group.name,
    purpose: group.purpose,
    memberCount: people.length,
    joined: rest.joined,
    members: people.map((p) => p.username),
    convenors: people.filter((p) => p.convenor).map((p) => p.username),
    convenorTerms: Object.fromEntries(
      people.flatMap((p) => (p.convenor && p.convenorUntil !== null ? [[p.username, p.convenorUntil]] : [])),
    ),
    tasks: rest.tasks,
    decisions: rest.decisions,
    canManage: rest.canManage,
    createdAt: group.createdAt.toISOString(),
  };
}
