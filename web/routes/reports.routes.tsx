import { type Context, Hono } from "hono";
import { InvalidFieldsError } from "../../src/errors.ts";
import { activeMember } from "../../src/members/viewer.ts";
import type { ReportChange } from "../../src/safety/report.schema.ts";
import type { ReportView } from "../../src/safety/report.service.ts";
import type { Services } from "../../src/services.ts";
import { clientAddressOf } from "../client-address.ts";
import type { WebEnv } from "../env.ts";
import { type FormValues, fieldErrors, readForm, textOrNull } from "../forms.ts";
import { MyBlocksPage, MyReportsPage, ReportFormPage, ReportSentPage, SafetyPage, SafetyReportPage } from "../pages/reports.tsx";
import { requireCoordinator, requireSignedIn } from "./auth.ts";

/** The report form (members, and the public for public posts), "My reports", and the safety team's pages. */
export function reportRoutes(services: Services) {
  const app = new Hono<WebEnv>();

  const reportForm = (c: Context<WebEnv>, type: string, id: string, values: FormValues, errors: Record<string, string>) => {
    if (Object.keys(errors).length > 0) c.status(422);
    return c.render(<ReportFormPage type={type} id={id} values={values} errors={errors} />, { title: c.var.t("report.title") });
  };

  app.get("/report", (c) => reportForm(c, c.req.query("type") ?? "", c.req.query("id") ?? "", {}, {}));

  app.post("/report", async (c) => {
    const form = await readForm(c);
    const type = form.type ?? "";
    const id = form.id ?? "";
    try {
      await services.reports.create(
        c.var.viewer,
        { subject: { type, id }, reason: form.reason, text: textOrNull(form.text) ?? undefined },
        clientAddressOf(c),
      );
    } catch (error) {
      return reportForm(c, type, id, form, fieldErrors(error, c.var.t));
    }
    return c.render(<ReportSentPage signedIn={activeMember(c.var.viewer) !== null} />, { title: c.var.t("report.sentTitle") });
  });

  app.get("/my/reports", requireSignedIn, async (c) =>
    c.render(<MyReportsPage reports={await services.reports.list(c.var.viewer, { mine: true })} />, { title: c.var.t("report.myReports") }),
  );

  app.get("/my/blocks", requireSignedIn, async (c) =>
    c.render(<MyBlocksPage usernames={await services.blocks.list(c.var.viewer)} />, { title: c.var.t("blocks.title") }),
  );
  app.post("/my/blocks", requireSignedIn, async (c) => {
    await services.blocks.block(c.var.viewer, (await readForm(c)).member ?? "");
    return c.redirect("/my/blocks", 303);
  });
  app.post("/my/blocks/:username/delete", requireSignedIn, async (c) => {
    await services.blocks.unblock(c.var.viewer, c.req.param("username"));
    return c.redirect("/my/blocks", 303);
  });

  app.get("/safety", requireCoordinator, async (c) =>
    c.render(<SafetyPage reports={(await services.reports.list(c.var.viewer)) as ReportView[]} />, { title: c.var.t("safety.title") }),
  );

  const reportPage = async (c: Context<WebEnv>, id: string, values: FormValues, errors: Record<string, string>) => {
    const report = (await services.reports.get(c.var.viewer, id)) as ReportView;
    if (Object.keys(errors).length > 0) c.status(422);
    return c.render(<SafetyReportPage report={report} values={values} errors={errors} />, { title: c.var.t("safety.title") });
  };

  app.get("/safety/:id", requireCoordinator, (c) => reportPage(c, c.req.param("id"), {}, {}));

  app.post("/safety/:id", requireCoordinator, async (c) => {
    const id = c.req.param("id");
    const form = await readForm(c);
    try {
      await services.reports.update(c.var.viewer, id, changeFromForm(form));
    } catch (error) {
      return reportPage(c, id, form, fieldErrors(error, c.var.t));
    }
    return c.redirect(`/safety/${id}`, 303);
  });

  return app;
}

/** Each form on a report's page changes one thing, named by its `change` field. */
function changeFromForm(form: FormValues): ReportChange {
  switch (form.change) {
    case "note":
      return { note: form.note ?? "" };
    case "assign":
      return { assignee: textOrNull(form.assignee) };
    case "resolve":
      return { status: "resolved", outcome: (textOrNull(form.outcome) ?? undefined) as ReportChange["outcome"] };
    case "reopen":
      return { status: "open" };
    case "message":
      return { messageToReporter: form.messageToReporter ?? "" };
    default:
      throw new InvalidFieldsError({ change: "use one of the forms on this page" });
  }
}
