import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { api, makePerson, type Person } from "./support/people.ts";
import { visibleText } from "./support/web-client.ts";

// Roles held for a term: an admin gives one on the members page, admins are reminded a week
// before it ends (once), and on its day the role ends unless renewed. The instance's clock is
// ours; the tests run the workers' sweep themselves.

const DAY = 86_400_000;

/** A day as the members page writes it for an English reader. */
const shown = (isoDay: string) =>
  new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${isoDay}T00:00:00Z`));

let now = Date.parse("2027-03-01T12:00:00Z");
let instance: TestInstance;
let admin: Person;
let secondAdmin: Person;

beforeAll(async () => {
  instance = await startTestInstance("eastside", {}, undefined, { clock: () => new Date(now) });
  admin = await makePerson(instance, "ada_admin", "admin");
  secondAdmin = await makePerson(instance, "bo_admin", "admin");
});
afterAll(() => instance?.destroy());

const day = (daysAhead: number) => new Date(now + daysAhead * DAY).toISOString().slice(0, 10);
/** A day as an English reader sees it in a notice. */
const calendarDay = (date: string) =>
  new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
const member = (username: string) => instance.services.members.getByUsername(username);
const sweep = async () => {
  await instance.services.roleTerms.remindEnding();
  await instance.services.roleTerms.endDue();
};

async function notices(person: Person): Promise<{ kind: string; text: string }[]> {
  return (await api(instance, "GET", "/notifications", { as: person })).body.items;
}

describe(`roles with terms (${testDriver})`, () => {
  it("an admin gives a coordinator a term on the members page; a day not after today is refused, naming the field", async () => {
    const cleo = await makePerson(instance, "cleo", "member");
    const until = day(30);
    const given = await admin.web.post(`/members/${cleo.id}/role`, { role: "coordinator", until });
    expect(given.status).toBe(303);
    expect(visibleText((await admin.web.page("/members")).html)).toContain(`Coordinator until ${shown(until)}`);
    expect(visibleText((await admin.web.page("/log")).html)).toContain(`set the term of cleo (coordinator → ${until})`);
    const past = await admin.web.post(`/members/${cleo.id}/role`, { role: "admin", until: day(0) });
    expect(past.status).toBe(400);
    expect(visibleText(await past.text())).toContain("choose a day after today");
    expect((await member("cleo")).role).toBe("coordinator");
    const coordinator = await makePerson(instance, "coord_no_terms", "coordinator");
    await expect(instance.services.roleTerms.setTerm(await member(coordinator.username), cleo.id, "role", day(9))).rejects.toThrow(
      "Only admins give roles a term.",
    );
    // Nor can a coordinator lift the term by changing the role twice.
    await expect(instance.services.accounts.setRole(await member(coordinator.username), cleo.id, "member")).rejects.toThrow(
      "only an admin can change it",
    );
  });

  it("admins are reminded once, a week before; on its day the role ends, is logged, and its holder is told", async () => {
    const dee = await makePerson(instance, "dee", "coordinator");
    await instance.services.roleTerms.setTerm(await member(admin.username), dee.id, "role", day(10));
    await sweep();
    expect((await notices(admin)).some((n) => n.kind === "role_term_ending")).toBe(false);

    now += 4 * DAY;
    // Two workers sweeping at once still remind once.
    await Promise.all([instance.services.roleTerms.remindEnding(), instance.services.roleTerms.remindEnding()]);
    await sweep();
    for (const who of [admin, secondAdmin]) {
      const reminders = (await notices(who)).filter((n) => n.kind === "role_term_ending" && n.text.startsWith("dee"));
      expect(reminders.map((n) => n.text)).toEqual([
        `dee's term as coordinator ends on ${calendarDay(day(6))}. Renew it on the members page, or hand the role over.`,
      ]);
    }
    expect((await notices(dee)).some((n) => n.kind === "role_term_ending")).toBe(false);

    now += 6 * DAY;
    await sweep();
    expect((await member("dee")).role).toBe("member");
    expect((await member("dee")).roleUntil).toBeNull();
    expect(visibleText((await dee.web.page("/log")).html)).toContain("the network (a term ended) ended dee's term as coordinator");
    expect((await notices(dee)).map((n) => n.text)).toContain("Your term as coordinator has ended. Thank you for the work you did.");
  });

  it("a renewed term does not end on the old day, and is reminded of again before the new one", async () => {
    const eli = await makePerson(instance, "eli", "coordinator");
    const ada = await member(admin.username);
    await instance.services.roleTerms.setTerm(ada, eli.id, "role", day(3));
    await sweep();
    await instance.services.roleTerms.setTerm(ada, eli.id, "role", day(40));
    now += 3 * DAY;
    await sweep();
    expect((await member("eli")).role).toBe("coordinator");
    now += 34 * DAY;
    await sweep();
    expect((await notices(admin)).filter((n) => n.kind === "role_term_ending" && n.text.startsWith("eli"))).toHaveLength(2);
  });

  it("a treasurer's term ends the treasurer's role; the last admin's term leaves them admin", async () => {
    const fay = await makePerson(instance, "fay", "member");
    await admin.web.post(`/members/${fay.id}/treasurer`, { treasurer: "on", until: day(5) });
    expect((await member("fay")).treasurer).toBe(true);
    expect(visibleText((await admin.web.page("/members")).html)).toContain(`fay Member, treasurer until ${shown(day(5))}`);

    const ada = await member(admin.username);
    await instance.services.accounts.setRole(ada, secondAdmin.id, "member");
    await instance.services.roleTerms.setTerm(ada, ada.id, "role", day(5));
    now += 5 * DAY;
    await sweep();
    expect((await member("fay")).treasurer).toBe(false);
    expect((await member(admin.username)).role).toBe("admin");
  });

  it("when every admin's term ends on the same day, exactly one of them stays admin", async () => {
    await makePerson(instance, "cy_admin", "admin");
    await makePerson(instance, "di_admin", "admin");
    const cy = await member("cy_admin");
    const usernames = ["ada_admin", "bo_admin", "cy_admin", "di_admin"];
    for (const username of usernames) {
      const held = await member(username);
      if (held.role === "admin") await instance.services.roleTerms.setTerm(cy, held.id, "role", day(3));
    }
    now += 3 * DAY;
    await sweep();
    const admins = (await Promise.all(usernames.map(member))).filter((m) => m.role === "admin");
    expect(admins).toHaveLength(1);
  });

  it("a convenorship for a term: its group is reminded, then it ends (they stay in the group); a last convenor stays", async () => {
    const coordinator = await makePerson(instance, "coord_gus", "coordinator");
    const gia = await makePerson(instance, "gia", "member");
    const created = await api(instance, "POST", "/working-groups", { as: coordinator, body: { name: "Kitchen", purpose: "Meals." } });
    const path = `/working-groups/${created.body.id}`;
    const bad = await api(instance, "POST", `${path}/convenors`, { as: coordinator, body: { username: "gia", until: day(0) } });
    expect(bad.body.fields).toEqual({ until: "choose a day after today" });
    const named = await api(instance, "POST", `${path}/convenors`, { as: coordinator, body: { username: "gia", until: day(8) } });
    expect(named.body).toMatchObject({ convenors: ["coord_gus", "gia"], convenorTerms: { gia: day(8) } });
    // In another group the coordinator convenes alone, for a term: as its last convenor, they stay.
    const alone = await api(instance, "POST", "/working-groups", { as: coordinator, body: { name: "Garden", purpose: "Beds." } });
    await api(instance, "POST", `/working-groups/${alone.body.id}/convenors`, {
      as: coordinator,
      body: { username: "coord_gus", until: day(8) },
    });

    now += 2 * DAY;
    await sweep();
    await sweep();
    const reminders = (await notices(gia)).filter((n) => n.kind === "convenor_term_ending");
    expect(reminders.map((n) => n.text)).toEqual([
      `gia's term as convenor of Kitchen ends on ${calendarDay(day(6))}. Name them again to renew it, or name someone else.`,
    ]);

    now += 6 * DAY;
    await sweep();
    const group = await api(instance, "GET", path, { as: gia });
    expect(group.body.members).toContain("gia");
    expect(group.body.convenors).toEqual(["coord_gus"]);
    expect((await api(instance, "GET", `/working-groups/${alone.body.id}`, { as: gia })).body.convenors).toEqual(["coord_gus"]);
    expect((await notices(gia)).map((n) => n.text)).toContain(
      "Your term as convenor of a working group has ended. Thank you for the work you did.",
    );
  });
});
