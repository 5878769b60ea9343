import type { AuthorizationRequest } from "../../src/oauth/oauth.service.ts";
import { OUT_OF_BAND } from "../../src/oauth/oauth.service.ts";
import { Notice } from "../components/fields.tsx";
import { useT, useWebContext } from "../env.ts";

/** The scopes grouped under their broad scope, so the page can say each in plain words. */
function scopeGroups(scopes: string[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const scope of scopes) {
    const [group, part] = scope.split(":");
    const parts = groups.get(group!) ?? [];
    if (part !== undefined) parts.push(part);
    groups.set(group!, parts);
  }
  return [...groups];
}

/** Asks the signed-in member whether an app may use their account. */
export function AuthorizePage({ request, fields }: { request: AuthorizationRequest; fields: Record<string, string> }) {
  const t = useT();
  const { member, profile } = useWebContext().var;
  const app = request.app.name;
  return (
    <>
      <h1>{t("oauth.title", { app })}</h1>
      <p>{t("oauth.intro", { app, username: member.username, network: profile.name })}</p>
      <ul>
        {scopeGroups(request.scopes).map(([group, parts]) => (
          <li>
            {t(`oauth.scope.${group}`)}
            {parts.length > 0 && <span class="hint inline"> ({t("oauth.onlyParts", { parts: parts.join(", ") })})</span>}
          </li>
        ))}
      </ul>
      {request.app.website && (
        <p>
          {t("oauth.website")}{" "}
          <a href={request.app.website} rel="noopener noreferrer">
            {request.app.website}
          </a>
        </p>
      )}
      <p class="hint">
        {request.redirectUri === OUT_OF_BAND ? t("oauth.outOfBand") : t("oauth.sentBackTo", { uri: request.redirectUri })}{" "}
        {t("oauth.revokeLater")}
      </p>
      <form method="post" action="/oauth/authorize">
        {Object.entries(fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" name="decision" value="allow">
          {t("oauth.allow")}
        </button>{" "}
        <button type="submit" name="decision" value="deny" class="secondary">
          {t("oauth.deny")}
        </button>
      </form>
    </>
  );
}

/** For apps without a way back (`urn:ietf:wg:oauth:2.0:oob`): the code to paste into the app. */
export function AuthorizationCodePage({ app, code }: { app: string; code: string }) {
  const t = useT();
  return (
    <>
      <h1>{t("oauth.codeTitle", { app })}</h1>
      <Notice>
        <p>
          <code class="copyable">{code}</code>
        </p>
      </Notice>
      <p>{t("oauth.codeHint")}</p>
    </>
  );
}
