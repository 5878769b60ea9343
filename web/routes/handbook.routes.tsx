import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { ForbiddenError } from "../../src/errors.ts";
import { mayEdit } from "../../src/handbook/handbook.rules.ts";
import type { SavePageInput } from "../../src/handbook/handbook.schema.ts";
import { diffText } from "../../src/handbook/page-diff.ts";
import { StaleRevisionError } from "../../src/handbook/page-writer.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { type FormValues, fieldErrors, numberOrNull, readForm, textOrNull } from "../forms.ts";
import { type CurrentText, HandbookIndexPage, HandbookPageView, PageFormPage } from "../pages/handbook.tsx";
import { DiffPage, HistoryPage, RevisionPage } from "../pages/handbook-history.tsx";
import { ProposalPage, ProposalsPage, ProposeFormPage } from "../pages/handbook-proposals.tsx";
import { requireCoordinator, requireSignedIn } from "./auth.ts";

/**
 * The handbook's pages: reading (anyone, as each page's visibility allows), writing
 * (coordinators), history, differences and restores, and proposed edits (members propose,
 * coordinators decide). The handbook's own addresses come before /handbook/:slug.
 */
export function handbookRoutes(services: Services) {
  const app = new Hono<WebEnv>();
  const { handbook, handbookProposals: proposals } = services;
  // Coordinators, admins and working groups' convenors write pages.
  const requireEditor = createMiddleware<WebEnv>(async (c, next) => {
    if (!(await handbook.mayEdit(c.var.viewer))) throw new ForbiddenError(c.var.t("handbook.editorsOnly"));
    await next();
  });

  app.get("/handbook", async (c) => {
    const query = c.req.query("q")?.slice(0, 500) ?? "";
    const pages = await handbook.list(c.var.viewer, query);
    return c.render(<HandbookIndexPage pages={pages} query={query} canEdit={await handbook.mayEdit(c.var.viewer)} />, {
      title: c.var.t("handbook.title"),
    });
  });

  const pageForm = (
    c: Context<WebEnv>,
    values: FormValues,
    errors: Record<string, string>,
    isNew: boolean,
    current: CurrentText | null,
  ) => {
    if (current !== null) c.status(409);
    else if (Object.keys(errors).length > 0) c.status(422);
    return c.render(<PageFormPage values={values} errors={errors} isNew={isNew} current={current} />, {
      title: isNew ? c.var.t("handbook.newPage") : c.var.t("handbook.editTitle", { title: values.title ?? "" }),
    });
  };
  app.get("/handbook/new", requireEditor, (c) => pageForm(c, {}, {}, true, null));

  app.post("/handbook", requireEditor, async (c) => {
    const form = await readForm(c);
    const isNew = textOrNull(form.baseRevision) === null;
    try {
      const page = await handbook.save(c.var.viewer, pageFromForm(form));
      return c.redirect(`/handbook/${page.slug}?saved=1`, 303);
    } catch (error) {
      if (error instanceof StaleRevisionError) {
        // Both texts on one page: the writer's stays in the form, now from the current revision.
        const current = error.current;
        const values = { ...form, baseRevision: current === null ? "" : String(current.revision) };
        return pageForm(c, values, {}, current === null, current);
      }
      return pageForm(c, form, fieldErrors(error, c.var.t), isNew, null);
    }
  });

  app.get("/handbook/proposals", requireSignedIn, async (c) =>
    c.render(<ProposalsPage proposals={await proposals.list(c.var.viewer)} forCoordinators={mayEdit(c.var.viewer)} />, {
      title: c.var.t("handbook.proposals.title"),
    }),
  );

  app.get("/handbook/proposals/:id", requireSignedIn, async (c) => {
    const proposal = await proposals.get(c.var.viewer, c.req.param("id"));
    const page = await handbook.get(c.var.viewer, proposal.slug);
    return c.render(<ProposalPage proposal={proposal} changes={diffText(page.body, proposal.body)} canDecide={mayEdit(c.var.viewer)} />, {
      title: c.var.t("handbook.proposals.titleOf", { title: proposal.pageTitle }),
    });
  });

  for (const decision of ["accept", "decline"] as const) {
    app.post(`/handbook/proposals/:id/${decision}`, requireCoordinator, async (c) => {
      const proposal = await proposals[decision](c.var.viewer, c.req.param("id"));
      return c.redirect(decision === "accept" ? `/handbook/${proposal.slug}?saved=1` : "/handbook/proposals", 303);
    });
  }

  app.get("/handbook/:slug", async (c) => {
    const page = await handbook.get(c.var.viewer, c.req.param("slug"));
    return c.render(<HandbookPageView page={page} saved={c.req.query("saved") === "1"} />, { title: page.title });
  });

  app.get("/handbook/:slug/edit", requireEditor, async (c) => {
    const page = await handbook.get(c.var.viewer, c.req.param("slug"));
    const values = {
      slug: page.slug,
      title: page.title,
      body: page.body,
      visibility: page.visibility,
      baseRevision: String(page.revision),
    };
    return pageForm(c, values, {}, false, null);
  });

  app.get("/handbook/:slug/history", async (c) => {
    const slug = c.req.param("slug");
    const page = await handbook.get(c.var.viewer, slug);
    return c.render(<HistoryPage page={page} revisions={await handbook.revisions(c.var.viewer, slug)} />, {
      title: c.var.t("handbook.history.titleOf", { title: page.title }),
    });
  });

  app.get("/handbook/:slug/diff", async (c) => {
    const slug = c.req.param("slug");
    const page = await handbook.get(c.var.viewer, slug);
    const diff = await handbook.diff(c.var.viewer, slug, Number(c.req.query("from")), Number(c.req.query("to")));
    return c.render(<DiffPage page={page} diff={diff} />, {
      title: c.var.t("handbook.diff.title", { from: diff.from.revision, to: diff.to.revision }),
    });
  });

  app.get("/handbook/:slug/revisions/:revision", async (c) => {
    const slug = c.req.param("slug");
    const page = await handbook.get(c.var.viewer, slug);
    const revision = await handbook.revision(c.var.viewer, slug, Number(c.req.param("revision")));
    return c.render(<RevisionPage page={page} revision={revision} />, {
      title: c.var.t("handbook.revisionOf", { title: revision.title, revision: revision.revision }),
    });
  });

  app.post("/handbook/:slug/revisions/:revision/restore", requireEditor, async (c) => {
    const form = await readForm(c);
    const baseRevision = numberOrNull(form.baseRevision);
    const page = await handbook.restore(c.var.viewer, c.req.param("slug"), Number(c.req.param("revision")), {
      ...(baseRevision === null ? {} : { baseRevision }),
    });
    return c.redirect(`/handbook/${page.slug}?saved=1`, 303);
  });

  const proposeForm = async (c: Context<WebEnv>, values: FormValues, errors: Record<string, string>) => {
    const page = await handbook.get(c.var.viewer, c.req.param("slug") ?? "");
    if (Object.keys(errors).length > 0) c.status(422);
    return c.render(<ProposeFormPage page={page} values={values} errors={errors} />, {
      title: c.var.t("handbook.propose.titleOf", { title: page.title }),
    });
  };
  app.get("/handbook/:slug/propose", requireSignedIn, (c) => proposeForm(c, {}, {}));
  app.post("/handbook/:slug/propose", requireSignedIn, async (c) => {
    const form = await readForm(c);
    try {
      const proposal = await proposals.propose(c.var.viewer, c.req.param("slug"), {
        title: form.title ?? "",
        body: form.body ?? "",
        baseRevision: numberOrNull(form.baseRevision) ?? "",
        ...(textOrNull(form.note) === null ? {} : { note: form.note }),
      });
      return c.redirect(`/handbook/proposals/${proposal.id}`, 303);
    } catch (error) {
      return proposeForm(c, form, fieldErrors(error, c.var.t));
    }
  });

  return app;
}

/** The page form's fields as savePage takes them: no base revision for a new page, no note if none was written. */
function pageFromForm(form: FormValues): SavePageInput | Record<string, unknown> {
  const baseRevision = numberOrNull(form.baseRevision);
  return {
    slug: form.slug ?? "",
    title: form.title ?? "",
    body: form.body ?? "",
    visibility: form.visibility ?? "",
    ...(baseRevision === null ? {} : { baseRevision }),
    ...(textOrNull(form.note) === null ? {} : { note: form.note }),
  };
}
