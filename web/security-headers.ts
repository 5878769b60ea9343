import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { STYLES } from "./components/styles.ts";

/** The page's only stylesheet is inline; the policy allows exactly that text, by its hash. */
const STYLES_HASH = `'sha256-${createHash("sha256").update(STYLES).digest("base64")}'`;

/**
 * Headers on every answer (pages, the API, ActivityPub): no scripts at all (the pages need
 * none), styles only our own inline sheet, no framing by any site (so no page can overlay
 * a signed-in /account), forms posting only to us, referrers only within the site, no
 * content sniffing, and HSTS when the site is served over https.
 */
export function securityHeaders(origin: URL): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: [STYLES_HASH],
      // The dashboard's charts are SVG images in data: URLs.
      imgSrc: ["'self'", "data:"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    xFrameOptions: "DENY",
    referrerPolicy: "same-origin",
    strictTransportSecurity: origin.protocol === "https:" ? "max-age=31536000" : false,
  });
}
