// Two rules Biome does not have. A doc comment (`/** … */`) belongs directly above the
// declaration it documents: one that drifted away (a blank line, another comment, or
// nothing after it) misleads readers and editors' hovers, which show it on whatever
// follows or on nothing. Stacked doc comments are the usual form of that bug: one of
// them documents nothing. Notes about a whole module are `//` comments. And no line is
// longer than 140 characters: long lines hide changes in review and on small screens.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const maxLength = 140;

const files = execFileSync("git", ["ls-files", "-z", "*.ts", "*.tsx", "*.mjs"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((name) => name !== "" && !name.startsWith("db/migrations/"));

// What may not come right after a doc comment: it would then document nothing.
function detached(next) {
  if (next === undefined) return "the file ends";
  const line = next.trim();
  if (line === "") return "a blank line follows";
  if (line.startsWith("/*")) return "another comment follows";
  if (line.startsWith("//")) return "another comment follows";
  if (/^import\b/.test(line)) return "an import follows";
  if (line.startsWith("}")) return "a closing brace follows";
  return undefined;
}

const offenders = [];
for (const name of files) {
  let text;
  try {
    text = readFileSync(new URL(name, `file://${root}`), "utf8");
  } catch {
    continue; // tracked but deleted in the work tree
  }
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((line, index) => {
    const length = [...line].length;
    if (length > maxLength) offenders.push(`${name}:${index + 1}: line is ${length} characters long (at most ${maxLength})`);
  });
  for (let index = 0; index < lines.length; index++) {
    if (!lines[index].trim().startsWith("/**")) continue;
    const start = index;
    const opened = lines[index].indexOf("/**");
    let end = index;
    let close = lines[end].indexOf("*/", opened + 3);
    while (close === -1 && end + 1 < lines.length) {
      end++;
      close = lines[end].indexOf("*/");
    }
    index = end;
    if (close === -1) break;
    if (lines[end].slice(close + 2).trim() !== "") continue; // code on the same line
    let next = end + 1;
    while (next < lines.length && lines[next].trim().startsWith("// biome-ignore")) next++;
    const reason = detached(lines[next]);
    if (reason) offenders.push(`${name}:${start + 1}: doc comment documents nothing (${reason}); attach it or make it a // comment`);
  }
}
if (offenders.length > 0) {
  console.error(offenders.join("\n"));
  process.exit(1);
}
