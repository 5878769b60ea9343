/**
 * Errors a user can cause. The web and CLI adapters map each to one answer (4xx, or a
 * message and a non-zero exit); anything else escaping the domain is a bug. Each subclass
 * names its `kind`, so that a mapping can switch over `DomainErrorKind` and a new kind
 * does not compile until someone decides its answer.
 */
export abstract class DomainError extends Error {
  override name = "DomainError";
  abstract readonly kind: DomainErrorKind;
}

export type DomainErrorKind =
  | "invalid_input"
  | "invalid_fields"
  | "not_found"
  | "conflict"
  | "unauthenticated"
  | "forbidden"
  | "rate_limited"
  | "oauth";

/** Bad input; `field` names what to fix. */
export class InvalidInputError extends DomainError {
  override name = "InvalidInputError";
  readonly kind = "invalid_input";
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

export class NotFoundError extends DomainError {
  override name = "NotFoundError";
  readonly kind = "not_found";
}

/** The request clashes with the current state (a name taken, a follow already decided). */
export class ConflictError extends DomainError {
  override name = "ConflictError";
  readonly kind = "conflict";
}

/** Missing, expired or revoked credentials. */
export class UnauthenticatedError extends DomainError {
  override name = "UnauthenticatedError";
  readonly kind = "unauthenticated";
}

/** Signed in, but not allowed to do this. */
export class ForbiddenError extends DomainError {
  override name = "ForbiddenError";
  readonly kind = "forbidden";
}

/** Several invalid fields at once, each with its reason (forms show them beside the fields). */
export class InvalidFieldsError extends DomainError {
  override name = "InvalidFieldsError";
  readonly kind = "invalid_fields";
  readonly fields: Record<string, string>;
  constructor(fields: Record<string, string>) {
    super(
      Object.entries(fields)
        .map(([field, reason]) => `${field}: ${reason}`)
        .join("; "),
    );
    this.fields = fields;
  }
}

/** Too many attempts of one kind (`limit` names which); the next is allowed after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  override name = "RateLimitedError";
  readonly kind = "rate_limited";
  readonly limit: string;
  readonly retryAfterSeconds: number;
  constructor(limit: string, retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(`Too many attempts (${limit}). Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
    this.limit = limit;
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/** Ends a `switch` over a union that must be exhaustive: a case left out is a type error here. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
