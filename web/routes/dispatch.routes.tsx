import { Hono } from "hono";
import type { ServiceArea } from "../../src/areas/service-area.service.ts";
import { InvalidFieldsError } from "../../src/errors.ts";
import type { Services } from "../../src/services.ts";
import type { ConversationDetail } from "../../src/sms/dispatcher.service.ts";
import type { WebEnv } from "../env.ts";
import { type FormValues, fieldErrors, readForm } from "../forms.ts";
import { LANGUAGES } from "../i18n.ts";
import { ConversationPage, DispatchPage } from "../pages/dispatch.tsx";
import { PostFormPage } from "../pages/post-form.tsx";
import { toPostInput } from "../post-form-values.ts";
import { requireCoordinator } from "./auth.ts";

/** The dispatcher queue for coordinators: the list, a thread, answering by SMS or e-mail, and entering a post. */
export function dispatchRoutes(services: Services) {
  const app = new Hono<WebEnv>();
  app.get("/dispatch", requireCoordinator, async (c) =>
    c.render(<DispatchPage conversations={await services.dispatcher.list(c.var.member)} />, { title: c.var.t("dispatch.title") }),
  );
  app.get("/dispatch/:id", requireCoordinator, async (c) =>
    c.render(<ConversationPage conversation={await services.dispatcher.get(c.var.member, c.req.param("id"))} errors={{}} />, {
      title: c.var.t("dispatch.thread"),
    }),
  );
  app.post("/dispatch/:id/reply", requireCoordinator, async (c) => {
    const id = c.req.param("id");
    const body = await c.req.parseBody();
    try {
      await services.dispatcher.reply(c.var.member, id, typeof body.body === "string" ? body.body : "");
    } catch (error) {
      if (!(error instanceof InvalidFieldsError)) throw error;
      c.status(422);
      return c.render(<ConversationPage conversation={await services.dispatcher.get(c.var.member, id)} errors={error.fields} />, {
        title: c.var.t("dispatch.thread"),
      });
    }
    return c.redirect(`/dispatch/${id}`, 303);
  });
  // Entering a post for the person: the ordinary post form, started from what the grammar
  // read and what they wrote; their number or address becomes the post's private contact.
  app.get("/dispatch/:id/post", requireCoordinator, async (c) => {
    const conversation = await services.dispatcher.get(c.var.member, c.req.param("id"));
    const areas = await services.areas.list();
    return c.render(
      <PostFormPage
        values={startingValues(conversation, areas, c.var.language)}
        errors={{}}
        areas={areas}
        action={c.req.path}
        editing={false}
      />,
      { title: c.var.t("postForm.newTitle") },
    );
  });
  app.post("/dispatch/:id/post", requireCoordinator, async (c) => {
    const values = await readForm(c);
    try {
      const { onBehalfOfSomeoneElse: _, ...fields } = toPostInput(values);
      const post = await services.dispatcher.convert(c.var.member, c.req.param("id"), fields);
      return c.redirect(`/posts/${post.id}`, 303);
    } catch (error) {
      c.status(422);
      const [areas, errors] = [await services.areas.list(), fieldErrors(error, c.var.t)];
      return c.render(<PostFormPage values={values} errors={errors} areas={areas} action={c.req.path} editing={false} />, {
        title: c.var.t("postForm.newTitle"),
      });
    }
  });
  return app;
}

/** The post form's first values for a conversation: the draft, their last words, and how to reach them. */
function startingValues(conversation: ConversationDetail, areas: ServiceArea[], language: string): FormValues {
  const draft = conversation.draft ?? {};
  const reachedBy: FormValues = conversation.address.startsWith("+")
    ? { contactPhone: conversation.address }
    : { contactEmail: conversation.address };
  return {
    kind: draft.kind ?? "request",
    category: draft.category ?? "",
    quantity: draft.quantity === undefined ? "" : String(draft.quantity),
    area: areas.find((a) => a.id === draft.areaId)?.name ?? "",
    title: (conversation.subject ?? "").slice(0, 120),
    details: conversation.lastMessage.slice(0, 4000),
    urgency: "normal",
    visibility: "public",
    // A conversation in another language than English was read in it; English may be only the default.
    language: conversation.language !== "en" && conversation.language in LANGUAGES ? conversation.language : language,
    onBehalf: "on",
    ...reachedBy,
  };
}
