import { html } from "hono/html";
import type { NetworkProfile } from "../../src/services.ts";
import { layout } from "../layout.ts";

export function homePage(profile: NetworkProfile, host: string) {
  return layout(
    profile.name,
    html`<h1>${profile.name}</h1>
      ${profile.summary === "" ? "" : html`<p>${profile.summary}</p>`}
      <p>
        Follow this network from Mastodon or any other fediverse app:
        search for <code>@${profile.handle}@${host}</code>.
      </p>`,
  );
}

export function notFoundPage() {
  return layout("Not found", html`<h1>Not found</h1><p>There is nothing at this address. <a href="/">Go to the start page</a>.</p>`);
}
