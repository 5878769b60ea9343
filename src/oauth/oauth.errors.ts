import { DomainError } from "../errors.ts";

/** RFC 6749's error codes for the token and revocation endpoints. */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope";

/**
 * A refused OAuth request. OAuth clients read `error` as a code and `error_description`
 * as the words, so these answer in that shape rather than the API's usual one.
 */
export class OAuthError extends DomainError {
  override name = "OAuthError";
  readonly kind = "oauth";
  readonly code: OAuthErrorCode;
  constructor(code: OAuthErrorCode, description: string) {
    super(description);
    this.code = code;
  }
}
