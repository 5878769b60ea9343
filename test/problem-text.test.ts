import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { translatorFor } from "../web/i18n.ts";
import { problemTemplate, problemText } from "../web/problem-text.ts";

// The domain refuses in English; a reader sees the refusal in their language only when a template
// under `problems` recognises it. This walks src/ for the English messages a person can meet and
// checks that those of the parts people use most have one, so a new untranslated message there fails.

const LITERAL = String.raw`"(?:[^"\\]|\\.)*"|\x60(?:[^\x60\\]|\\.)*\x60`;
const REFUSALS = ["NotFoundError", "ForbiddenError", "ConflictError", "UnauthenticatedError"];
/** Folders whose refusals people meet most: posts, matches, events, decisions, reports and cases, groups, handbook, books, account. */
const COVERED = ["posts", "matching", "events", "decisions", "safety", "groups", "handbook", "books", "members"];

/** Reasons built from English words (an article chosen by the code) that no template can say again. */
const BUILT_IN_ENGLISH = ["posts/post.service.ts: an x1 has x1, not x1"];

interface Message {
  file: string;
  kind: string;
  text: string;
}

/** A literal as the reader meets it: a template literal's `${…}` parts become a sample value. */
function sample(literal: string): string {
  const body = literal.slice(1, -1).replace(/\\(["\\`])/g, "$1");
  if (!literal.startsWith("`")) return body;
  // `${choice === "block" ? "block" : "object"}` is one of two words: its first stands for both.
  return body.replace(/\$\{[^}?]*\?\s*"([^"]*)"\s*:\s*"[^"]*"\s*\}/g, "$1").replace(/\$\{[^}]*\}/g, "x1");
}

function messagesOf(file: string, source: string): Message[] {
  const found = (kind: string, pattern: RegExp, text = source) =>
    [...text.matchAll(pattern)].map((m) => ({ file, kind, text: sample(m[1]!) }));
  const fieldMaps = [...source.matchAll(/new InvalidFieldsError\(\s*\{((?:[^{}]|\$\{[^}]*\})*)\}\s*\)/g)].map((m) => m[1]!);
  return [
    ...REFUSALS.flatMap((kind) => found(kind, new RegExp(String.raw`new ${kind}\(\s*(${LITERAL})\s*[,)]`, "g"))),
    ...found("InvalidInputError", new RegExp(String.raw`new InvalidInputError\(\s*(?:${LITERAL}|[\w.]+),\s*(${LITERAL})\s*\)`, "g")),
    ...fieldMaps.flatMap((map) =>
      found("InvalidFieldsError", new RegExp(String.raw`(?:\w|\]|")\s*:\s*(${LITERAL})\s*(?=[,}]|$)`, "g"), map),
    ),
    ...(/\.schema\.ts$|^validation\.ts$/.test(file) ? found("zod", new RegExp(String.raw`\berror:\s*(${LITERAL})`, "g")) : []),
  ];
}

const sourceFolder = new URL("../src/", import.meta.url);
const messages = readdirSync(sourceFolder, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts"))
  .flatMap((file) => messagesOf(file, readFileSync(new URL(file, sourceFolder), "utf8")));
const distinct = [...new Set(messages.map((message) => message.text))];
const untranslated = (list: Message[]) => [
  ...new Set(list.filter((m) => problemTemplate(m.text) === undefined).map((m) => `${m.file}: ${m.text}`)),
];

describe("the domain's English messages", () => {
  it("has a template for each zod reason, and each refusal and field reason of the parts people use most", () => {
    const withTemplate = distinct.filter((text) => problemTemplate(text) !== undefined).length;
    console.info(`messages in src/: ${distinct.length}, with a template: ${withTemplate}, without: ${distinct.length - withTemplate}`);
    expect(distinct.length, "the walk finds the messages").toBeGreaterThan(200);
    expect(untranslated(messages.filter((m) => m.kind === "zod")), "zod reasons without a template").toEqual([]);
    const refusals = messages.filter((m) => REFUSALS.includes(m.kind) && COVERED.includes(m.file.split("/")[0]!));
    expect(refusals.length).toBeGreaterThan(100);
    expect(untranslated(refusals), "refusals without a template").toEqual([]);
    const fieldReasons = messages.filter((m) => m.kind === "InvalidFieldsError" && COVERED.includes(m.file.split("/")[0]!));
    expect(untranslated(fieldReasons), "field reasons without a template").toEqual(BUILT_IN_ENGLISH);
  });

  it("says a message with a variable part again with its values, several words where a status or a group's name may have them", () => {
    const arabic = translatorFor("ar");
    expect(problemText(translatorFor("es"), "No token has the id 42.")).toBe("Ningún token tiene el id 42.");
    expect(problemText(translatorFor("fr"), "That post is in progress.")).toBe("Cette annonce est à l’état in progress.");
    expect(problemText(arabic, "Only the members of the working group Food bank vote on this decision.")).toBe(
      "لا يصوّت على هذا القرار إلا أعضاء مجموعة العمل Food bank.",
    );
    expect(problemText(arabic, "A message nobody wrote a template for.")).toBe("A message nobody wrote a template for.");
  });
});
