/**
 * The whole stylesheet: small enough to inline, readable on a 360-px phone, with visible
 * focus for keyboard users and colours that pass WCAG AA contrast. A `\` at a line's end
 * continues the rule on the next line (the sheet's text, and so its CSP hash, stay the same).
 * Sides are logical (`margin-inline-start`, not `margin-left`), so that a right-to-left
 * page mirrors the layout.
 */
export const STYLES = `
*,*::before,*::after{box-sizing:border-box}
body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1a1a1a;background:#fff}
main,header{max-width:48rem;margin:0 auto;padding:0.75rem 1rem}
header{display:flex;flex-wrap:wrap;gap:0.5rem 1rem;align-items:center;border-bottom:1px solid #ccc}
header ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:0.25rem 0.75rem}
.brand{font-weight:700;font-size:1.15rem;text-decoration:none;color:#1a1a1a}
.languages{margin-inline-start:auto}
a{color:#0b5394}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible\
{outline:3px solid #b35c00;outline-offset:2px}
.skip{position:absolute;inset-inline-start:-999px}\
.skip:focus{inset-inline-start:1rem;inset-block-start:0.5rem;background:#fff;padding:0.25rem 0.5rem;z-index:1}
h1{font-size:1.5rem;margin:0.75rem 0}
h2{font-size:1.2rem}
label{display:block;font-weight:600;margin-top:0.75rem}
.hint{display:block;font-weight:400;color:#4a4a4a;font-size:0.9rem}
input[type=text],input[type=password],input[type=number],input[type=date],input[type=datetime-local],\
input[type=email],input[type=tel],input[type=search],select,textarea\
{width:100%;max-width:32rem;font:inherit;padding:0.4rem;border:1px solid #6b6b6b;border-radius:4px;background:#fff;color:#1a1a1a}
input[type=checkbox],input[type=radio]{width:1.2rem;height:1.2rem;vertical-align:middle}
.choice{font-weight:400;display:flex;gap:0.5rem;align-items:center}
fieldset{border:1px solid #ccc;border-radius:4px;margin-top:1rem;padding:0.5rem 0.75rem}
textarea{min-height:6rem}
button,.button{font:inherit;padding:0.45rem 0.9rem;margin-top:0.75rem;border-radius:4px;border:1px solid #0b5394;\
background:#0b5394;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#0b5394}
.error{color:#a30000;font-weight:600}
[aria-invalid=true]{border-color:#a30000 !important;border-width:2px !important}
.notice{border-inline-start:4px solid #0b5394;background:#eef4fa;padding:0.5rem 0.75rem;margin:0.75rem 0}
.alert{border-inline-start:4px solid #a30000;background:#fdeeee;padding:0.5rem 0.75rem;margin:0.75rem 0}
.posts{list-style:none;padding:0;margin:0}
.post{border:1px solid #ccc;border-radius:6px;padding:0.6rem 0.8rem;margin:0.6rem 0}
.post h2,.post h3{margin:0.1rem 0;font-size:1.1rem}
.meta{color:#4a4a4a;font-size:0.92rem;margin:0.2rem 0}
.tag{display:inline-block;border:1px solid #6b6b6b;border-radius:3px;padding:0 0.35rem;font-size:0.85rem;margin-inline-end:0.25rem}
.urgency-critical,.urgency-high{border-color:#a30000;color:#a30000;font-weight:600}
.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:0 0.75rem;align-items:end}
.filters label{margin-top:0.4rem}
.pager{display:flex;gap:1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%}
th,td{text-align:start;padding:0.3rem 0.4rem;border-bottom:1px solid #ddd;vertical-align:top}
.table-wrap{overflow-x:auto}
dl.details{display:grid;grid-template-columns:max-content 1fr;gap:0.2rem 1rem}
dl.details dt{font-weight:600}
dl.details dd{margin:0;overflow-wrap:anywhere}
@media (max-width:36rem){dl.details{grid-template-columns:1fr}dl.details dd{margin-bottom:0.4rem}}
.inline{display:inline}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.message{white-space:pre-wrap;overflow-wrap:anywhere}
/* A short value (a name, a phone number) reads in its own direction but lines up with its list. */
dd[dir=auto],td[dir=auto]{text-align:match-parent}
.bell .count{display:inline-block;min-width:1.4rem;margin-inline-start:0.25rem;padding:0 0.35rem;border-radius:0.7rem;\
background:#a30000;color:#fff;font-size:0.85rem;text-align:center}
.unread{border-color:#0b5394;border-width:2px}
code{overflow-wrap:anywhere}
.pre-line{white-space:pre-line}
.diff{list-style:none;padding:0;margin:0.5rem 0;font-family:ui-monospace,monospace;font-size:0.92rem}
.diff li{white-space:pre-wrap;overflow-wrap:anywhere;padding:0 0.3rem;min-height:1.2em}
.diff ins{display:block;background:#e3f2e6;text-decoration:none}.diff del{display:block;background:#fdeeee;text-decoration:line-through}
.toc-sub{margin-left:1rem}
.chart{max-width:100%;height:auto;display:block;margin:0.5rem 0}
@media print{header,.no-print,.skip{display:none}body{font-size:11pt}.post{break-inside:avoid}}
`;
