import { z } from "@hono/zod-openapi";
import { ErrorSchema } from "./schemas.ts";

const ERROR_DESCRIPTIONS = {
  400: "The request is malformed; `fields` names each bad field",
  401: "No valid token",
  403: "The token's member may not do this",
  404: "No such thing, or not visible to this member",
  409: "Conflicts with the current state",
  422: "Well-formed but not acceptable; `fields` names each bad field",
  429: "Too many attempts; `limit` names the limit, and Retry-After says when to try again",
} as const;

/** The error responses an operation can give, all with the same JSON shape. */
export const errors = (...codes: (keyof typeof ERROR_DESCRIPTIONS)[]) =>
  Object.fromEntries(
    codes.map((code) => [code, { description: ERROR_DESCRIPTIONS[code], content: { "application/json": { schema: ErrorSchema } } }]),
  );

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const bearer = [{ bearer: [] }];

export const IdParam = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });
