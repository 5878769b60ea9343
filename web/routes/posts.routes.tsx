import { Hono } from "hono";
import { ForbiddenError, InvalidFieldsError } from "../../src/errors.ts";
import { activeMember, isCoordinator, type Viewer } from "../../src/members/viewer.ts";
import type { PostEditInput } from "../../src/posts/post.schema.ts";
import type { PostView } from "../../src/posts/post.view.ts";
import type { Services } from "../../src/services.ts";
import { clientAddressOf } from "../client-address.ts";
import type { WebEnv } from "../env.ts";
import { checked, type FormValues, fieldErrors, readForm } from "../forms.ts";
import { HelpOfferForm, HelpOfferThanks } from "../pages/help-offer.tsx";
import type { MatchingPanel } from "../pages/matching.tsx";
import { MyPostsPage } from "../pages/my-posts.tsx";
import { PostPage } from "../pages/post.tsx";
import { PostFormPage } from "../pages/post-form.tsx";
import { toFormValues, toPostInput } from "../post-form-values.ts";
import { requireCoordinator, requireSignedIn } from "./auth.ts";

/**
 * What the post page shows about matching: coordinators get duplicates, suggestions and the
 * post's matches; in peer-to-peer mode, an author gets suggestions for their own post, and
 * other members a form to claim it with one of their own posts.
 */
async function matchingPanel(services: Services, viewer: Viewer, post: PostView, peerToPeer: boolean): Promise<MatchingPanel | null> {
  const member = activeMember(viewer);
  if (member === null) return null;
  const coordinator = isCoordinator(member);
  const open = post.status === "open" || post.status === "partially_matched";
  const suggests = open && (coordinator || (peerToPeer && post.mine));
  const claimWith =
    open && peerToPeer && !post.mine
      ? (await services.posts.listMine(viewer)).items.filter(
          (p) => p.kind !== post.kind && p.category === post.category && (p.status === "open" || p.status === "partially_matched"),
        )
      : [];
  const matches = coordinator || post.mine ? await services.matches.list(viewer, { post: post.id }) : [];
  return {
    suggestions: suggests ? await services.suggestions.suggest(viewer, post.id) : null,
    matches,
    duplicates: coordinator ? await services.duplicates.check(viewer, post.id) : [],
    claimWith,
  };
}

/** Posting, reading, editing and closing offers and requests. */
export function postRoutes(services: Services) {
  const app = new Hono<WebEnv>();

  app.get("/posts/new", requireSignedIn, async (c) => {
    const areas = await services.areas.list();
    const values: FormValues = { language: c.var.language, urgency: "normal", visibility: "public" };
    return c.render(<PostFormPage values={values} errors={{}} areas={areas} action="/posts" editing={false} />, {
      title: c.var.t("postForm.newTitle"),
    });
  });

  app.post("/posts", requireSignedIn, async (c) => {
    const values = await readForm(c);
    try {
      const post = await services.posts.create(c.var.viewer, toPostInput(values));
      return c.redirect(`/posts/${post.id}`, 303);
    } catch (error) {
      const errors = fieldErrors(error, c.var.t);
      c.status(422);
      return c.render(
        <PostFormPage values={values} errors={errors} areas={await services.areas.list()} action="/posts" editing={false} />,
        { title: c.var.t("postForm.newTitle") },
      );
    }
  });

  app.get("/posts/:id", async (c) => {
    const post = await services.posts.get(c.var.viewer, c.req.param("id"));
    const responses = isCoordinator(c.var.viewer) ? await services.responses.listForPost(c.var.viewer, post.id) : null;
    return c.render(
      <PostPage
        post={post}
        responses={responses}
        matching={await matchingPanel(services, c.var.viewer, post, c.var.profile.peerToPeerClaims)}
      />,
      {
        title: post.title,
      },
    );
  });

  for (const action of ["hide", "restore"] as const) {
    app.post(`/posts/:id/${action}`, requireCoordinator, async (c) => {
      const post = await services.posts[action](c.var.viewer, c.req.param("id"));
      return c.redirect(`/posts/${post.id}`, 303);
    });
  }
  // "I can help" from a visitor without an account: into the dispatcher queue, never onto the page.
  app.post("/posts/:id/help", async (c) => {
    const body = await c.req.parseBody();
    const values = {
      message: typeof body.message === "string" ? body.message : "",
      contact: typeof body.contact === "string" ? body.contact : "",
    };
    try {
      await services.dispatcher.offerHelp(c.req.param("id"), { ...values, language: c.var.language }, clientAddressOf(c));
    } catch (error) {
      if (!(error instanceof InvalidFieldsError)) throw error;
      const post = await services.posts.get(null, c.req.param("id"));
      c.status(422);
      return c.render(<HelpOfferForm post={post} values={values} errors={error.fields} />, { title: post.title });
    }
    return c.render(<HelpOfferThanks />, { title: c.var.t("helpOffer.thanksTitle") });
  });

  app.post("/posts/:id/delete", requireSignedIn, async (c) => {
    await services.posts.delete(c.var.viewer, c.req.param("id"));
    return c.redirect("/my/posts", 303);
  });

  app.get("/posts/:id/edit", requireSignedIn, async (c) => {
    const post = await services.posts.get(c.var.viewer, c.req.param("id"));
    if (!post.canEdit) throw new ForbiddenError(c.var.t("errors.notYours"));
    return c.render(
      <PostFormPage values={toFormValues(post)} errors={{}} areas={await services.areas.list()} action={`/posts/${post.id}`} editing />,
      { title: c.var.t("postForm.editTitle") },
    );
  });

  app.post("/posts/:id", requireSignedIn, async (c) => {
    const values = await readForm(c);
    const id = c.req.param("id");
    try {
      const { onBehalfOfSomeoneElse: _, ...change } = toPostInput(values);
      await services.posts.update(c.var.viewer, id, change);
      return c.redirect(`/posts/${id}`, 303);
    } catch (error) {
      const errors = fieldErrors(error, c.var.t);
      c.status(422);
      return c.render(
        <PostFormPage values={values} errors={errors} areas={await services.areas.list()} action={`/posts/${id}`} editing />,
        { title: c.var.t("postForm.editTitle") },
      );
    }
  });

  /** Withdraw, fulfil, reopen or renew ("still needed"). */
  app.post("/posts/:id/status", requireSignedIn, async (c) => {
    const values = await readForm(c);
    const id = c.req.param("id");
    const change: PostEditInput = checked(values.renew) ? { renew: true } : { status: values.status as PostEditInput["status"] };
    await services.posts.update(c.var.viewer, id, change);
    return c.redirect(values.back === "mine" ? "/my/posts" : `/posts/${id}`, 303);
  });

  app.get("/my/posts", requireSignedIn, async (c) => {
    const page = await services.posts.listMine(c.var.viewer);
    return c.render(<MyPostsPage posts={page.items} />, { title: c.var.t("myPosts.title") });
  });

  return app;
}
