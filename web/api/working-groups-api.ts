import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { DECISION_STATUSES } from "../../src/decisions/decision.schema.ts";
import {
  convenorInputSchema,
  groupTaskInputSchema,
  groupTaskUpdateSchema,
  workingGroupInputSchema,
} from "../../src/groups/working-group.schema.ts";
import type { Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import { bearer, errors, IdParam, json } from "./openapi-helpers.ts";

type ApiEnv = { Variables: { viewer: Viewer } };

const WorkingGroupSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  purpose: z.string(),
  memberCount: z.number().int(),
  joined: z.boolean().openapi({ description: "Whether the caller is in the group" }),
});

const GroupTaskSchema = z
  .object({
    id: z.uuid(),
    groupId: z.uuid(),
    group: z.string().openapi({ description: "The group's name" }),
    title: z.string(),
    dueOn: z.string().nullable().openapi({ description: "YYYY-MM-DD" }),
    takenBy: z.string().nullable().openapi({ description: "The username of who took it; null while nobody has" }),
    done: z.boolean(),
  })
  .openapi("GroupTask");

const WorkingGroupSchema = WorkingGroupSummarySchema.extend({
  members: z.array(z.string()).openapi({ description: "Usernames, convenors first" }),
  convenors: z.array(z.string()).openapi({ description: "Usernames" }),
  convenorTerms: z
    .record(z.string(), z.string())
    .openapi({ description: "For convenors named for a term: username → the term's last day (YYYY-MM-DD)" }),
  tasks: z.array(GroupTaskSchema).openapi({ description: "Its tasks not done yet, the soonest due first" }),
  decisions: z.array(
    z.object({ id: z.uuid(), title: z.string(), status: z.enum(DECISION_STATUSES), closesAt: z.string(), outcome: z.string().nullable() }),
  ),
  canManage: z.boolean().openapi({ description: "Whether the caller may name convenors and manage its tasks" }),
  createdAt: z.string(),
}).openapi("WorkingGroup");

const TaskParams = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" } }),
  taskId: z.string().openapi({ param: { name: "taskId", in: "path" } }),
});
const ConvenorParams = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" } }),
  username: z.string().openapi({ param: { name: "username", in: "path" } }),
});

const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

/**
 * Working groups, for members only: createWorkingGroup (coordinators), listWorkingGroups,
 * getWorkingGroup, joinWorkingGroup, leaveWorkingGroup, nameConvenor, unnameConvenor,
 * createGroupTask and updateGroupTask.
 */
export function registerWorkingGroupOperations(app: OpenAPIHono<ApiEnv>, services: Services): void {
  const groupRoute = (method: "post" | "delete", path: string, operationId: string, summary: string) =>
    createRoute({
      method,
      path,
      operationId,
      summary,
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(WorkingGroupSchema, "The group"), ...errors(401, 403, 404, 409) },
    });

  app.openapi(
    createRoute({
      method: "post",
      path: "/working-groups",
      operationId: "createWorkingGroup",
      summary: "Create a working group (coordinators); the one who creates it is its first convenor",
      security: bearer,
      request: { body: body(workingGroupInputSchema) },
      responses: { 201: json(WorkingGroupSchema, "The new group"), ...errors(400, 401, 403, 422) },
    }),
    async (c) => c.json(await services.groups.create(c.var.viewer, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/working-groups",
      operationId: "listWorkingGroups",
      summary: "The network's working groups, by name",
      security: bearer,
      responses: { 200: json(z.array(WorkingGroupSummarySchema), "Working groups"), ...errors(401) },
    }),
    async (c) => c.json(await services.groups.list(c.var.viewer), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/working-groups/{id}",
      operationId: "getWorkingGroup",
      summary: "One working group: its members and convenors (usernames), its open tasks and its decisions",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(WorkingGroupSchema, "The group"), ...errors(401, 404) },
    }),
    async (c) => c.json(await services.groups.get(c.var.viewer, c.req.valid("param").id), 200),
  );

  app.openapi(groupRoute("post", "/working-groups/{id}/join", "joinWorkingGroup", "Join a working group"), async (c) =>
    c.json(await services.groups.join(c.var.viewer, c.req.valid("param").id), 200),
  );

  app.openapi(
    groupRoute("post", "/working-groups/{id}/leave", "leaveWorkingGroup", "Leave a working group (its only convenor names another first)"),
    async (c) => c.json(await services.groups.leave(c.var.viewer, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/working-groups/{id}/convenors",
      operationId: "nameConvenor",
      summary:
        "Name a convenor of the group (its convenors and coordinators), optionally until a day (`until`, YYYY-MM-DD); they join the " +
        "group if not in it. Naming a convenor again sets their term anew.",
      security: bearer,
      request: { params: IdParam, body: body(convenorInputSchema) },
      responses: { 200: json(WorkingGroupSchema, "The group"), ...errors(400, 401, 403, 404, 422) },
    }),
    async (c) => c.json(await services.groups.nameConvenor(c.var.viewer, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/working-groups/{id}/convenors/{username}",
      operationId: "unnameConvenor",
      summary: "Stop someone convening the group (they stay in it); a group keeps at least one convenor",
      security: bearer,
      request: { params: ConvenorParams },
      responses: { 200: json(WorkingGroupSchema, "The group"), ...errors(401, 403, 404, 409) },
    }),
    async (c) => {
      const { id, username } = c.req.valid("param");
      return c.json(await services.groups.unnameConvenor(c.var.viewer, id, username), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/working-groups/{id}/tasks",
      operationId: "createGroupTask",
      summary: "Add a task to the group (its members, convenors and coordinators)",
      security: bearer,
      request: { params: IdParam, body: body(groupTaskInputSchema) },
      responses: { 201: json(GroupTaskSchema, "The new task"), ...errors(400, 401, 403, 404, 422) },
    }),
    async (c) => c.json(await services.groupTasks.create(c.var.viewer, c.req.valid("param").id, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/working-groups/{id}/tasks/{taskId}",
      operationId: "updateGroupTask",
      summary:
        "take (a member of the group, while nobody has it), release (who took it, or a convenor) or done (who took it, any member " +
        "while nobody has it, or a convenor)",
      security: bearer,
      request: { params: TaskParams, body: body(groupTaskUpdateSchema) },
      responses: { 200: json(GroupTaskSchema, "The task"), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { id, taskId } = c.req.valid("param");
      return c.json(await services.groupTasks.update(c.var.viewer, id, taskId, c.req.valid("json")), 200);
    },
  );
}
