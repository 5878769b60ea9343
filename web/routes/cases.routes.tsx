import { type Context, Hono } from "hono";
import { InvalidFieldsError } from "../../src/errors.ts";
import { isCoordinator } from "../../src/members/viewer.ts";
import type { CaseChange } from "../../src/safety/case.schema.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { type FormValues, fieldErrors, readForm, textOrNull } from "../forms.ts";
import { CasePage, CasesPage } from "../pages/cases.tsx";
import { requireCoordinator, requireSignedIn } from "./auth.ts";

/** Cases: the team's list and form (/safety/cases), one case (/cases/ID), and a member's own (/my/cases). */
export function caseRoutes(services: Services) {
  const app = new Hono<WebEnv>();

  const listPage = async (c: Context<WebEnv>, values: FormValues, errors: Record<string, string>) => {
    if (Object.keys(errors).length > 0) c.status(422);
    return c.render(<CasesPage cases={await services.cases.list(c.var.viewer)} team values={values} errors={errors} />, {
      title: c.var.t("cases.title"),
    });
  };

  app.get("/safety/cases", requireCoordinator, (c) => listPage(c, { reports: c.req.query("report") ?? "" }, {}));

  app.post("/safety/cases", requireCoordinator, async (c) => {
    const form = await readForm(c);
    const words = (text: string | undefined) => (text ?? "").split(/[\s,]+/).filter((w) => w !== "");
    try {
      const opened = await services.cases.create(c.var.viewer, {
        title: form.title ?? "",
        participants: words(form.participants).map((u) => u.replace(/^@/, "")),
        mediator: textOrNull(form.mediator)?.trim().replace(/^@/, "") ?? undefined,
        reports: words(form.reports),
        note: textOrNull(form.note) ?? undefined,
      });
      return c.redirect(`/cases/${opened.id}`, 303);
    } catch (error) {
      return listPage(c, form, renameFields(fieldErrors(error, c.var.t)));
    }
  });

  app.get("/my/cases", requireSignedIn, async (c) =>
    c.render(<CasesPage cases={await services.cases.list(c.var.viewer)} team={false} values={{}} errors={{}} />, {
      title: c.var.t("cases.mine"),
    }),
  );

  const casePage = async (c: Context<WebEnv>, id: string, values: FormValues, errors: Record<string, string>) => {
    const item = await services.cases.get(c.var.viewer, id);
    if (Object.keys(errors).length > 0) c.status(422);
    return c.render(<CasePage item={item} team={isCoordinator(c.var.viewer)} values={values} errors={errors} />, {
      title: c.var.t("cases.title"),
    });
  };

  app.get("/cases/:id", requireSignedIn, (c) => casePage(c, c.req.param("id"), {}, {}));

  app.post("/cases/:id", requireSignedIn, async (c) => {
    const id = c.req.param("id");
    const form = await readForm(c);
    try {
      await services.cases.update(c.var.viewer, id, changeFromForm(form));
    } catch (error) {
      return casePage(c, id, form, fieldErrors(error, c.var.t));
    }
    return c.redirect(`/cases/${id}`, 303);
  });

  app.post("/cases/:id/restrictions", requireCoordinator, async (c) => {
    const id = c.req.param("id");
    const form = await readForm(c);
    try {
      await services.cases.restrict(c.var.viewer, id, { member: form.member ?? "", kind: form.kind ?? "", until: form.until ?? "" });
    } catch (error) {
      return casePage(c, id, form, fieldErrors(error, c.var.t));
    }
    return c.redirect(`/cases/${id}`, 303);
  });

  app.post("/cases/:id/restrictions/:restriction/delete", requireCoordinator, async (c) => {
    await services.cases.lift(c.var.viewer, c.req.param("id"), c.req.param("restriction"));
    return c.redirect(`/cases/${c.req.param("id")}`, 303);
  });

  return app;
}

/** Errors on list items (`participants.0`) belong to the field that holds the list. */
function renameFields(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field.replace(/\.\d+$/, ""), message]));
}

/** Each form on a case's page changes one thing, named by its `change` field. */
function changeFromForm(form: FormValues): CaseChange {
  switch (form.change) {
    case "note":
      return { note: form.note ?? "" };
    case "step":
      return { step: { text: form.stepText ?? "", dueDate: textOrNull(form.dueDate) ?? undefined } };
    case "stepDone":
      return { stepDone: form.stepDone ?? "" };
    case "close":
      return { status: "closed", summary: textOrNull(form.summary) ?? undefined };
    case "reopen":
      return { status: "open" };
    default:
      throw new InvalidFieldsError({ change: "use one of the forms on this page" });
  }
}
