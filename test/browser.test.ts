import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Member } from "../src/members/member.service.ts";
import { expectNoAxeViolations, expectNoSidewaysScrolling, hasChromium, launchChromium, SKIP_REASON } from "./support/browser.ts";
import { testDriver } from "./support/database.ts";
import { localWindow } from "./support/dates.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";

// The web pages in a real browser (Debian's Chromium, driven by playwright-core): a
// member's way from the set-password link to a request on the board, a form error, a
// phone-sized screen, and an axe-core accessibility check of every page.

if (!hasChromium) console.warn(`test/browser.test.ts ${SKIP_REASON}`);
const PASSWORD = "correct horse battery";

let instance: TestInstance;
let browser: Browser;
const contexts: BrowserContext[] = [];
let admin: Member;
let coordinator: Member;
let member: Member;
/** A public request with private contact details, entered by a coordinator for someone else. */
let publicPostId: string;
let matchId: string;
let decisionId: string;
let eventId: string;
let proposalId: string;
/** A member who has not accepted the network's agreements yet. */
let newMember: Member;
let groupId: string;
/** A set-password link nobody has used. */
let unusedSetPasswordLink: string;
/** An invitation link nobody has used. */
let inviteLink: string;

type Who = "public" | "member" | "coordinator" | "admin" | "newMember";

/** Each person's cookies once they have signed in through the sign-in page, so later pages need not sign in again. */
const signedIn = new Map<Who, Awaited<ReturnType<BrowserContext["storageState"]>>>();

/** Each person's page, kept from test to test for the tests that need no options of their own. */
const kept = new Map<Who, Page>();
/** Playwright's default, which `expectNoSidewaysScrolling` narrows to a phone's. */
const DESKTOP = { width: 1280, height: 720 };

/**
 * A page signed in as `who` (unless the public): through the sign-in page the first time,
 * then with the cookies that sign-in gave (hashing a password for each of the pages below
 * took a third of this file's time). Without options, each person's page is reused, set
 * back to those cookies and the desktop size: a new context starts a new renderer process,
 * which parses axe-core's half a megabyte afresh (0.4 s a page more).
 */
async function open(who: Who, options: BrowserContextOptions = {}): Promise<Page> {
  const storageState = who === "public" ? undefined : signedIn.get(who);
  const reusable = Object.keys(options).length === 0;
  const page = reusable ? kept.get(who) : undefined;
  if (page !== undefined) {
    await page.context().clearCookies();
    if (storageState) await page.context().addCookies(storageState.cookies);
    await page.setViewportSize(DESKTOP);
    cspViolations.set(page, []);
    return page;
  }
  const context = await browser.newContext({ locale: "en-GB", ...options, ...(storageState ? { storageState } : {}) });
  contexts.push(context);
  // A locator that finds nothing fails within seconds with its own message, not at the test's timeout.
  context.setDefaultTimeout(5_000);
  const opened = await context.newPage();
  cspViolations.set(opened, []);
  opened.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.get(opened)!.push(`${opened.url()}: ${message.text()}`);
  });
  if (who !== "public" && storageState === undefined) {
    const username = { member, coordinator, admin, newMember }[who].username;
    await opened.goto(`${instance.url}/sign-in`);
    await opened.getByRole("textbox", { name: "Username" }).fill(username);
    await opened.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await opened.getByRole("button", { name: "Sign in" }).click();
    // A member with the agreements still to accept reads them first.
    await opened.waitForURL(`${instance.url}${who === "newMember" ? "/welcome" : "/"}`);
    signedIn.set(who, await context.storageState());
  }
  if (reusable) kept.set(who, opened);
  return opened;
}

/** What the Content-Security-Policy blocked on each page, as Chromium reports it. */
const cspViolations = new WeakMap<Page, string[]>();

