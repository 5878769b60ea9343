import { parsePhoneNumber } from "awesome-phonenumber";

/**
 * A phone number in E.164 (+14155552671), or null when it is not a valid number. Local
 * numbers (no +country) are read as numbers of `defaultCountry` (SMS_DEFAULT_COUNTRY).
 */
export function toE164(raw: string, defaultCountry: string): string | null {
  const parsed = parsePhoneNumber(raw.trim(), { regionCode: defaultCountry });
  return parsed.valid ? parsed.number.e164 : null;
}
