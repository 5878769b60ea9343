import { z } from "zod";
import { typedText } from "../validation.ts";

export const MAX_PURPOSE = 2_000;

/** createWorkingGroup: a name the network knows it by, and what the group looks after. */
export const workingGroupInputSchema = z.object({
  name: typedText({ min: 3, max: 80 }),
  purpose: typedText({ min: 1, max: MAX_PURPOSE, multiline: true, minError: "say what the group looks after" }),
});
export type WorkingGroupInput = z.input<typeof workingGroupInputSchema>;

/** nameConvenor: the member to name, by username, and optionally the last day of their term (naming again renews it). */
export const convenorInputSchema = z.object({
  username: z.string({ error: "name the member by username" }).trim().min(1, { error: "name the member by username" }).max(100),
  until: z.string().max(20).optional(),
});

/** createGroupTask: what to do, and by when if it matters. */
export const groupTaskInputSchema = z.object({
  title: typedText({ min: 3, max: 200 }),
  dueOn: z.iso.date({ error: "use a date as YYYY-MM-DD" }).optional(),
});
export type GroupTaskInput = z.input<typeof groupTaskInputSchema>;

export const GROUP_TASK_ACTIONS = ["take", "release", "done"] as const;
export type GroupTaskAction = (typeof GROUP_TASK_ACTIONS)[number];

/** updateGroupTask: take it, give it back, or mark it done. */
export const groupTaskUpdateSchema = z.object({
  action: z.enum(GROUP_TASK_ACTIONS, { error: `use one of: ${GROUP_TASK_ACTIONS.join(", ")}` }),
});
export type GroupTaskUpdate = z.input<typeof groupTaskUpdateSchema>;
