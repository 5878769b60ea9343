import { type Context, Hono } from "hono";
import type { CloseDecisionInput, DecisionInput, VoteBody } from "../../src/decisions/decision.schema.ts";
import type { DecisionView } from "../../src/decisions/decision.view.ts";
import { InvalidFieldsError } from "../../src/errors.ts";
import { isCoordinator } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { checked, type FormValues, fieldErrors, numberOrNull, readForm, textOrNull } from "../forms.ts";
import { DecisionPage } from "../pages/decision.tsx";
import { DecisionLogPage, DecisionsPage, NewDecisionPage } from "../pages/decisions.tsx";
import { requireSignedIn } from "./auth.ts";

/** Deciding together, for members only: the list, starting one, voting, closing, and the decisions log. */
export function decisionRoutes(services: Services) {
  const app = new Hono<WebEnv>();
  app.use("/decisions", requireSignedIn);
  app.use("/decisions/*", requireSignedIn);

  app.get("/decisions", async (c) =>
    c.render(<DecisionsPage decisions={await services.decisions.list(c.var.viewer)} />, { title: c.var.t("decisions.title") }),
  );

  app.get("/decisions/log", async (c) =>
    c.render(<DecisionLogPage decisions={await services.decisions.outcomes(c.var.viewer)} />, { title: c.var.t("decisions.log.title") }),
  );

  const newForm = async (c: Context<WebEnv>, values: FormValues, errors: Record<string, string>) => {
    if (Object.keys(errors).length > 0) c.status(422);
    const groups = (await services.groups.list(c.var.viewer)).filter((g) => g.joined || isCoordinator(c.var.viewer));
    return c.render(<NewDecisionPage values={values} errors={errors} groups={groups} />, { title: c.var.t("decisions.new.title") });
  };
  // `?group=` (from a working group's page) chooses that group to decide.
  app.get("/decisions/new", (c) => newForm(c, { workingGroupId: c.req.query("group") ?? "" }, {}));
  app.post("/decisions", async (c) => {
    const form = await readForm(c);
    let decision: DecisionView;
    try {
      decision = await services.decisions.create(c.var.viewer, decisionFromForm(form));
    } catch (error) {
      const errors = fieldErrors(error);
      // The form asks for a percentage; the API's message speaks of a share.
      if (errors.quorum !== undefined) errors.quorum = c.var.t("decisions.new.quorumError");
      return newForm(c, form, errors);
    }
    return c.redirect(`/decisions/${decision.id}`, 303);
  });

  const decisionPage = async (c: Context<WebEnv>, id: string, values: FormValues, errors: Record<string, string>) => {
    const decision = await services.decisions.get(c.var.viewer, id);
    if (Object.keys(errors).length > 0) c.status(422);
    return c.render(<DecisionPage decision={decision} values={values} errors={errors} saved={c.req.query("voted") === "1"} />, {
      title: decision.title,
    });
  };
  app.get("/decisions/:id", (c) => decisionPage(c, c.req.param("id"), {}, {}));

  app.post("/decisions/:id/vote", async (c) => {
    const id = c.req.param("id");
    const form = await readForm(c);
    try {
      const decision = await services.decisions.get(c.var.viewer, id);
      await services.decisions.vote(c.var.viewer, id, voteFromForm(decision, form));
    } catch (error) {
      return decisionPage(c, id, form, fieldErrors(error));
    }
    return c.redirect(`/decisions/${id}?voted=1`, 303);
  });

  app.post("/decisions/:id/close", async (c) => {
    const id = c.req.param("id");
    const form = await readForm(c);
    const input: CloseDecisionInput = {};
    if (textOrNull(form.outcome) !== null) input.outcome = form.outcome;
    if (textOrNull(form.reviewOn) !== null) input.reviewOn = form.reviewOn;
    try {
      await services.decisions.close(c.var.viewer, id, input);
    } catch (error) {
      return decisionPage(c, id, form, fieldErrors(error));
    }
    return c.redirect(`/decisions/${id}`, 303);
  });

  return app;
}

/** The new-decision form's fields as createDecision takes them: options one per line, the quorum as a percentage. */
function decisionFromForm(form: FormValues): DecisionInput | Record<string, unknown> {
  const options = (form.options ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const quorum = numberOrNull(form.quorum);
  return {
    title: form.title ?? "",
    body: form.body ?? "",
    process: form.process ?? "",
    ...(options.length > 0 ? { options } : {}),
    anyOf: checked(form.anyOf) && form.process === "poll",
    closesAt: form.closesAt ?? "",
    ...(quorum === null ? {} : { quorum: typeof quorum === "number" ? quorum / 100 : quorum }),
    hideResults: form.hideResults ?? "never",
    anonymous: checked(form.anonymous),
    ...(textOrNull(form.workingGroupId) === null ? {} : { workingGroupId: form.workingGroupId }),
  };
}

/** The vote form's fields as castVote takes them, per process (ranks and per-time answers are one field each). */
function voteFromForm(decision: DecisionView, form: FormValues): VoteBody {
  const reason = textOrNull(form.reason) ?? undefined;
  switch (decision.process) {
    case "ranked": {
      const ranked = decision.options
        .map((option, index) => ({ option, rank: Number(form[`rank-${index}`] ?? "") }))
        .filter(({ rank }) => rank > 0)
        .sort((a, b) => a.rank - b.rank);
      if (new Set(ranked.map((r) => r.rank)).size !== ranked.length) {
        throw new InvalidFieldsError({ ranking: "give each option a different place" });
      }
      return { ranking: ranked.map((r) => r.option), reason };
    }
    case "meeting_time":
      return {
        choices: Object.fromEntries(
          decision.options.flatMap((time, index) => (form[`time-${index}`] ? [[time, form[`time-${index}`]!]] : [])),
        ),
        reason,
      };
    case "poll":
      if (decision.anyOf) return { choices: decision.options.filter((_, index) => checked(form[`option-${index}`])), reason };
      return { choice: textOrNull(form.choice) ?? undefined, reason };
    default:
      return { choice: textOrNull(form.choice) ?? undefined, reason };
  }
}
