/**
 * Errors a user can cause. The web and CLI adapters map each to one answer (4xx, or a
 * message and a non-zero exit); anything else escaping the domain is a bug.
 */
export class DomainError extends Error {
  override name = "DomainError";
}

/** Bad input; `field` names what to fix. */
export class InvalidInputError extends DomainError {
  override name = "InvalidInputError";
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

export class NotFoundError extends DomainError {
  override name = "NotFoundError";
}

/** The request clashes with the current state (a name taken, a follow already decided). */
export class ConflictError extends DomainError {
  override name = "ConflictError";
}

/** Missing, expired or revoked credentials. */
export class UnauthenticatedError extends DomainError {
  override name = "UnauthenticatedError";
}

/** Signed in, but not allowed to do this. */
export class ForbiddenError extends DomainError {
  override name = "ForbiddenError";
}

/** Several invalid fields at once, each with its reason (forms show them beside the fields). */
export class InvalidFieldsError extends DomainError {
  override name = "InvalidFieldsError";
  readonly fields: Record<string, string>;
  constructor(fields: Record<string, string>) {
    super(Object.entries(fields).map(([field, reason]) => `${field}: ${reason}`).join("; "));
    this.fields = fields;
  }
}
