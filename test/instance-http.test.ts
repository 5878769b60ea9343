import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";

const AP = { accept: "application/activity+json" };
let instance: TestInstance;

beforeAll(async () => {
  instance = await startTestInstance("eastside", { NETWORK_SUMMARY: "Neighbours <helping> neighbours" });
});
afterAll(() => instance?.destroy());

describe(`a running instance (${testDriver})`, () => {
  it("resolves the network's handle with WebFinger", async () => {
    const host = new URL(instance.url).host;
    const response = await fetch(`${instance.url}/.well-known/webfinger?resource=acct:eastside@${host}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.subject).toBe(`acct:eastside@${host}`);
    expect(body.links).toContainEqual(expect.objectContaining({ rel: "self", href: instance.actorUrl }));
    const unknown = await fetch(`${instance.url}/.well-known/webfinger?resource=acct:nobody@${host}`);
    expect(unknown.status).toBe(404);
  });

  it("serves the network as a Group with keys, inboxes, collections and a home page", async () => {
    const response = await fetch(instance.actorUrl, { headers: AP });
    expect(response.status).toBe(200);
    const actor = await response.json();
    expect(actor).toMatchObject({
      id: instance.actorUrl,
      type: "Group",
      preferredUsername: "eastside",
      name: "eastside mutual aid",
      // Plain text from the operator is escaped, not interpreted.
      summary: "<p>Neighbours &lt;helping&gt; neighbours</p>",
      inbox: `${instance.actorUrl}/inbox`,
      outbox: `${instance.actorUrl}/outbox`,
      followers: `${instance.actorUrl}/followers`,
      following: `${instance.actorUrl}/following`,
      endpoints: { sharedInbox: `${instance.url}/inbox` },
      url: `${instance.url}/`,
    });
    expect(actor.publicKey).toMatchObject({ owner: instance.actorUrl });
    expect(actor.publicKey.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const rsa = await crypto.subtle.importKey(
      "spki",
      Buffer.from(actor.publicKey.publicKeyPem.replace(/-----[^-]+-----|\s/g, ""), "base64"),
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      true,
      ["verify"],
    );
    expect((rsa.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(2048);
    expect(actor.assertionMethod).toContainEqual(
      expect.objectContaining({ type: "Multikey", publicKeyMultibase: expect.stringMatching(/^z6Mk/) }),
    );
  });

  it("has an instance actor that signs fetches", async () => {
    const response = await fetch(`${instance.url}/actors/instance.actor`, { headers: AP });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ type: "Application", publicKey: expect.any(Object) });
  });

  it("publishes NodeInfo 2.1 with the software and usage", async () => {
    const links = await (await fetch(`${instance.url}/.well-known/nodeinfo`)).json();
    const href = links.links.find((l: { rel: string }) => l.rel.endsWith("/2.1")).href;
    // Other tests here add members too: the figure is the count as it stands, one more than before.
    const before = (await instance.services.stats()).activeMembers;
    await instance.services.members.addMember({ username: "ana", role: "member" });
    const nodeinfo = await (await fetch(href)).json();
    expect(nodeinfo).toMatchObject({
      version: "2.1",
      software: { name: "mycelium", version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
      protocols: ["activitypub"],
      openRegistrations: false,
      usage: { users: { total: before + 1 } },
    });
  });

  it("answers 404 for an unknown actor, to ActivityPub clients and browsers alike", async () => {
    const ap = await fetch(`${instance.url}/actors/nobody`, { headers: AP });
    expect(ap.status).toBe(404);
    const browser = await fetch(`${instance.url}/actors/nobody`, { headers: { accept: "text/html" } });
    expect(browser.status).toBe(404);
    expect(await browser.text()).toContain("Not found");
    const other = await fetch(`${instance.url}/no/such/page`, { headers: { accept: "text/html" } });
    expect(other.status).toBe(404);
  });

  it("sends a browser that opens the actor URL to the network's page", async () => {
    const response = await fetch(instance.actorUrl, { headers: { accept: "text/html" }, redirect: "manual" });
    expect(response.status).toBe(303);
    const home = await fetch(`${instance.url}/`, { headers: { "accept-language": "en" } });
    const html = await home.text();
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain(`@eastside@${new URL(instance.url).host}`);
  });

  it("does not list who follows the network to strangers, only how many", async () => {
    const response = await fetch(`${instance.actorUrl}/followers`, { headers: AP });
    expect(response.status).toBe(200);
    const collection = await response.json();
    expect(collection.totalItems).toBe(0);
    expect(collection.orderedItems ?? collection.items ?? []).toEqual([]);
  });

  it("accepts an API token until it is revoked", async () => {
    const member = await instance.services.members.addMember({ username: "coord", role: "coordinator" });
    const { token, record } = await instance.services.tokens.issue(member, { days: 1, label: "test" });
    const me = await fetch(`${instance.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: "coord", role: "coordinator" });

    await instance.services.tokens.revoke(record.id);
    const revoked = await fetch(`${instance.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ error: "The token has been revoked." });

    const forged = await fetch(`${instance.url}/api/me`, { headers: { authorization: `Bearer ${token}x` } });
    expect(forged.status).toBe(401);
    const missing = await fetch(`${instance.url}/api/me`);
    expect(missing.status).toBe(401);
  });
});
