import { type Context, Hono } from "hono";
import { ConflictError } from "../../src/errors.ts";
import { isCoordinator } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { type FormValues, fieldErrors, readForm, textOrNull } from "../forms.ts";
import { GroupPage, GroupsPage } from "../pages/groups.tsx";
import { problemText } from "../problem-text.ts";
import { requireSignedIn } from "./auth.ts";

/** Working groups, for members only: the list (and creating one), a group's page, joining, leaving, convenors and tasks. */
export function groupRoutes(services: Services) {
  const app = new Hono<WebEnv>();
  app.use("/groups", requireSignedIn);
  app.use("/groups/*", requireSignedIn);

  const listPage = async (c: Context<WebEnv>, values: FormValues, errors: Record<string, string>) => {
    if (Object.keys(errors).length > 0) c.status(422);
    return c.render(
      <GroupsPage
        groups={await services.groups.list(c.var.viewer)}
        canCreate={isCoordinator(c.var.viewer)}
        values={values}
        errors={errors}
      />,
      { title: c.var.t("groups.title") },
    );
  };
  app.get("/groups", (c) => listPage(c, {}, {}));
  app.post("/groups", async (c) => {
    const form = await readForm(c);
    try {
      const group = await services.groups.create(c.var.viewer, { name: form.name ?? "", purpose: form.purpose ?? "" });
      return c.redirect(`/groups/${group.id}`, 303);
    } catch (error) {
      return listPage(c, form, fieldErrors(error, c.var.t));
    }
  });

  const groupPage = async (c: Context<WebEnv>, id: string, values: FormValues, errors: Record<string, string>) => {
    const group = await services.groups.get(c.var.viewer, id);
    if (Object.keys(errors).length > 0) c.status(errors.group === undefined ? 422 : 409);
    return c.render(<GroupPage group={group} me={c.var.member.username} values={values} errors={errors} />, { title: group.name });
  };
  app.get("/groups/:id", (c) => groupPage(c, c.req.param("id"), {}, {}));

  /** A change on the group's page: back to it, or the page again with what went wrong (a conflict under `group`). */
  const change = (act: (c: Context<WebEnv>, id: string, form: FormValues) => Promise<unknown>) => async (c: Context<WebEnv>) => {
    const id = c.req.param("id")!;
    const form = await readForm(c);
    try {
      await act(c, id, form);
    } catch (error) {
      if (error instanceof ConflictError) return groupPage(c, id, form, { group: problemText(c.var.t, error.message) });
      return groupPage(c, id, form, fieldErrors(error, c.var.t));
    }
    return c.redirect(form.back === "tasks" ? "/tasks" : `/groups/${id}`, 303);
  };

  app.post(
    "/groups/:id/join",
    change((c, id) => services.groups.join(c.var.viewer, id)),
  );
  app.post(
    "/groups/:id/leave",
    change((c, id) => services.groups.leave(c.var.viewer, id)),
  );
  app.post(
    "/groups/:id/convenors",
    change((c, id, form) => services.groups.nameConvenor(c.var.viewer, id, { username: form.username ?? "", until: form.until ?? "" })),
  );
  app.post(
    "/groups/:id/convenors/:username/unname",
    change((c, id) => services.groups.unnameConvenor(c.var.viewer, id, c.req.param("username") ?? "")),
  );
  app.post(
    "/groups/:id/tasks",
    change((c, id, form) =>
      services.groupTasks.create(c.var.viewer, id, {
        title: form.title ?? "",
        ...(textOrNull(form.dueOn) === null ? {} : { dueOn: form.dueOn }),
      }),
    ),
  );
  app.post(
    "/groups/:id/tasks/:taskId",
    change((c, id, form) => services.groupTasks.update(c.var.viewer, id, c.req.param("taskId") ?? "", { action: form.action ?? "" })),
  );

  return app;
}
