import * as oauth from "oauth4webapi";
import type { TestInstance } from "./instance.ts";
import type { Person } from "./people.ts";

export const OOB = "urn:ietf:wg:oauth:2.0:oob";
const insecure = { [oauth.allowInsecureRequests]: true };

export interface RegisteredApp {
  client_id: string;
  client_secret?: string;
  [key: string]: unknown;
}

/** Registers an app the way most Mastodon apps do (a JSON body). */
export async function registerApp(instance: TestInstance, body: Record<string, unknown> = {}): Promise<RegisteredApp> {
  const response = await fetch(`${instance.url}/api/v1/apps`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: "Test app", redirect_uris: "https://app.example/callback", scopes: "read write", ...body }),
  });
  if (response.status !== 200) throw new Error(`registering the app answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as RegisteredApp;
}

/** The server's OAuth metadata, read and checked by a standard OAuth client. */
export async function discover(instance: TestInstance): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(instance.url);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }));
}

/** The hidden fields of the consent form, as the browser would post them back. */
export function consentFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields[match[1]!] = match[2]!.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#39;", "'");
  }
  return fields;
}

/**
 * The whole sign-in of a Mastodon app, as a standard OAuth client does it: register,
 * discover, send the member to /oauth/authorize with PKCE, the member allows it, the app
 * exchanges the code. Resolves to the access token.
 */
export async function signInWithApp(
  instance: TestInstance,
  person: Person,
  options: { scope?: string; app?: RegisteredApp; redirectUri?: string } = {},
): Promise<string> {
  const redirectUri = options.redirectUri ?? "https://app.example/callback";
  const scope = options.scope ?? (options.app ? (options.app.scopes as string[]).join(" ") : "read write follow push");
  const app = options.app ?? (await registerApp(instance, { redirect_uris: redirectUri, scopes: scope }));
  const as = await discover(instance);
  const client: oauth.Client = { client_id: app.client_id };
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const authorize = new URL(as.authorization_endpoint!);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: app.client_id,
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  }).toString();
  const page = await person.web.get(authorize.pathname + authorize.search);
  if (page.status !== 200) throw new Error(`the consent page answered ${page.status}`);
  const consent = await person.web.post("/oauth/authorize", { ...consentFields(await page.text()), decision: "allow" });
  const back = new URL(consent.headers.get("location") ?? "about:blank");
  const params = oauth.validateAuthResponse(as, client, back, state);
  const auth = app.client_secret ? oauth.ClientSecretPost(app.client_secret) : oauth.None();
  const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirectUri, verifier, insecure);
  const token = await oauth.processAuthorizationCodeResponse(as, client, response);
  return token.access_token;
}

/** A Mastodon API call with a token (or none). */
export async function mastodon(
  instance: TestInstance,
  path: string,
  options: { token?: string | undefined; method?: string; body?: unknown } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${instance.url}${path}`, {
    method: options.method ?? "GET",
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}
