import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { translatorFor } from "../web/i18n.ts";
import { problemTemplate, problemText } from "../web/problem-text.ts";

// The domain refuses in English; a reader sees the refusal in their language only when a template
// under `problems` recognises it. This walks src/ and web/ for the English messages a person can meet
// and checks that each has one, so a new untranslated message anywhere fails and is named.

const LITERAL = String.raw`"(?:[^"\\]|\\.)*"|\x60(?:[^\x60\\]|\\.)*\x60`;
const REFUSALS = ["NotFoundError", "ForbiddenError", "ConflictError", "UnauthenticatedError"];

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
    // An OAuth refusal's code stays as RFC 6749 spells it; its description is for a person.
    ...found("OAuthError", new RegExp(String.raw`new OAuthError\(\s*"\w+",\s*(${LITERAL})\s*\)`, "g")),
    ...found("InvalidInputError", new RegExp(String.raw`new InvalidInputError\(\s*(?:${LITERAL}|[\w.]+),\s*(${LITERAL})\s*\)`, "g")),
    ...fieldMaps.flatMap((map) =>
      found("InvalidFieldsError", new RegExp(String.raw`(?:\w|\]|")\s*:\s*(${LITERAL})\s*(?=[,}]|$)`, "g"), map),
    ),
    ...(/\.schema\.ts$|^src\/validation\.ts$/.test(file) ? found("zod", new RegExp(String.raw`\berror:\s*(${LITERAL})`, "g")) : []),
  ];
}

/** Every message of a folder's TypeScript files, named by their path from the repository's root. */
function messagesUnder(folder: string): Message[] {
  const root = new URL(`../${folder}/`, import.meta.url);
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file))
    .flatMap((file) => messagesOf(`${folder}/${file}`, readFileSync(new URL(file, root), "utf8")));
}

// The domain's messages, and those the adapters refuse with themselves (a form's field, a Mastodon app's parameter).
const messages = [...messagesUnder("src"), ...messagesUnder("web")];
const distinct = [...new Set(messages.map((message) => message.text))];
const untranslated = (list: Message[]) => [
  ...new Set(list.filter((m) => problemTemplate(m.text) === undefined).map((m) => `${m.file}: ${m.text}`)),
];

describe("the domain's English messages", () => {
  it("has a template for every refusal, field reason, OAuth description and zod reason in src/ and web/", () => {
    const withTemplate = distinct.filter((text) => problemTemplate(text) !== undefined).length;
    console.info(
      `messages in src/ and web/: ${distinct.length}, with a template: ${withTemplate}, without: ${distinct.length - withTemplate}`,
    );
    expect(distinct.length, "the walk finds the messages").toBeGreaterThan(290);
    for (const kind of ["zod", ...REFUSALS, "InvalidInputError", "InvalidFieldsError", "OAuthError"]) {
      expect(messages.filter((m) => m.kind === kind).length, `the walk finds ${kind}`).toBeGreaterThan(0);
    }
    expect(untranslated(messages), "messages without a template").toEqual([]);
  });

  it("says a message with a variable part again with its values, several words where a status or a group's name may have them", () => {
    const arabic = translatorFor("ar");
    expect(problemText(translatorFor("es"), "No token has the id 42.")).toBe("Ningún token tiene el id 42.");
    expect(problemText(translatorFor("fr"), "That post is partially matched.")).toBe("Cette annonce est à l’état en partie trouvée.");
    expect(problemText(arabic, "Only the members of the working group Food bank vote on this decision.")).toBe(
      "لا يصوّت على هذا القرار إلا أعضاء مجموعة العمل Food bank.",
    );
    expect(problemText(arabic, "A message nobody wrote a template for.")).toBe("A message nobody wrote a template for.");
  });

  it("says the domain's own words in a message (statuses, kinds, a match's actions) with the catalogue's texts for them", () => {
    const french = translatorFor("fr");
    expect(problemText(french, "That offer is withdrawn.")).toBe("Cet élément (offre) est à l’état retirée.");
    expect(problemText(french, "A completed match cannot be changed that way (no show).")).toBe(
      "Une mise en relation à l’état faite ne peut pas être changée ainsi (absence).",
    );
    expect(problemText(translatorFor("pt-BR"), "This proposed edit was already declined.")).toBe(
      "Esta proposta de alteração já está no estado recusada.",
    );
    expect(problemText(translatorFor("es"), "No such remote post.")).toBe("No existe ese elemento (publicación de otra red).");
    const refusal = "Under an agreement with the safety team you may not post offers or requests until 2026-12-30T18:00:00.000Z.";
    const at = new Date("2026-12-30T18:00:00.000Z");
    const inMadrid = new Intl.DateTimeFormat("pt-BR", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Madrid" }).format(at);
    expect(problemText(translatorFor("pt-BR"), refusal, "Europe/Madrid")).toBe(
      `Por um acordo com a equipe de segurança você não pode publicar ofertas nem pedidos até ${inMadrid}.`,
    );
    expect(problemText(french, "That follow is already rejected.")).toBe("Cet abonnement est déjà refusé.");
    // A status the catalogue does not know stays as it came.
    expect(problemText(french, "That post is in limbo.")).toBe("Cette annonce est à l’état in limbo.");
  });

  it("keeps a field's name before its reason and says the reason again", () => {
    expect(problemText(translatorFor("es"), "redirect_uris: must not contain a #fragment")).toBe(
      "redirect_uris: no debe contener un #fragmento",
    );
    expect(
      problemText(translatorFor("fr"), "scope: unknown scope admin; use read, write, follow, push or their read:…/write:… parts"),
    ).toBe("scope: autorisation inconnue admin ; utilisez read, write, follow, push ou leurs parties read:…/write:…");
  });
});
