import type { Context } from "hono";
import { InvalidFieldsError } from "../src/errors.ts";

/** What a form submitted, as strings (the form is re-shown with them when something is wrong). */
export type FormValues = Record<string, string>;

export async function readForm(c: Context): Promise<FormValues> {
  const body = await c.req.parseBody();
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") values[key] = value;
  }
  return values;
}

/** A file sent with a multipart form, or undefined when none was chosen. */
export async function uploadedFile(c: Context, name: string): Promise<{ fileName: string; content: Uint8Array } | undefined> {
  const value = (await c.req.parseBody())[name];
  if (!(value instanceof File) || (value.size === 0 && value.name === "")) return undefined;
  return { fileName: value.name, content: new Uint8Array(await value.arrayBuffer()) };
}

/** A number field: empty is null; anything else unparseable is passed on for the schema to name. */
export function numberOrNull(value: string | undefined): number | string | null {
  if (value === undefined || value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}

export function textOrNull(value: string | undefined): string | null {
  return value === undefined || value.trim() === "" ? null : value;
}

export function checked(value: string | undefined): boolean {
  return value === "on" || value === "true" || value === "1";
}

/** The field errors of a domain error, or rethrows anything else. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (error instanceof InvalidFieldsError) return error.fields;
  throw error;
}

/** An ISO date-time as a datetime-local field's value, in the server's time zone (the field has no zone). */
export function localDateTime(iso: string | null): string {
  if (iso === null) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
