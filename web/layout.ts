import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

/** The frame of every page: language, phone-friendly viewport, and a readable default style. */
export function layout(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <style>
      body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 42rem; padding: 1rem; color: #1a1a1a; }
      a { color: #0b5394; }
      code { background: #f1f1f1; padding: 0 0.25rem; }
    </style>
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>`;
}
