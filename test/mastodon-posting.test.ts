import { createRestAPIClient } from "masto";
import generator from "megalodon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { mastodon, signInWithApp } from "./support/mastodon.ts";
import { Status } from "./support/mastodon-entities.ts";
import { api, makePerson, type Person } from "./support/people.ts";

let instance: TestInstance;
let member: Person;
let token: string;

beforeAll(async () => {
  instance = await startTestInstance("eastside");
  await instance.services.areas.add("East side");
  await instance.services.areas.add("Riverside");
  member = await makePerson(instance, "mona_member", "member");
  token = await signInWithApp(instance, member, { scope: "read write" });
}, 180_000);
afterAll(() => instance?.destroy());

/** The post behind a status, as its author reads it through the project's own API. */
async function postOf(status: { url?: string | null }) {
  const id = new URL(status.url!).pathname.split("/").at(-1)!;
  return (await api(instance, "GET", `/posts/${id}`, { as: member })).body;
}

describe(`posting a request or an offer from a Mastodon app (${testDriver})`, () => {
  it("turns a status with #request and a category hashtag into a post, and answers with it as a status", async () => {
    const masto = createRestAPIClient({ url: instance.url, accessToken: token });
    const status = await masto.v1.statuses.create({
      status: "#request #groceries Two bags of rice\nFor a family of four #EastSide",
      visibility: "public",
    });
    expect(status.account.group).toBe(true);
    expect(status.content).toContain("Two bags of rice");
    const raw = await mastodon(instance, `/api/v1/statuses/${status.id}`);
    expect(Status.parse(raw.body).visibility).toBe("public");
    expect(await postOf(status)).toMatchObject({
      kind: "request",
      category: "groceries",
      title: "Two bags of rice",
      details: "For a family of four",
      area: "East side",
      visibility: "public",
      status: "open",
    });
    const page = await fetch(status.url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Two bags of rice");
  });

  it("maps unlisted to members and private to coordinators, and takes the area of the member's last post", async () => {
    await mastodon(instance, "/api/v1/statuses", {
      token,
      method: "POST",
      body: { status: "#offer #tools Ladder to lend #Riverside", visibility: "public" },
    });
    const unlisted = await mastodon(instance, "/api/v1/statuses", {
      token,
      method: "POST",
      body: { status: "#request #meals Soup for Sunday", visibility: "unlisted" },
    });
    expect(unlisted.status).toBe(200);
    expect(unlisted.body.visibility).toBe("unlisted");
    expect(await postOf(unlisted.body)).toMatchObject({ visibility: "members", area: "Riverside", kind: "request", category: "meals" });
    const privately = await mastodon(instance, "/api/v1/statuses", {
      token,
      method: "POST",
      body: { status: "#request #medication_pickup Pick up my pills", visibility: "private" },
    });
    expect(privately.status).toBe(422);
    const worded = await mastodon(instance, "/api/v1/statuses", {
      token,
      method: "POST",
      body: { status: "#request #MedicationPickup Pick up my pills", visibility: "private" },
    });
    expect(await postOf(worded.body)).toMatchObject({ visibility: "coordinators", category: "medication_pickup" });
    // Not on the public timeline: members-only and coordinators-only posts stay inside.
    const publicTimeline = JSON.stringify((await mastodon(instance, "/api/v1/timelines/public?limit=40")).body);
    expect(publicTimeline).not.toContain("Soup for Sunday");
    expect(publicTimeline).not.toContain("Pick up my pills");
  });

  it("refuses anything else with a 422 whose error says the format in one sentence", async () => {
    for (const body of [
      { status: "Good morning everyone" },
      { status: "#request Some rice" },
      { status: "#request #food" },
      { status: "#request #food Rice", visibility: "direct" },
      { status: "#request #food Rice", media_ids: ["1"] },
    ]) {
      const answer = await mastodon(instance, "/api/v1/statuses", { token, method: "POST", body });
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(answer.body), JSON.stringify(body)).toEqual(["error"]);
      expect(answer.body.error.length).toBeGreaterThan(10);
    }
    const format = await mastodon(instance, "/api/v1/statuses", { token, method: "POST", body: { status: "Good morning everyone" } });
    expect(format.body.error).toContain("#request or #offer");
    // In the app's language, hashtags as the server reads them.
    for (const [body, error] of [
      [{ status: "Buenos días a todos" }, "Empieza con #request o #offer"],
      [{ status: "#request #food Arroz", visibility: "direct" }, "Elige public (todos), unlisted (miembros) o private (coordinación)"],
      [{ status: "#request #food Arroz", media_ids: ["1"] }, "Las publicaciones aún no pueden llevar imágenes ni archivos"],
    ] as const) {
      const answer = await fetch(`${instance.url}/api/v1/statuses`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "accept-language": "es-MX" },
        body: JSON.stringify(body),
      });
      expect(answer.status).toBe(422);
      expect((await answer.json()).error).toContain(error);
    }
  });

  it("asks a member without an earlier post for an area hashtag", async () => {
    const newcomer = await makePerson(instance, "nia_new", "member");
    const newToken = await signInWithApp(instance, newcomer, { scope: "write" });
    const answer = await mastodon(instance, "/api/v1/statuses", {
      token: newToken,
      method: "POST",
      body: { status: "#offer #transport Rides to the clinic" },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error).toContain("#EastSide");
  });

  it("refuses to post with a read-only token", async () => {
    const readOnly = await signInWithApp(instance, member, { scope: "read" });
    const answer = await mastodon(instance, "/api/v1/statuses", {
      token: readOnly,
      method: "POST",
      body: { status: "#offer #tools Drill #EastSide" },
    });
    expect(answer).toMatchObject({ status: 403, body: { error: "This action is outside the authorized scopes" } });
  });

  it("works from megalodon's Mastodon client, as a form post", async () => {
    const client = generator("mastodon", instance.url, token);
    const posted = await client.postStatus("#offer #goods Winter coats, two adult sizes #EastSide", { visibility: "public" });
    expect(posted.status).toBe(200);
    expect(await postOf(posted.data as { url: string })).toMatchObject({
      kind: "offer",
      category: "goods",
      title: "Winter coats, two adult sizes",
    });
  });
});
