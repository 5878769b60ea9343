import { z } from "zod";
import { InvalidFieldsError } from "./errors.ts";
import { normaliseTyped, typedTextProblem } from "./text.ts";

/** Parses with zod and turns every issue into a named field error (the first per field). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.join(".") || "body";
    fields[field] ??= issue.message;
  }
  throw new InvalidFieldsError(fields);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an id from outside can be one of ours; anything else is simply "not found". */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Marks the issues of `typedText`'s rule: the value has the right shape but cannot be accepted. */
export const UNACCEPTABLE_TEXT = { unacceptableText: true };

/**
 * Text a person types, for every text field (posts, members, areas, crises, messages):
 * normalised by `normaliseTyped` (no bidirectional controls, trimmed), refused with the
 * field named if it holds control characters or only invisible characters, then held to
 * the field's length. One line unless `multiline`.
 */
export function typedText(options: { max: number; min?: number; minError?: string; multiline?: boolean; requiredError?: string }) {
  const { max, min = 0, multiline = false } = options;
  let checked = z.string().check((ctx) => {
    const problem = typedTextProblem(ctx.value, multiline);
    if (problem !== null) ctx.issues.push({ code: "custom", message: problem, input: ctx.value, params: UNACCEPTABLE_TEXT });
  });
  if (min > 0) checked = checked.min(min, { error: options.minError ?? `use at least ${min} characters` });
  checked = checked.max(max, { error: `use at most ${max} characters` });
  return z
    .string(options.requiredError === undefined ? undefined : { error: options.requiredError })
    .transform((value) => normaliseTyped(value, multiline))
    .pipe(checked);
}

/** `typedText` outside zod (fields checked by hand): the reason it is refused, or the text to keep. */
export function checkTypedText(field: string, value: string, options: Parameters<typeof typedText>[0]): string {
  const parsed = typedText(options).safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InvalidFieldsError({ [field]: parsed.error.issues[0]!.message });
}
