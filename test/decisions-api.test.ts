import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { eventually, startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";

// Deciding together through the JSON API, as members (and apps) see it. The instance's clock
// is ours: the tests move it instead of waiting for a decision to close.

const DAY = 86_400_000;
let now = Date.now();
let instance: TestInstance;
let starter: Person;
let coordinator: Person;
let voters: Person[];

beforeAll(async () => {
  instance = await startTestInstance("eastside", {}, undefined, { clock: () => new Date(now) });
  starter = await makePerson(instance, "sami_starter", "member");
  coordinator = await makePerson(instance, "coord_cleo", "coordinator");
  voters = [];
  for (const name of ["vera", "wen", "xavi", "yusuf"]) voters.push(await makePerson(instance, name, "member"));
});
afterAll(() => instance?.destroy());

const inDays = (days: number) => new Date(now + days * DAY).toISOString();

async function start(body: Record<string, unknown>, as: Person = starter) {
  const created = await api(instance, "POST", "/decisions", {
    as,
    body: { body: "As discussed at the last meeting.", closesAt: inDays(7), ...body },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; status: string };
}

const vote = (as: Person, id: string, body: unknown) => api(instance, "POST", `/decisions/${id}/votes`, { as, body });
const get = (as: Person, id: string) => api(instance, "GET", `/decisions/${id}`, { as });

async function notices(person: Person): Promise<{ kind: string; text: string; url: string }[]> {
  return (await api(instance, "GET", "/notifications", { as: person })).body.items;
}

describe(`deciding together through the API (${testDriver})`, () => {
  it("a member starts a consent decision, the others are told, and each vote shows with its reason", async () => {
    const decision = await start({ title: "Open the pantry on Sundays", process: "consent" });
    expect(decision).toMatchObject({ status: "open", process: "consent", starter: "sami_starter", voterCount: 0 });
    const url = `${instance.url}/decisions/${decision.id}`;
    expect(await notices(voters[0]!)).toContainEqual(
      expect.objectContaining({
        kind: "decision_opened",
        text: "A new decision is open: “Open the pantry on Sundays”. Have your say.",
        url,
      }),
    );
    expect((await notices(starter)).some((n) => n.url === url)).toBe(false);

    const objection = await vote(voters[0]!, decision.id, { choice: "object" });
    expect(objection.status).toBe(422);
    expect(objection.body.fields).toEqual({ reason: "say why you object" });
    expect((await vote(voters[0]!, decision.id, { choice: "object", reason: "Nobody has the keys on Sundays." })).status).toBe(200);
    expect((await vote(voters[1]!, decision.id, { choice: "consent" })).status).toBe(200);
    // A vote can be changed until it closes: still one vote per member.
    const changed = await vote(voters[0]!, decision.id, { choice: "stand_aside", reason: "Fine if someone else opens." });
    expect(changed.body).toMatchObject({
      voterCount: 2,
      myVote: { choice: "stand_aside", reason: "Fine if someone else opens." },
      tally: { voters: 2, eligible: 6, counts: { consent: 1, object: 0, stand_aside: 1 } },
    });
    const seen = await get(coordinator, decision.id);
    expect(seen.body.votes).toEqual([
      expect.objectContaining({ member: "vera", choice: "stand_aside", reason: "Fine if someone else opens." }),
      expect.objectContaining({ member: "wen", choice: "consent", reason: null }),
    ]);
    expect(seen.body).not.toHaveProperty("result");

    // Members only: the public gets nothing, not even the list.
    expect((await api(instance, "GET", `/decisions/${decision.id}`)).status).toBe(401);
    expect((await api(instance, "GET", "/decisions")).status).toBe(401);
  });

  it("names each bad field, and says not found for a decision that does not exist", async () => {
    const bad = await api(instance, "POST", "/decisions", {
      as: starter,
      body: { title: "x", body: "", process: "lottery", closesAt: "next week", quorum: 2, hideResults: "sometimes" },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["body", "closesAt", "hideResults", "process", "quorum", "title"]);
    const rules = await api(instance, "POST", "/decisions", {
      as: starter,
      body: { title: "Which day?", body: "Pick one.", process: "poll", options: ["Monday"], closesAt: inDays(-1), anyOf: true },
    });
    expect(rules.status).toBe(422);
    expect(rules.body.fields).toEqual({ closesAt: "is in the past", options: "give at least two options" });
    const consentWithOptions = await api(instance, "POST", "/decisions", {
      as: starter,
      body: { title: "Paint the shed", body: "Green.", process: "consent", options: ["a", "b"], closesAt: inDays(1) },
    });
    expect(consentWithOptions.body.fields).toEqual({ options: "only polls, ranked choices and meeting times have options" });

    const poll = await start({ title: "Where to hold the swap", process: "poll", options: ["Library", "Church hall"] });
    const wrongShape = await vote(voters[0]!, poll.id, { ranking: ["Library"] });
    expect(wrongShape.status).toBe(422);
    expect(wrongShape.body.fields).toEqual({ ranking: "this decision takes `choice`, not `ranking`" });
    expect((await vote(voters[0]!, poll.id, { choice: "The moon" })).body.fields).toEqual({
      choice: "choose among the options: Library; Church hall",
    });
    expect((await vote(voters[0]!, poll.id, { choices: "Library" })).status).toBe(400);
    const closeBadly = await api(instance, "POST", `/decisions/${poll.id}/close`, { as: starter, body: { reviewOn: "2020-02-30" } });
    expect([400, 422]).toContain(closeBadly.status);
    expect(Object.keys(closeBadly.body.fields)).toEqual(["reviewOn"]);

    for (const id of ["00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      expect((await get(starter, id)).status).toBe(404);
      expect((await vote(starter, id, { choice: "agree" })).status).toBe(404);
    }
  });

  it("ranked choice: closed by its starter with an outcome, shows the winner round by round, and goes in the log", async () => {
    const ranked = await start({
      title: "Name the tool library",
      process: "ranked",
      options: ["Toolbox", "Lend-a-hand", "Shed"],
      quorum: 0.5,
    });
    // First preferences: Toolbox 2, Lend-a-hand 1, Shed 1: Shed, listed later, goes out first. Then Toolbox 2,
    // Lend-a-hand 2: Lend-a-hand had fewer first preferences, so it goes out.
    await vote(voters[0]!, ranked.id, { ranking: ["Toolbox"] });
    await vote(voters[1]!, ranked.id, { ranking: ["toolbox", "Shed"] });
    await vote(voters[2]!, ranked.id, { ranking: ["Lend-a-hand"] });
    expect((await vote(voters[3]!, ranked.id, { ranking: ["Shed", "Lend-a-hand", "Shed"] })).body.fields).toEqual({
      "ranking.2": "this option is already listed",
    });
    await vote(voters[3]!, ranked.id, { ranking: ["Shed", "Lend-a-hand"] });

    const byOther = await api(instance, "POST", `/decisions/${ranked.id}/close`, { as: voters[0]!, body: { outcome: "Toolbox" } });
    expect(byOther.status).toBe(403);
    const closed = await api(instance, "POST", `/decisions/${ranked.id}/close`, {
      as: starter,
      body: { outcome: "We call it Lend-a-hand… no: Toolbox, as voted.", reviewOn: new Date(now + 90 * DAY).toISOString().slice(0, 10) },
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({
      status: "closed",
      outcome: "We call it Lend-a-hand… no: Toolbox, as voted.",
      outcomeBy: "sami_starter",
    });
    expect(closed.body.result).toEqual({
      quorumReached: true,
      winner: "Toolbox",
      rounds: [
        { counts: { Toolbox: 2, "Lend-a-hand": 1, Shed: 1 }, exhausted: 0, eliminated: "Shed" },
        { counts: { Toolbox: 2, "Lend-a-hand": 2 }, exhausted: 0, eliminated: "Lend-a-hand" },
        { counts: { Toolbox: 2 }, exhausted: 2, eliminated: null },
      ],
    });
    expect((await vote(voters[0]!, ranked.id, { ranking: ["Shed"] })).status).toBe(409);
    expect(await notices(voters[2]!)).toContainEqual(expect.objectContaining({ kind: "decision_outcome" }));

    const log = await instance.services.decisions.outcomes(await memberOf(voters[3]!));
    expect(log[0]).toMatchObject({ title: "Name the tool library", outcome: "We call it Lend-a-hand… no: Toolbox, as voted." });
    const listed = await api(instance, "GET", "/decisions", { as: voters[3]! });
    const statuses = listed.body.map((d: { status: string }) => d.status);
    expect(statuses.indexOf("closed")).toBeGreaterThan(statuses.lastIndexOf("open"));
  });

  it("hides results until one has voted or until it closes, and an anonymous decision shows counts only, for good", async () => {
    const untilVoted = await start({ title: "Buy a second freezer", process: "proposal", hideResults: "until_voted" });
    await vote(voters[0]!, untilVoted.id, { choice: "block", reason: "No room for it." });
    expect((await get(voters[1]!, untilVoted.id)).body).toMatchObject({ tally: null, votes: null, voterCount: 1 });
    const afterVoting = await vote(voters[1]!, untilVoted.id, { choice: "agree" });
    expect(afterVoting.body.tally.counts).toEqual({ agree: 1, abstain: 0, disagree: 0, block: 1 });

    const secret = await start({ title: "Trust the new treasurer", process: "proposal", hideResults: "until_closed", anonymous: true });
    const mine = await vote(voters[0]!, secret.id, { choice: "disagree", reason: "Too soon." });
    expect(mine.body).toMatchObject({ tally: null, votes: null, myVote: { choice: "disagree", reason: "Too soon." } });
    await vote(voters[1]!, secret.id, { choice: "agree" });
    await api(instance, "POST", `/decisions/${secret.id}/close`, { as: coordinator, body: {} });
    for (const person of [coordinator, starter, voters[0]!]) {
      const closed = (await get(person, secret.id)).body;
      expect(closed.tally.counts).toEqual({ agree: 1, abstain: 0, disagree: 1, block: 0 });
      expect(closed.votes).toBeNull();
      expect(JSON.stringify(closed)).not.toContain(person === voters[0] ? "wen" : "vera");
    }
  });

  it("only its starter or a coordinator closes it; the outcome is written once, maybe later; a coordinator's close is logged", async () => {
    const decision = await start({ title: "Move the distribution to Fridays", process: "consent" });
    const closed = await api(instance, "POST", `/decisions/${decision.id}/close`, { as: coordinator, body: {} });
    expect(closed.body).toMatchObject({ status: "closed", outcome: null, canClose: true });
    const noOutcome = await api(instance, "POST", `/decisions/${decision.id}/close`, { as: starter, body: {} });
    expect(noOutcome.status).toBe(422);
    expect(Object.keys(noOutcome.body.fields)).toEqual(["outcome"]);
    const written = await api(instance, "POST", `/decisions/${decision.id}/close`, {
      as: starter,
      body: { outcome: "Fridays from March." },
    });
    expect(written.body).toMatchObject({ outcome: "Fridays from March.", canClose: false });
    const again = await api(instance, "POST", `/decisions/${decision.id}/close`, { as: coordinator, body: { outcome: "Saturdays." } });
    expect(again.status).toBe(409);
    const log = await instance.services.log.list(await memberOf(voters[0]!));
    expect(log).toContainEqual(
      expect.objectContaining({ actor: "coord_cleo", action: "decision_closed", detail: "Move the distribution to Fridays" }),
    );
  });

  it("lets a member start ten decisions a day, since each one tells everyone; the eleventh waits", async () => {
    const eager = voters[3]!;
    for (let n = 1; n <= 10; n++) await start({ title: `Idea number ${n}`, process: "consent" }, eager);
    const eleventh = await api(instance, "POST", "/decisions", {
      as: eager,
      body: { title: "Idea number 11", body: "One more.", process: "consent", closesAt: inDays(7) },
    });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.limit).toBe("decisions_per_member");
  });

  it("takes any-of polls and meeting times as lists or {time: answer} pairs", async () => {
    const anyOf = await start({ title: "What to bring to the picnic", process: "poll", anyOf: true, options: ["Bread", "Fruit", "Juice"] });
    await vote(voters[0]!, anyOf.id, { choices: ["Bread", "Juice"] });
    expect((await vote(voters[1]!, anyOf.id, { choices: ["juice"] })).body.tally.counts).toEqual({ Bread: 1, Fruit: 0, Juice: 2 });

    const meeting = await start({ title: "The spring assembly", process: "meeting_time", options: ["Sat 10:00", "Sun 17:00"] });
    await vote(voters[0]!, meeting.id, { choices: { "Sat 10:00": "yes", "Sun 17:00": "if_need_be" } });
    const second = await vote(voters[1]!, meeting.id, { choices: ["Sun 17:00"] });
    expect(second.body.tally.times).toEqual({
      "Sat 10:00": { yes: 1, if_need_be: 0, no: 1 },
      "Sun 17:00": { yes: 1, if_need_be: 1, no: 0 },
    });
    expect(second.body.myVote).toEqual({ choices: { "Sat 10:00": "no", "Sun 17:00": "yes" }, reason: null });
    const unknown = await vote(voters[2]!, meeting.id, { choices: { "Sat 10:00": "perhaps" } });
    expect(unknown.body.fields).toEqual({ "choices.Sat 10:00": "answer one of: yes, if_need_be, no" });
  });

  it("reminds who has not voted a day before it closes (once), then closes on its own and asks its starter for the outcome", async () => {
    const decision = await start({ title: "Share the van with the food bank", process: "proposal", closesAt: inDays(3), quorum: 0.9 });
    await vote(voters[0]!, decision.id, { choice: "agree" });
    const url = `${instance.url}/decisions/${decision.id}`;
    now += 2.5 * DAY;
    const reminded = await eventually(async () => (await notices(voters[1]!)).find((n) => n.kind === "decision_closing" && n.url === url));
    expect(reminded.text).toBe("“Share the van with the food bank” closes within a day, and you have not voted yet.");
    expect((await notices(voters[0]!)).some((n) => n.kind === "decision_closing" && n.url === url)).toBe(false);
    // Never twice: another pass finds nothing left to remind of.
    expect(await instance.services.decisions.remindClosing()).toBe(0);
    expect((await notices(voters[1]!)).filter((n) => n.kind === "decision_closing" && n.url === url)).toHaveLength(1);

    now += 1 * DAY;
    const closed = await eventually(async () => {
      const seen = await get(voters[1]!, decision.id);
      return seen.body.status === "closed" ? seen.body : null;
    });
    expect(closed).toMatchObject({ outcome: null, result: { quorumReached: false }, tally: { voters: 1, eligible: 6 } });
    expect(await notices(starter)).toContainEqual(
      expect.objectContaining({
        kind: "decision_closed",
        text: "Voting on “Share the van with the food bank” has closed. Write its outcome.",
        url,
      }),
    );
    expect((await vote(voters[1]!, decision.id, { choice: "agree" })).status).toBe(409);
  });
});

async function memberOf(person: Person) {
  return instance.services.members.getByUsername(person.username);
}