/** The page's stylesheet applied (body margin 0 comes from it) and the policy blocked nothing. */
async function expectNothingBlocked(page: Page, what: string): Promise<void> {
  await expect(
    page.evaluate(() => getComputedStyle(document.body).marginTop),
    `${what}: stylesheet applied`,
  ).resolves.toBe("0px");
  expect(cspViolations.get(page), `${what}: blocked by the Content-Security-Policy`).toEqual([]);
}

async function visit(page: Page, path: string, status = 200): Promise<void> {
  const response = await page.goto(`${instance.url}${path}`);
  expect(response?.status(), `GET ${path}`).toBe(status);
}

/** The texts of the elements an element's aria-describedby points to. */
function descriptionOf(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluate((element) =>
    (element.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? `(missing #${id})`),
  );
}

async function setPassword(who: Member): Promise<void> {
  const { url } = await instance.services.accounts.createSetPasswordLink(who);
  await instance.services.accounts.setPasswordWithLink(url.pathname.split("/").pop()!, PASSWORD);
}

describe.skipIf(!hasChromium)(`the web pages in Chromium (${testDriver})${hasChromium ? "" : `, ${SKIP_REASON}`}`, () => {
  beforeAll(async () => {
    instance = await startTestInstance("eastside", { NETWORK_SUMMARY: "Neighbours helping neighbours on the east side." });
    const { services } = instance;
    await services.areas.add("East side");
    await services.areas.add("Old Town");
    admin = await services.members.addMember({ username: "ada", role: "admin", displayName: "Ada" });
    coordinator = await services.members.addMember({ username: "cora", role: "coordinator", displayName: "Cora" });
    member = await services.members.addMember({ username: "mia", role: "member", displayName: "Mia" });
    for (const who of [admin, coordinator, member]) await setPassword(who);
    const sam = await services.members.addMember({ username: "sam", role: "member" });
    unusedSetPasswordLink = (await services.accounts.createSetPasswordLink(sam)).url.pathname;
    inviteLink = (await services.accounts.createInvite(coordinator, "member")).url.pathname;
    await services.accounts.requestToJoin({ username: "newcomer", password: PASSWORD, message: "I live near the park." }, "test setup");

    // Something on every page: a request entered for someone else (logged), an offer with
    // a name shown, and the member's own request that expires soon ("still needed?").
    const entered = await services.posts.create(coordinator, {
      kind: "request",
      category: "medication_pickup",
      title: "Pick up a prescription",
      details: "From the pharmacy on the high street, once a week.",
      urgency: "high",
      area: "Old Town",
      onBehalfOfSomeoneElse: true,
      contact: { name: "Mr Jones", phone: "555-0100" },
    });
    publicPostId = entered.id;
    await services.posts.create(coordinator, {
      kind: "offer",
      category: "transport",
      title: "Lifts to the clinic on Tuesdays",
      area: "East side",
      showAuthorName: true,
      quantity: 3,
      unit: "seats",
    });
    // A match on its way: proposed, accepted, scheduled, waiting for a volunteer; the
    // member volunteers (approved, and the handover opened to volunteers), and the public
    // summary is switched on.
    const pharmacyRun = await services.posts.create(member, {
      kind: "offer",
      category: "medication_pickup",
      title: "Pharmacy runs on my way to work",
      area: "Old Town",
      quantity: 2,
      contact: { phone: "555-0199" },
    });
    const match = await services.matches.create(coordinator, { request: entered.id, offer: pharmacyRun.id, quantity: 1 });
    await services.matches.setStatus(coordinator, match.id, "accepted");
    await services.matches.schedule(coordinator, match.id, { method: "delivery", ...localWindow(30) });
    matchId = match.id;
    // A ranked choice the member has voted on, and a closed decision with its outcome for the log.
    const ranked = await services.decisions.create(member, {
      title: "Name the tool library",
      body: "Three names came up at the assembly.",
      process: "ranked",
      options: ["Toolbox", "Lend-a-hand", "Shed"],
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    await services.decisions.vote(member, ranked.id, { ranking: ["Shed", "Toolbox"], reason: "Short and clear." });
    decisionId = ranked.id;
    const closed = await services.decisions.create(coordinator, {
      title: "Open the pantry on Sundays",
      body: "From next month.",
      process: "consent",
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await services.decisions.close(coordinator, closed.id, {
      outcome: "Opened on Sundays, 10 to 12.",
      reviewOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    });
    await services.volunteers.setAvailability(member, { weekdays: ["tue", "sat"], note: "Evenings", maxTasks: 2 });
    await services.volunteers.approve(coordinator, member.id);
    await services.matches.setOpenToVolunteers(coordinator, match.id, true);
    await services.settings.update(admin, {
      name: "eastside",
      summary: "Neighbours helping neighbours on the east side.",
      shareMembersOnlyWithSiblings: false,
      peerToPeerClaims: true,
      publicSummary: true,
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await services.posts.create(member, {
      kind: "request",
      category: "meals",
      title: "Hot meals for a family of four",
      area: "East side",
      urgency: "critical",
      neededBy: tomorrow,
      visibility: "members",
    });

    // An assembly with an agenda and minutes, full, that the member is going to.
    const eventStart = new Date(Date.now() + 5 * 86_400_000);
    const assembly = await services.events.create(coordinator, {
      title: "Monthly assembly",
      description: "Everyone has a voice.",
      kind: "assembly",
      startsAt: eventStart.toISOString(),
      endsAt: new Date(eventStart.getTime() + 2 * 3_600_000).toISOString(),
      area: "East side",
      place: "Community hall",
      address: "12 Elm Street",
      capacity: 1,
      visibility: "public",
    });
    await services.events.update(coordinator, assembly.id, {
      agenda: [{ title: "The pantry's opening hours" }],
      minutes: "To be written.",
    });
    await services.events.rsvp(member, assembly.id, { response: "going" });
    eventId = assembly.id;

    // The handbook: a page with two revisions and a proposed edit; the agreements chosen and
    // accepted by all but a new member; a checklist for coordinators.
    const keys = { slug: "keys", title: "Keys", visibility: "members" } as const;
    await services.handbook.save(coordinator, { ...keys, body: "## Who has them\n\nAna.\n\n## The code\n\nOn the door." });
    await services.handbook.save(coordinator, {
      ...keys,
      body: "## Who has them\n\nBen.\n\n## The code\n\nOn the door.",
      baseRevision: 1,
      note: "Ben has them now",
    });
    const proposal = await services.handbookProposals.propose(member, "keys", {
      title: "Keys",
      body: "## Who has them\n\nBen and Mia.\n\n## The code\n\nOn the door.",
      baseRevision: 2,
      note: "I have a set too",
    });
    proposalId = proposal.id;
    await services.orientation.updateSettings(admin, {
      welcomeSlug: "welcome",
      agreementsSlug: "agreements",
      handoverSlugs: { coordinator: "keys" },
    });
    for (const who of [admin, coordinator, member]) await services.orientation.accept(who);
    newMember = await services.members.addMember({ username: "nia", role: "member" });
    await setPassword(newMember);
    // A working group the member is in, with a task she took and one nobody has.
    const group = await services.groups.create(coordinator, { name: "Deliveries", purpose: "Getting food to those who asked." });
    await services.groups.join(member, group.id);
    const vanTask = await services.groupTasks.create(member, group.id, { title: "Book the van", dueOn: tomorrow });
    await services.groupTasks.update(member, group.id, vanTask.id, { action: "take" });
    await services.groupTasks.create(coordinator, group.id, { title: "Phone the bakery" });
    groupId = group.id;

    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await instance?.destroy();
  });

  it("takes a new member from the set-password link to a request on the board, without their private contact", async () => {
    const newcomer = await instance.services.members.addMember({ username: "rosa", role: "member", displayName: "Rosa" });
    const link = await instance.services.accounts.createSetPasswordLink(newcomer);
    // The pages need no JavaScript: the whole way works with it turned off.
    const context = await browser.newContext({ locale: "en-GB", javaScriptEnabled: false });
    contexts.push(context);
    context.setDefaultTimeout(5_000);
    const page = await context.newPage();

    // Setting the password signs her in, and shows her the welcome and the network's agreements;
    // she asks for help before accepting them: they never stand in the way.
    await page.goto(link.url.href);
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Set your password");
    await page.getByRole("textbox", { name: "New password" }).fill("a long enough password");
    await page.getByRole("button", { name: "Set password" }).click();
    await page.waitForURL(`${instance.url}/welcome`);
    await expect(page.getByRole("heading", { name: "Our agreements" }).isVisible()).resolves.toBe(true);
    const navigation = page.getByRole("navigation", { name: "Main" });
    await expect(navigation.getByRole("link", { name: "Account (rosa)" }).isVisible()).resolves.toBe(true);

    await navigation.getByRole("link", { name: "Post an offer or request" }).click();
    await page.waitForURL(`${instance.url}/posts/new`);
    await page.getByRole("radio", { name: "I need something" }).check();
    await page.getByRole("combobox", { name: "Category" }).selectOption({ label: "Groceries" });
    await page.getByRole("textbox", { name: "Title", exact: true }).fill("Groceries for an elderly neighbour");
    await page.getByRole("textbox", { name: "Details (optional)" }).fill("Milk, bread and fruit, once a week.");
    await page.getByRole("spinbutton", { name: "Quantity (optional)" }).fill("2");
    await page.getByRole("textbox", { name: "Unit (optional)" }).fill("bags");
    await page.getByRole("combobox", { name: "Urgency" }).selectOption({ label: "High urgency" });
    await page.getByRole("combobox", { name: "Area" }).selectOption({ label: "East side" });
    const contact = page.getByRole("group", { name: "Contact (private)" });
    await contact.getByRole("textbox", { name: "Name (optional)" }).fill("Rosa Delgado");
    await contact.getByRole("textbox", { name: "Phone (optional)" }).fill("555-0142");
    await page.getByRole("button", { name: "Post", exact: true }).click();

    // The post's page; she sees her own private details there.
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    const postUrl = page.url();
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Groceries for an elderly neighbour");
    await expect(page.getByRole("region", { name: "Private details" }).innerText()).resolves.toContain("555-0142");

    // On the board: a neighbour in East side, and nothing of the contact.
    await navigation.getByRole("link", { name: "Board" }).click();
    await page.waitForURL(`${instance.url}/`);
    const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Groceries for an elderly neighbour" }) });
    const text = await card.innerText();
    expect(text).toContain("A neighbour in East side");
    expect(text).toContain("Request");
    expect(text).toContain("High urgency");
    const board = await page.content();
    expect(board).not.toContain("Rosa Delgado");
    expect(board).not.toContain("555-0142");

    // The public sees the same, on the board and on the post's page.
    const stranger = await open("public");
    await visit(stranger, "/");
    await expect(stranger.getByRole("link", { name: "Groceries for an elderly neighbour" }).isVisible()).resolves.toBe(true);
    await stranger.goto(postUrl);
    const publicView = await stranger.content();
    await expect(stranger.locator("main").innerText()).resolves.toContain("A neighbour in East side");
    expect(publicView).not.toContain("Rosa Delgado");
    expect(publicView).not.toContain("555-0142");
  });

  it("shows a form error beside its field and keeps what was typed", async () => {
    const page = await open("member");
    await visit(page, "/posts/new");
    await page.getByRole("radio", { name: "I need something" }).check();
    await page.getByRole("combobox", { name: "Category" }).selectOption({ label: "Food" });
    await page.getByRole("textbox", { name: "Title", exact: true }).fill("ab");
    await page.getByRole("textbox", { name: "Details (optional)" }).fill("Rice and beans.");
    await page.getByRole("combobox", { name: "Area" }).selectOption({ label: "East side" });
    await page.getByRole("group", { name: "Contact (private)" }).getByRole("textbox", { name: "Name (optional)" }).fill("Rosa");
    // Submitted from the keyboard: Enter in a text field.
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("textbox", { name: "Title", exact: true }).press("Enter"),
    ]);
    expect(response.status()).toBe(422);
    await page.waitForURL(`${instance.url}/posts`);

    await expect(page.getByRole("alert").innerText()).resolves.toContain("There is a problem with 1 field");
    const title = page.getByRole("textbox", { name: "Title", exact: true });
    await expect(title.getAttribute("aria-invalid")).resolves.toBe("true");
    expect(await descriptionOf(page, "#title")).toContain("use at least 3 characters");
    // The message sits right beside the field, not only in the summary at the top.
    const besideField = await page.locator("#title").evaluate((input) => {
      const error = document.getElementById("title-error");
      return error !== null && (input.previousElementSibling === error || input.nextElementSibling === error);
    });
    expect(besideField).toBe(true);

    await expect(title.inputValue()).resolves.toBe("ab");
    await expect(page.getByRole("radio", { name: "I need something" }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole("combobox", { name: "Category" }).inputValue()).resolves.toBe("food");
    await expect(page.getByRole("textbox", { name: "Details (optional)" }).inputValue()).resolves.toBe("Rice and beans.");
    await expect(page.getByRole("combobox", { name: "Area" }).inputValue()).resolves.toBe("East side");
    await expect(
      page.getByRole("group", { name: "Contact (private)" }).getByRole("textbox", { name: "Name (optional)" }).inputValue(),
    ).resolves.toBe("Rosa");
    // Fields without an error are not marked invalid.
    await expect(page.getByRole("combobox", { name: "Area" }).getAttribute("aria-invalid")).resolves.toBeNull();
  });

  it("lets a keyboard user skip the navigation", async () => {
    const page = await open("member");
    await visit(page, "/");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip.evaluate((link) => link === document.activeElement)).resolves.toBe(true);
    // Shown when focused, inside the screen.
    const box = await skip.boundingBox();
    expect(box?.x).toBeGreaterThanOrEqual(0);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.closest("main") !== null)).resolves.toBe(true);
  });

  it.each(["public", "coordinator"] as const)("fits the board on a 360×740 phone screen without scrolling sideways (%s)", async (who) => {
    const page = await open(who, { viewport: { width: 360, height: 740 } });
    await visit(page, "/");
    await expectNoSidewaysScrolling(page, "the board");
  });

  // Each page is checked by axe-core at a desktop size, then narrowed to a phone's width.
  describe("has no accessibility violations (axe-core) and fits a phone screen", () => {
    const pages: { name: string; who: Who; path: string; status?: number; act?: (page: Page) => Promise<unknown> }[] = [
      { name: "the board, signed out", who: "public", path: "/" },
      { name: "the board, signed in", who: "member", path: "/" },
      { name: "the board, as a coordinator (more filters)", who: "coordinator", path: "/" },
      { name: "the board in Spanish", who: "public", path: "/?lang=es" },
      { name: "a post, public view", who: "public", path: "post" },
      { name: "a post, coordinator view", who: "coordinator", path: "post" },
      { name: "the post form, empty", who: "member", path: "/posts/new" },
      { name: "the post form in Spanish", who: "member", path: "/posts/new?lang=es" },
      {
        name: "the post form with errors",
        who: "member",
        path: "/posts/new",
        act: async (page) => {
          await page.getByRole("button", { name: "Post", exact: true }).click();
          await page.waitForURL(`${instance.url}/posts`);
          await page.getByRole("alert").waitFor();
        },
      },
      { name: "sign-in", who: "public", path: "/sign-in" },
      {
        name: "sign-in, failed",
        who: "public",
        path: "/sign-in",
        act: async (page) => {
          await page.getByRole("textbox", { name: "Username" }).fill("mia");
          await page.getByLabel("Password", { exact: true }).fill("wrong password");
          await page.getByRole("button", { name: "Sign in" }).click();
          await page.getByRole("alert").waitFor();
        },
      },
      { name: "ask to join", who: "public", path: "/join" },
      {
        name: "ask to join, with errors",
        who: "public",
        path: "/join",
        act: async (page) => {
          await page.getByRole("button", { name: "Ask to join" }).click();
          await page.getByRole("alert").waitFor();
        },
      },
      { name: "set-password", who: "public", path: "setPassword" },
      { name: "an invitation", who: "public", path: "invite" },
      { name: "account", who: "member", path: "/account" },
      { name: "my posts", who: "member", path: "/my/posts" },
      { name: "members, as a coordinator", who: "coordinator", path: "/members" },
      { name: "members, as an admin, with warnings and role terms", who: "admin", path: "/members" },
      {
        name: "members, as an admin, with a new invitation link",
        who: "admin",
        path: "/members",
        act: async (page) => {
          await page.getByRole("button", { name: "Make an invitation link" }).click();
          await page.getByRole("status").waitFor();
        },
      },
      { name: "settings, as an admin", who: "admin", path: "/settings" },
      { name: "text messages and e-mail intake, as an admin", who: "admin", path: "/settings/messages" },
      { name: "the coordinator log", who: "member", path: "/log" },
      { name: "the print view", who: "coordinator", path: "/print" },
      { name: "sibling networks, as a coordinator", who: "coordinator", path: "/networks" },
      { name: "nearby networks", who: "public", path: "/nearby" },
      { name: "crises, with the form to declare one", who: "coordinator", path: "/crises" },
      {
        name: "a declared crisis, with the banner on every page",
        who: "coordinator",
        path: "/crises",
        act: async (page) => {
          await page.getByLabel("Title").fill("Storm damage");
          await page.getByLabel("East side").check();
          await page.getByLabel("Shelter and housing").check();
          await page.getByRole("button", { name: "Declare the crisis" }).click();
          await page.getByRole("region", { name: "Crisis" }).first().waitFor();
        },
      },
      { name: "a match, coordinator view", who: "coordinator", path: "match" },
      { name: "my tasks, as a volunteer", who: "member", path: "/tasks" },
      {
        name: "my tasks, with a new calendar address",
        who: "member",
        path: "/tasks",
        act: async (page) => {
          await page.getByRole("button", { name: "Make a calendar address" }).click();
          await page.getByRole("status").waitFor();
        },
      },
      { name: "events, signed out", who: "public", path: "/events" },
      { name: "events, as a coordinator", who: "coordinator", path: "/events" },
      { name: "the event form", who: "coordinator", path: "/events/new" },
      {
        name: "the event form with errors",
        who: "coordinator",
        path: "/events/new",
        act: async (page) => {
          await page.getByRole("button", { name: "Create the event" }).click();
          await page.getByRole("alert").waitFor();
        },
      },
      { name: "an event, public view", who: "public", path: "event" },
      { name: "an assembly, as a member going to it", who: "member", path: "event" },
      { name: "an assembly, as its organiser", who: "coordinator", path: "event" },
      { name: "editing an assembly", who: "coordinator", path: "eventEdit" },
      { name: "the dashboard", who: "coordinator", path: "/dashboard" },
      { name: "blocked servers, with the form to block one", who: "coordinator", path: "/safety/blocks" },
      { name: "cases, with the form to open one", who: "coordinator", path: "/safety/cases" },
      { name: "notifications, with the bell's unread count", who: "member", path: "/notifications" },
      { name: "notification settings", who: "member", path: "/notifications/settings" },
      { name: "decisions", who: "member", path: "/decisions" },
      { name: "a new decision", who: "member", path: "/decisions/new" },
      {
        name: "a new decision, with errors",
        who: "member",
        path: "/decisions/new",
        act: async (page) => {
          await page.getByRole("button", { name: "Start the decision" }).click();
          await page.getByRole("alert").waitFor();
        },
      },
      { name: "a ranked choice, with the member's vote", who: "member", path: "decision" },
      { name: "a ranked choice, as a coordinator (the close form)", who: "coordinator", path: "decision" },
      { name: "the decisions log", who: "member", path: "/decisions/log" },
      { name: "working groups, with the form to create one", who: "coordinator", path: "/groups" },
      { name: "a working group, as a member in it", who: "member", path: "group" },
      { name: "the thanks stream, with the choice to appear in it", who: "member", path: "/thanks" },
      { name: "a working group, as a coordinator (naming convenors)", who: "coordinator", path: "group" },
      { name: "the public summary", who: "public", path: "/summary" },
      { name: "the handbook, signed out", who: "public", path: "/handbook" },
      { name: "the handbook, searched", who: "member", path: "/handbook?q=door" },
      { name: "a handbook page with its table of contents", who: "member", path: "/handbook/keys" },
      { name: "a starter handbook page in Spanish", who: "public", path: "/handbook/privacy?lang=es" },
      { name: "a handbook page's history", who: "member", path: "/handbook/keys/history" },
      { name: "the difference between two revisions", who: "member", path: "/handbook/keys/diff?from=1&to=2" },
      { name: "an old revision, with the restore button", who: "coordinator", path: "/handbook/keys/revisions/1" },
      { name: "a new handbook page", who: "coordinator", path: "/handbook/new" },
      { name: "editing a handbook page", who: "coordinator", path: "/handbook/keys/edit" },
      {
        name: "editing a handbook page someone else saved meanwhile: both texts",
        who: "coordinator",
        path: "/handbook/welcome/edit",
        act: async (page) => {
          const welcome = await instance.services.handbook.get(coordinator, "welcome");
          await instance.services.handbook.save(coordinator, {
            slug: "welcome",
            title: welcome.title,
            body: `${welcome.body}\nSaved meanwhile.`,
            visibility: "public",
            baseRevision: welcome.revision,
          });
          await page.getByRole("textbox", { name: "Text" }).fill("My own words.");
          await page.getByRole("button", { name: "Save", exact: true }).click();
          await page.getByRole("alert").waitFor();
        },
      },
      { name: "proposing an edit to a handbook page", who: "member", path: "/handbook/keys/propose" },
      { name: "proposed edits, as a coordinator", who: "coordinator", path: "/handbook/proposals" },
      { name: "a proposed edit, as a coordinator", who: "coordinator", path: "handbookProposal" },
      { name: "handbook settings, as an admin", who: "admin", path: "/handbook/settings" },
      { name: "the welcome and the agreements, for a new member", who: "newMember", path: "/welcome" },
      { name: "the nudge to accept the agreements, on the board", who: "newMember", path: "/" },
      { name: "account, with a handover checklist", who: "coordinator", path: "/account" },
      { name: "the not-found page", who: "public", path: "/no/such/page", status: 404 },
    ];

    it.each(pages)("$name", async ({ name, who, path, status, act }) => {
      const page = await open(who);
      const resolved =
        {
          post: `/posts/${publicPostId}`,
          match: `/matches/${matchId}`,
          decision: `/decisions/${decisionId}`,
          event: `/events/${eventId}`,
          eventEdit: `/events/${eventId}/edit`,
          handbookProposal: `/handbook/proposals/${proposalId}`,
          group: `/groups/${groupId}`,
          setPassword: unusedSetPasswordLink,
          invite: inviteLink,
        }[path] ?? path;
      await visit(page, resolved, status);
      await act?.(page);
      await expectNoAxeViolations(page, name);
      await expectNoSidewaysScrolling(page, name);
      await expectNothingBlocked(page, name);
    });

    it("marks the Spanish pages as Spanish", async () => {
      const page = await open("public");
      await visit(page, "/?lang=es");
      await expect(page.locator("html").getAttribute("lang")).resolves.toBe("es");
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Ofertas y solicitudes");
    });
  });
});
