// One way to pass a transaction: every query function, and every service, gets its
// executor as an argument. The ambient lookup (`executorFor`) exists only for Fedify's
// storage adapters in db/ (its queue and key-value store), which Fedify calls without
// ours. Anywhere else it would hang on PGlite (a plain query waits for the open
// transaction) or read outside the transaction on PostgreSQL, so this check refuses it.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const allowed = new Set(["db/transaction.ts", "db/kv-store.ts", "db/message-queue.ts"]);
const pattern = /\bexecutorFor\b/;

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name)) yield path;
  }
}

const offenders = [];
for (const top of ["src", "db", "federation", "web"]) {
  for (const path of sourceFiles(join(root, top))) {
    const name = relative(root, path);
    if (allowed.has(name)) continue;
    readFileSync(path, "utf8")
      .split("\n")
      .forEach((line, index) => {
        if (pattern.test(line)) offenders.push(`${name}:${index + 1}: ${line.trim()}`);
      });
  }
}
if (offenders.length > 0) {
  console.error(
    "Pass the transaction explicitly (a `tx` argument) instead of looking it up with executorFor:\n  " + offenders.join("\n  "),
  );
  process.exit(1);
}
