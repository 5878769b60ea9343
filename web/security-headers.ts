import { createHash } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { STYLES } from "./components/styles.ts";

/** The page's only stylesheet is inline; the policy allows exactly that text, by its hash. */
const STYLES_HASH = `'sha256-${createHash("sha256").update(STYLES).digest("base64")}'`;

/**
 * Headers on every answer (pages, the API, ActivityPub): scripts only from our own files (the
 * one that turns push on, and the push-only service worker; no inline script), styles only our
 * own inline sheet, no framing by any site (so no page can overlay a signed-in /account), forms
 * posting only to us, referrers only within the site, no content sniffing, and HSTS when the
 * site is served over https.
 */
export function securityHeaders(origin: URL): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: [STYLES_HASH],
      scriptSrc: ["'self'"],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      // The push script saves this device's subscription.
      connectSrc: ["'self'"],
      // The dashboard's charts are SVG images in data: URLs.
      imgSrc: ["'self'", "data:"],
      formAction: ["'self'", appRedirectSource],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    xFrameOptions: "DENY",
    referrerPolicy: "same-origin",
    strictTransportSecurity: origin.protocol === "https:" ? "max-age=31536000" : false,
  });
}

/**
 * Browsers apply form-action to the redirect that follows a form, too: the page where a
 * member allows a Mastodon app must let its form end at the app's redirect address
 * (`com.example.app:` or an https origin), as Mastodon's own page does. Only a scheme or
 * an origin is taken from the query, never free text, so nothing can be slipped into the
 * policy; which address the redirect really goes to is checked against the app's
 * registration.
 */
function appRedirectSource(c: Context): string {
  if (c.req.path !== "/oauth/authorize") return "";
  const uri = c.req.query("redirect_uri") ?? "";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === "urn") return "";
  if (scheme !== "http" && scheme !== "https") return `${scheme}:`;
  try {
    return new URL(uri).origin;
  } catch {
    return "";
  }
}
