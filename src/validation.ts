import type { z } from "zod";
import { InvalidFieldsError } from "./errors.ts";

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
