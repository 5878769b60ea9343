import { useRequestContext } from "hono/jsx-renderer";
import type { CrisisView } from "../src/crises/crisis.service.ts";
import type { Member } from "../src/members/member.service.ts";
import type { Viewer } from "../src/members/viewer.ts";
import type { NetworkProfile } from "../src/networks/network-settings.service.ts";
import type { Translate } from "./i18n.ts";

/** What every web request carries once the middleware has run. */
export interface WebEnv {
  Variables: {
    viewer: Viewer;
    /** The signed-in member, on routes that require one. */
    member: Member;
    language: string;
    t: Translate;
    profile: NetworkProfile;
    /** Crises in progress: every page shows a banner for them. */
    activeCrises: CrisisView[];
    /** The signed-in member has yet to accept the network's agreements: pages show a nudge (never a wall). */
    agreementsPending: boolean;
    /** The signed-in member's unread notifications, for the bell in the header (0 for the public). */
    unreadNotifications: number;
    /** The public origin (ORIGIN), which may differ from the URL the request reached us at. */
    origin: URL;
    /** Who is asking, as the per-address rate limits count them (see client-address.ts). */
    clientAddress: string;
  };
}

declare module "hono" {
  interface ContextRenderer {
    // biome-ignore lint/style/useShorthandFunctionType: only an interface merges with Hono's own ContextRenderer.
    (content: string | Promise<string>, props: { title: string }): Response | Promise<Response>;
  }
}

/**
 * The translator for the page being rendered (inside a page component). `c.get`, not
 * `c.var`: Hono builds `c.var` as a new object of every variable at each access, and a
 * board page asks for its translator about a hundred times.
 */
export function useT(): Translate {
  return useRequestContext<WebEnv>().get("t");
}

export function useWebContext() {
  return useRequestContext<WebEnv>();
}
