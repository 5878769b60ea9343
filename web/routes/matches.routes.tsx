import { type Context, Hono } from "hono";
import { WEEKDAYS } from "../../src/matching/availability.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { checked, type FormValues, fieldErrors, numberOrNull, readForm, textOrNull } from "../forms.ts";
import { DashboardPage, SummaryPage } from "../pages/dashboard.tsx";
import { MatchPage } from "../pages/matching.tsx";
import { TasksPage } from "../pages/tasks.tsx";
import { ThanksPage } from "../pages/thanks.tsx";
import { requireCoordinator, requireSignedIn } from "./auth.ts";

/**
 * Matching on the web: proposing and claiming matches, a match's page and its handover,
 * "My tasks" with availability and the calendar feed, the dashboard and the public summary.
 */
export function matchRoutes(services: Services) {
  const app = new Hono<WebEnv>();

  const matchPage = async (c: Context<WebEnv>, id: string, errors: Record<string, string> = {}) => {
    const match = await services.matches.get(c.var.viewer, id);
    const volunteers = match.actions.includes("assign")
      ? (await services.volunteers.volunteers()).map((v) => ({
          username: v.username,
          label: c.var.t("match.volunteerOption", {
            name: v.displayName ?? v.username,
            tasks: v.tasks,
            max: v.availability.maxTasks,
            days: v.availability.weekdays.map((d) => c.var.t(`weekday.${d}`)).join(", ") || c.var.t("match.anyDay"),
          }),
        }))
      : [];
    if (Object.keys(errors).length > 0) c.status(422);
    return c.render(<MatchPage match={match} volunteers={volunteers} errors={errors} />, {
      title: c.var.t("match.summary", { offer: match.offerTitle, request: match.requestTitle }),
    });
  };

  /** Runs a change to a match from a form; a refused field shows the match again with the error beside it. */
  const change = (apply: (c: Context<WebEnv>, id: string, form: FormValues) => Promise<unknown>) => async (c: Context<WebEnv>) => {
    const id = c.req.param("id")!;
    const form = await readForm(c);
    try {
      await apply(c, id, form);
    } catch (error) {
      return matchPage(c, id, fieldErrors(error));
    }
    return c.redirect(`/matches/${id}`, 303);
  };

  app.post(
    "/matches/:id/thanks",
    requireSignedIn,
    change((c, id, form) =>
      services.appreciation.thank(c.var.viewer, id, {
        to: form.to ?? "",
        ...(textOrNull(form.message) === null ? {} : { message: form.message }),
      }),
    ),
  );

  app.get("/thanks", requireSignedIn, async (c) =>
    c.render(
      <ThanksPage
        thanks={await services.appreciation.stream(c.var.viewer)}
        appear={c.var.member.appearInThanks}
        saved={c.req.query("saved") === "1"}
      />,
      { title: c.var.t("thanks.title") },
    ),
  );
  app.post("/thanks/appear", requireSignedIn, async (c) => {
    await services.appreciation.setAppearInThanks(c.var.viewer, checked((await readForm(c)).appear));
    return c.redirect("/thanks?saved=1", 303);
  });

  app.post("/matches", requireSignedIn, async (c) => {
    const form = await readForm(c);
    const back = form.back && /^[0-9a-f-]{36}$/.test(form.back) ? `/posts/${form.back}` : "/tasks";
    try {
      const match = await services.matches.create(c.var.viewer, {
        request: form.request ?? "",
        offer: form.offer ?? "",
        quantity: numberOrNull(form.quantity) as number,
      });
      return c.redirect(`/matches/${match.id}`, 303);
    } catch (error) {
      const errors = fieldErrors(error);
      c.status(422);
      return c.render(
        <div class="alert" role="alert">
          <p>{c.var.t("match.couldNotMatch")}</p>
          <ul>
            {Object.entries(errors).map(([field, message]) => (
              <li>{`${field}: ${message}`}</li>
            ))}
          </ul>
          <p>
            <a href={back}>{c.var.t("match.back")}</a>
          </p>
        </div>,
        { title: c.var.t("match.couldNotMatch") },
      );
    }
  });

  app.get("/matches/:id", requireSignedIn, (c) => matchPage(c, c.req.param("id")));
  app.post(
    "/matches/:id/status",
    requireSignedIn,
    change((c, id, form) => services.matches.setStatus(c.var.viewer, id, form.status ?? "")),
  );
  app.post(
    "/matches/:id/schedule",
    requireSignedIn,
    change((c, id, form) => services.matches.schedule(c.var.viewer, id, form)),
  );
  app.post(
    "/matches/:id/volunteer",
    requireCoordinator,
    change((c, id, form) => services.matches.assign(c.var.viewer, id, textOrNull(form.volunteer))),
  );
  app.post(
    "/matches/:id/open",
    requireCoordinator,
    change((c, id, form) => services.matches.setOpenToVolunteers(c.var.viewer, id, form.open === "true")),
  );
  app.post(
    "/matches/:id/take",
    requireSignedIn,
    change((c, id) => services.matches.assign(c.var.viewer, id, c.var.member.username)),
  );
  app.post("/matches/:id/drop", requireSignedIn, async (c) => {
    // Given back, the match's page may be gone for the volunteer: back to their tasks.
    await services.matches.assign(c.var.viewer, c.req.param("id"), null);
    return c.redirect("/tasks", 303);
  });
  app.post(
    "/matches/:id/no-show",
    requireCoordinator,
    change((c, id, form) => services.matches.recordNoShow(c.var.viewer, id, form.noShow ?? "")),
  );
  app.post(
    "/matches/:id/feedback",
    requireSignedIn,
    change((c, id, form) => services.matches.addFeedback(c.var.viewer, id, { comment: form.comment ?? "" })),
  );

  const tasksPage = async (c: Context<WebEnv>, values: FormValues | null, errors: Record<string, string>, calendarUrl: string | null) => {
    const [tasks, mine] = await Promise.all([services.volunteers.tasks(c.var.viewer), services.matches.list(c.var.viewer, { mine: true })]);
    const own = mine.filter((m) => m.roles.includes("requester") || m.roles.includes("offerer"));
    const groupTasks = await services.groupTasks.mine(c.var.viewer);
    return c.render(
      <TasksPage
        tasks={tasks}
        groupTasks={groupTasks}
        me={c.var.member.username}
        matches={own}
        values={values}
        errors={errors}
        calendarUrl={calendarUrl}
      />,
      { title: c.var.t("tasks.title") },
    );
  };

  app.get("/tasks", requireSignedIn, (c) => tasksPage(c, null, {}, null));

  app.post("/tasks/availability", requireSignedIn, async (c) => {
    const form = await readForm(c);
    try {
      await services.volunteers.setAvailability(c.var.viewer, {
        weekdays: WEEKDAYS.filter((d) => form[`day-${d}`] === "on"),
        note: form.note ?? "",
        maxTasks: numberOrNull(form.maxTasks) ?? 0,
      });
      return c.redirect("/tasks", 303);
    } catch (error) {
      const errors = fieldErrors(error);
      c.status(422);
      return tasksPage(c, form, errors, null);
    }
  });

  app.post("/tasks/calendar", requireSignedIn, async (c) => {
    const url = await services.volunteers.createCalendarFeed(c.var.viewer);
    // The secret is shown once, on this answer; the page after a reload only offers a new one.
    c.header("cache-control", "no-store");
    return tasksPage(c, null, {}, url.href);
  });

  app.post("/tasks/calendar/revoke", requireSignedIn, async (c) => {
    await services.volunteers.revokeCalendarFeed(c.var.viewer);
    return c.redirect("/tasks", 303);
  });

  app.get("/calendar/:file{[A-Za-z0-9_-]+\\.ics}", async (c) => {
    const ics = await services.volunteers.calendar(c.req.param("file").replace(/\.ics$/, ""));
    return c.body(ics, 200, { "content-type": "text/calendar; charset=utf-8", "cache-control": "private, no-store" });
  });

  app.get("/dashboard", requireCoordinator, async (c) =>
    c.render(<DashboardPage dashboard={await services.dashboard.get(c.var.viewer)} />, { title: c.var.t("dashboard.title") }),
  );

  app.get("/summary", async (c) => {
    const summary = await services.dashboard.publicSummary();
    return c.render(<SummaryPage summary={summary} books={await services.ledger.publicTotals()} />, { title: c.var.t("summary.title") });
  });

  return app;
}
