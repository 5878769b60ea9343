import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { consentFields, discover, mastodon, OOB, registerApp, signInWithApp } from "./support/mastodon.ts";
import { CredentialApplication, Token } from "./support/mastodon-entities.ts";
import { makePerson, type Person } from "./support/people.ts";
import { visibleText, WebClient } from "./support/web-client.ts";

let instance: TestInstance;
let member: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  member = await makePerson(instance, "mona_member", "member");
});
afterAll(() => instance?.destroy());

const insecure = { [oauth.allowInsecureRequests]: true };

function authorizePath(app: { client_id: string }, extra: Record<string, string> = {}): string {
  return `/oauth/authorize?${new URLSearchParams({
    response_type: "code",
    client_id: app.client_id,
    redirect_uri: "https://app.example/callback",
    scope: "read write",
    ...extra,
  })}`;
}

async function postTokenForm(form: Record<string, string>, origin?: string, language?: string) {
  const response = await fetch(`${instance.url}/oauth/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(origin ? { origin } : {}),
      ...(language ? { "accept-language": language } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: await response.json() };
}

describe(`OAuth for Mastodon apps (${testDriver})`, () => {
  it("registers apps sent as JSON, as a form and as multipart, with several redirect URIs, out-of-band and custom schemes", async () => {
    const asJson = await registerApp(instance, {
      client_name: "Ivory",
      redirect_uris: ["ivory://callback", OOB, "com.example.app:/callback"],
      scopes: "read write follow push",
      website: "https://tapbots.com/ivory",
    });
    expect(CredentialApplication.parse(asJson)).toMatchObject({
      name: "Ivory",
      scopes: ["read", "write", "follow", "push"],
      redirect_uris: ["ivory://callback", OOB, "com.example.app:/callback"],
      redirect_uri: `ivory://callback\n${OOB}\ncom.example.app:/callback`,
    });

    const form = await fetch(`${instance.url}/api/v1/apps`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://elk.zone" },
      body: new URLSearchParams({ client_name: "Elk", redirect_uris: "https://elk.zone/api/callback", scopes: "read write" }).toString(),
    });
    expect(form.status).toBe(200);
    expect(CredentialApplication.parse(await form.json()).redirect_uris).toEqual(["https://elk.zone/api/callback"]);

    const multipart = new FormData();
    multipart.append("client_name", "Phanpy");
    multipart.append("redirect_uris[]", "https://phanpy.social/");
    multipart.append("redirect_uris[]", OOB);
    multipart.append("scopes", "read:statuses write:statuses");
    const parts = await fetch(`${instance.url}/api/v1/apps`, { method: "POST", body: multipart });
    expect(parts.status).toBe(200);
    expect(CredentialApplication.parse(await parts.json())).toMatchObject({
      redirect_uris: ["https://phanpy.social/", OOB],
      scopes: ["read:statuses", "write:statuses"],
    });
  });

  it("refuses an app without a name, with a javascript: redirect or an unknown scope, naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ client_name: "" }, "client_name"],
      [{ redirect_uris: "javascript:alert(1)" }, "redirect_uris"],
      [{ redirect_uris: "https://app.example/cb#frag" }, "redirect_uris"],
      [{ scopes: "read admin:everything" }, "scopes"],
    ];
    for (const [body, field] of cases) {
      const answer = await mastodon(instance, "/api/v1/apps", {
        method: "POST",
        body: { client_name: "Bad", redirect_uris: "https://app.example/cb", ...body },
      });
      expect(answer.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.error).toContain(field);
    }
  });

  it("signs an app in with a standard OAuth client doing PKCE, and the token then works", async () => {
    const as = await discover(instance);
    expect(as).toMatchObject({
      authorization_endpoint: `${instance.url}/oauth/authorize`,
      token_endpoint: `${instance.url}/oauth/token`,
      code_challenge_methods_supported: ["S256"],
    });
    const token = await signInWithApp(instance, member);
    const app = await mastodon(instance, "/api/v1/apps/verify_credentials", { token });
    expect(app.status).toBe(200);
    expect(app.body).toMatchObject({ name: "Test app", scopes: ["read", "write", "follow", "push"] });
    expect(app.body.client_secret).toBeUndefined();
  });

  it("gives a code that works once, only with the right verifier and redirect URI", async () => {
    const app = await registerApp(instance);
    const verifier = oauth.generateRandomCodeVerifier();
    const page = await member.web.get(
      authorizePath(app, { code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256" }),
    );
    const consent = await member.web.post("/oauth/authorize", { ...consentFields(await page.text()), decision: "allow" });
    const code = new URL(consent.headers.get("location")!).searchParams.get("code")!;
    const base = { grant_type: "authorization_code", client_id: app.client_id, code, redirect_uri: "https://app.example/callback" };

    const wrongVerifier = await postTokenForm({ ...base, code_verifier: oauth.generateRandomCodeVerifier() });
    expect(wrongVerifier).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // The failed try used the code up: a stolen code cannot be guessed against.
    const retry = await postTokenForm({ ...base, code_verifier: verifier });
    expect(retry).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("exchanges a code from another site's app (no CSRF check on the token endpoint) and answers in Mastodon's Token shape", async () => {
    const app = await registerApp(instance);
    const verifier = oauth.generateRandomCodeVerifier();
    const page = await member.web.get(
      authorizePath(app, { code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256", state: "s1" }),
    );
    const consent = await member.web.post("/oauth/authorize", { ...consentFields(await page.text()), decision: "allow" });
    // Browsers check the redirect after the consent form against the page's form-action.
    expect(page.headers.get("content-security-policy")).toMatch(/form-action 'self' https:\/\/app\.example(;|$)/);
    const back = new URL(consent.headers.get("location")!);
    expect(back.origin + back.pathname).toBe("https://app.example/callback");
    expect(back.searchParams.get("state")).toBe("s1");
    const answer = await postTokenForm(
      {
        grant_type: "authorization_code",
        client_id: app.client_id,
        client_secret: app.client_secret!,
        code: back.searchParams.get("code")!,
        redirect_uri: "https://app.example/callback",
        code_verifier: verifier,
      },
      "https://app.example",
    );
    expect(answer.status).toBe(200);
    expect(Token.parse(answer.body).scope).toBe("read write");
  });

  it("requires PKCE from an app registered without a secret, and accepts a secret-less exchange with it", async () => {
    const app = await registerApp(instance, { token_endpoint_auth_method: "none" });
    expect(app.client_secret).toBeUndefined();
    const withoutPkce = await member.web.get(authorizePath(app));
    expect(withoutPkce.status).toBe(400);
    expect(visibleText(await withoutPkce.text())).toContain("code_challenge");
    const token = await signInWithApp(instance, member, { app });
    expect((await mastodon(instance, "/api/v1/apps/verify_credentials", { token })).status).toBe(200);
  });

  it("without PKCE, a code of an app with a secret is exchanged only with that secret", async () => {
    const app = await registerApp(instance);
    const page = await member.web.get(authorizePath(app));
    const consent = await member.web.post("/oauth/authorize", { ...consentFields(await page.text()), decision: "allow" });
    const code = new URL(consent.headers.get("location")!).searchParams.get("code")!;
    const noSecret = await postTokenForm({ grant_type: "authorization_code", client_id: app.client_id, code });
    expect(noSecret).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });

  it("sends someone not signed in to sign in, and back to the consent page afterwards", async () => {
    const app = await registerApp(instance);
    const browser = new WebClient(instance.url, { "accept-language": "en" });
    const first = await browser.get(authorizePath(app));
    expect(first.status).toBe(303);
    const signIn = new URL(first.headers.get("location")!, instance.url);
    expect(signIn.pathname).toBe("/sign-in");
    const next = signIn.searchParams.get("next")!;
    const signedIn = await browser.post("/sign-in", { username: "mona_member", password: "mona_member-secret-pw", next });
    expect(signedIn.headers.get("location")).toBe(next);
    const page = await browser.page(next);
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("Let Test app use your account?");
  });

  it("lists the scopes in plain words, in English and in Spanish, on a page that works without JavaScript", async () => {
    const app = await registerApp(instance, { scopes: "read write:statuses" });
    const english = visibleText(await (await member.web.get(authorizePath(app, { scope: "read write:statuses" }))).text());
    expect(english).toContain("See what you can see here");
    expect(english).toContain("Post offers and requests in your name, and mark notifications read (only: statuses)");
    expect(english).toContain("mona_member");
    const spanish = visibleText(await (await member.web.get(`${authorizePath(app, { scope: "read" })}&lang=es`)).text());
    expect(spanish).toContain("¿Permitir que Test app use tu cuenta?");
    expect(spanish).toContain("Ver lo que tú puedes ver aquí");
    // ?lang= is remembered in a cookie: switch back, so other tests read English.
    const html = await (await member.web.get(`${authorizePath(app, { scope: "read" })}&lang=en`)).text();
    expect(html).toMatch(/<form method="post" action="\/oauth\/authorize">/);
    expect(html).not.toContain("<script");
  });

  it("refuses scopes the app did not register, and never sends anyone to an unregistered redirect URI", async () => {
    const app = await registerApp(instance, { scopes: "read" });
    const tooMuch = await member.web.get(authorizePath(app, { scope: "read write" }));
    expect(tooMuch.status).toBe(400);
    const elsewhere = await member.web.get(authorizePath(app, { redirect_uri: "https://evil.example/steal" }));
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get("location")).toBeNull();
  });

  it("tells the app when the member denies it, and shows a code to copy for out-of-band apps", async () => {
    const app = await registerApp(instance, { redirect_uris: ["https://app.example/callback", OOB] });
    const page = await member.web.get(authorizePath(app, { state: "xyz" }));
    const denied = await member.web.post("/oauth/authorize", { ...consentFields(await page.text()), decision: "deny" });
    const back = new URL(denied.headers.get("location")!);
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("state")).toBe("xyz");
    expect(back.searchParams.get("code")).toBeNull();

    const oob = await member.web.get(authorizePath(app, { redirect_uri: OOB }));
    const shown = await member.web.post("/oauth/authorize", { ...consentFields(await oob.text()), decision: "allow" });
    expect(shown.status).toBe(200);
    const code = /<code class="copyable">([^<]+)<\/code>/.exec(await shown.text())![1]!;
    const exchanged = await postTokenForm({
      grant_type: "authorization_code",
      client_id: app.client_id,
      client_secret: app.client_secret!,
      code,
      redirect_uri: OOB,
    });
    expect(exchanged.status).toBe(200);
  });

  it("refuses a consent form posted from another site", async () => {
    const app = await registerApp(instance);
    const page = await member.web.get(authorizePath(app));
    const forged = await fetch(`${instance.url}/oauth/authorize`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example", cookie: member.web.cookieHeader() },
      body: new URLSearchParams({ ...consentFields(await page.text()), decision: "allow" }).toString(),
    });
    expect(forged.status).toBe(403);
  });

  it("gives an app a token of its own with client credentials, and revokes tokens (RFC 7009)", async () => {
    const app = await registerApp(instance);
    const as = await discover(instance);
    const client: oauth.Client = { client_id: app.client_id };
    const auth = oauth.ClientSecretBasic(app.client_secret!);
    const response = await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: "read" }, insecure);
    const { access_token } = await oauth.processClientCredentialsResponse(as, client, response);
    expect((await mastodon(instance, "/api/v1/apps/verify_credentials", { token: access_token })).status).toBe(200);

    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, access_token, insecure));
    const after = await mastodon(instance, "/api/v1/apps/verify_credentials", { token: access_token });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ error: "The access token is invalid" });

    const wrongSecret = await postTokenForm({ grant_type: "client_credentials", client_id: app.client_id, client_secret: "nope" });
    expect(wrongSecret).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const password = await postTokenForm({ grant_type: "password", client_id: app.client_id, client_secret: app.client_secret! });
    expect(password).toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
  });

  it("lists the member's apps with their last use on the account page, and removing one stops its token", async () => {
    const app = await registerApp(instance, { client_name: "Tusky for the account page" });
    const token = await signInWithApp(instance, member, { app });
    expect((await mastodon(instance, "/api/v1/apps/verify_credentials", { token })).status).toBe(200);
    const page = await member.web.page("/account?lang=en");
    const text = visibleText(page.html);
    expect(text).toContain("Tusky for the account page");
    // Dates are written for the reader: in English and the network's time zone, e.g. "Nov 30, 2026".
    const today = new Intl.DateTimeFormat("en", { dateStyle: "medium" }).format(new Date());
    expect(text).toMatch(new RegExp(`Tusky for the account page[^·]+· last used on ${today}`));
    const appId = /Tusky for the account page[\s\S]*?action="\/account\/apps\/([0-9a-f-]+)\/revoke"/.exec(page.html)![1]!;
    const revoked = await member.web.post(`/account/apps/${appId}/revoke`, {});
    expect(revoked.headers.get("location")).toBe("/account?revoked=1");
    expect((await mastodon(instance, "/api/v1/apps/verify_credentials", { token })).status).toBe(401);
    expect(visibleText((await member.web.page("/account?lang=en")).html)).not.toContain("Tusky for the account page");
  });

  it("keeps OAuth's error codes as RFC 6749 spells them and says the description in the app's language", async () => {
    const grant = await postTokenForm({ grant_type: "password" }, undefined, "fr-CA,fr;q=0.9");
    expect(grant).toEqual({
      status: 400,
      body: { error: "unsupported_grant_type", error_description: "Utilisez authorization_code ou client_credentials." },
    });
    const noClient = await postTokenForm({ grant_type: "client_credentials" }, undefined, "ar");
    expect(noClient).toEqual({ status: 401, body: { error: "invalid_client", error_description: "client_id ناقص" } });
    const app = await registerApp(instance);
    const badCode = await postTokenForm({ grant_type: "authorization_code", client_id: app.client_id, code: "nope" }, undefined, "pt-BR");
    expect(badCode.body).toEqual({ error: "invalid_grant", error_description: "O código não é válido, expirou ou já foi usado." });
    expect((await postTokenForm({ grant_type: "password" })).body.error_description).toBe("Use authorization_code or client_credentials.");

    const spanishApp = await fetch(`${instance.url}/api/v1/apps`, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "es" },
      body: JSON.stringify({ client_name: "Bad", redirect_uris: "https://app.example/cb#frag" }),
    });
    expect(spanishApp.status).toBe(400);
    expect((await spanishApp.json()).error).toBe("redirect_uris: no debe contener un #fragmento");
    const unknown = await fetch(`${instance.url}/api/v1/no_such_thing`, { headers: { "accept-language": "es" } });
    expect(await unknown.json()).toEqual({ error: "No se encontró el registro" });
  });

  it("explains a request it cannot answer on the consent page in the member's language", async () => {
    const app = await registerApp(instance, { scopes: "read" });
    const french = await member.web.get(`${authorizePath(app, { response_type: "token", scope: "read" })}&lang=fr`);
    expect(french.status).toBe(400);
    expect(visibleText(await french.text())).toContain("response_type: seul code est pris en charge");
    // ?lang= is remembered in a cookie: switch back, so other tests read English.
    await member.web.get("/?lang=en");
  });

  it("answers unknown Mastodon endpoints with a 404 in Mastodon's error shape, leaving the project's own API alone", async () => {
    const unknown = await mastodon(instance, "/api/v1/no_such_thing");
    expect(unknown).toMatchObject({ status: 404, body: { error: "Record not found" } });
    const own = await fetch(`${instance.url}/api/openapi.json`);
    expect(own.status).toBe(200);
    const token = await signInWithApp(instance, member);
    expect((await mastodon(instance, "/api/v2/nothing", { token })).status).toBe(404);
  });
});
