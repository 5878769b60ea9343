import { Hono } from "hono";
import { InvalidInputError } from "../../src/errors.ts";
import { MEMBER_ROLES, type Member, type MemberRole } from "../../src/members/member.service.ts";
import { isAdmin, type Viewer } from "../../src/members/viewer.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { checked, type FormValues, fieldErrors, readForm } from "../forms.ts";
import {
  DECLINE_OLDER_THAN_DAYS,
  LogPage,
  type MembersOrientation,
  MembersPage,
  SETTINGS_SWITCHES,
  SettingsPage,
  type SettingsSwitch,
} from "../pages/admin.tsx";
import { MessagingPage } from "../pages/messaging.tsx";
import { requireAdmin, requireCoordinator, requireSignedIn } from "./auth.ts";

/** Member administration (coordinators), network settings (admins), and the log (members). */
export function adminRoutes(services: Services) {
  const app = new Hono<WebEnv>();

  app.get("/members", requireCoordinator, async (c) => {
    const page = await services.members.page(pageNumber(c.req.query("page")));
    const declined = c.req.query("declined");
    return c.render(
      <MembersPage
        page={page}
        warnings={isAdmin(c.var.viewer) ? await services.warnings.list(c.var.viewer) : []}
        volunteers={await services.volunteers.roster(c.var.viewer)}
        invite={null}
        declined={declined === undefined ? null : Number(declined) || 0}
        orientation={await membersOrientation(services, c.var.viewer, page.items)}
      />,
      {
        title: c.var.t("members.title"),
      },
    );
  });

  app.post("/members/invites", requireCoordinator, async (c) => {
    const { role } = await readForm(c);
    const chosen = (MEMBER_ROLES as readonly string[]).includes(role ?? "") ? (role as MemberRole) : "member";
    const invite = await services.accounts.createInvite(c.var.viewer, chosen);
    const page = await services.members.page(1);
    return c.render(
      <MembersPage
        page={page}
        warnings={isAdmin(c.var.viewer) ? await services.warnings.list(c.var.viewer) : []}
        volunteers={await services.volunteers.roster(c.var.viewer)}
        invite={{ url: invite.url.href, expiresAt: invite.expiresAt.toISOString() }}
        declined={null}
        orientation={await membersOrientation(services, c.var.viewer, page.items)}
      />,
      { title: c.var.t("members.title") },
    );
  });

  // Declining in bulk: the ticked requests (`id`, repeated), or every request older than
  // `olderThanDays` once `confirm` is ticked.
  app.post("/members/join-requests/decline", requireCoordinator, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const ids = [form.id ?? []].flat().filter((id): id is string => typeof id === "string");
    let declined: number;
    if (form.olderThanDays === undefined) {
      declined = await services.accounts.declineJoinRequests(c.var.viewer, { ids });
    } else {
      const days = String(form.olderThanDays);
      if (!(DECLINE_OLDER_THAN_DAYS as readonly string[]).includes(days)) {
        throw new InvalidInputError("olderThanDays", `use one of ${DECLINE_OLDER_THAN_DAYS.join(", ")}`);
      }
      if (!checked(typeof form.confirm === "string" ? form.confirm : undefined)) {
        throw new InvalidInputError("confirm", "tick the box to confirm that these requests are to be declined");
      }
      declined = await services.accounts.declineJoinRequests(c.var.viewer, {
        createdBefore: new Date(Date.now() - Number(days) * 86_400_000),
      });
    }
    return c.redirect(`/members?declined=${declined}`, 303);
  });

  app.post("/members/:id/status", requireCoordinator, async (c) => {
    const { status } = await readForm(c);
    if (status !== "active" && status !== "suspended") throw new InvalidInputError("status", "use active or suspended");
    await services.accounts.setStatus(c.var.viewer, c.req.param("id"), status);
    return c.redirect("/members", 303);
  });

  app.post("/members/:id/volunteer", requireCoordinator, async (c) => {
    const { decision } = await readForm(c);
    if (decision === "approve") await services.volunteers.approve(c.var.viewer, c.req.param("id"));
    else if (decision === "remove") await services.volunteers.remove(c.var.viewer, c.req.param("id"));
    else throw new InvalidInputError("decision", "use approve or remove");
    return c.redirect("/members", 303);
  });

  app.post("/members/:id/role", requireCoordinator, async (c) => {
    const { role, until } = await readForm(c);
    if (!(MEMBER_ROLES as readonly string[]).includes(role ?? "")) {
      throw new InvalidInputError("role", `use one of ${MEMBER_ROLES.join(", ")}`);
    }
    services.roleTerms.checkDay(until);
    await services.accounts.setRole(c.var.viewer, c.req.param("id"), role as MemberRole);
    // Admins give the role a term (or lift it) in the same form.
    if (until !== undefined && role !== "member") await services.roleTerms.setTerm(c.var.viewer, c.req.param("id"), "role", until || null);
    return c.redirect("/members", 303);
  });

  const settingsPage = async (values: Record<string, string>, errors: Record<string, string>, saved: boolean) => (
    <SettingsPage
      profile={await services.settings.profile()}
      areas={await services.areas.list()}
      values={values}
      errors={errors}
      saved={saved}
    />
  );

  app.get("/settings", requireAdmin, async (c) =>
    c.render(await settingsPage({}, {}, c.req.query("saved") === "1"), { title: c.var.t("settings.title") }),
  );

  app.post("/settings", requireAdmin, async (c) => {
    const values = await readForm(c);
    try {
      await services.settings.update(c.var.viewer, {
        name: values.name ?? "",
        summary: values.summary ?? "",
        ...(Object.fromEntries(SETTINGS_SWITCHES.map(([name]) => [name, checked(values[name])])) as Record<SettingsSwitch, boolean>),
      });
      return c.redirect("/settings?saved=1", 303);
    } catch (error) {
      c.status(422);
      return c.render(await settingsPage(values, fieldErrors(error, c.var.t), false), { title: c.var.t("settings.title") });
    }
  });

  app.post("/settings/areas", requireAdmin, async (c) => {
    const values = await readForm(c);
    try {
      await services.areas.add(values.areaName ?? "", c.var.member);
      return c.redirect("/settings?saved=1", 303);
    } catch (error) {
      const { name } = fieldErrors(error, c.var.t);
      c.status(422);
      return c.render(await settingsPage(values, { areaName: name ?? "" }, false), { title: c.var.t("settings.title") });
    }
  });

  const messagingPage = async (values: FormValues, errors: Record<string, string>) => {
    const state = services.sms === null ? null : ((await services.sms.providerState()) ?? null);
    const sms =
      services.sms === null
        ? null
        : {
            provider: services.sms.providerName,
            lastInboundAt: state?.lastInboundAt ?? null,
            lastOutboundAt: state?.lastOutboundAt ?? null,
            failures: state?.failures ?? 0,
            lastFailure: state?.lastFailure ?? null,
            lastFailureAt: state?.lastFailureAt ?? null,
          };
    return (
      <MessagingPage
        sms={sms}
        intakeAddress={services.emailIntake?.address ?? null}
        aliases={await services.areas.listAliases()}
        areas={await services.areas.list()}
        values={values}
        errors={errors}
      />
    );
  };
  app.get("/settings/messages", requireAdmin, async (c) => c.render(await messagingPage({}, {}), { title: c.var.t("messaging.title") }));
  app.post("/settings/messages/aliases", requireAdmin, async (c) => {
    const values = await readForm(c);
    try {
      await services.areas.addAlias(values.alias ?? "", values.area ?? "", c.var.member);
      return c.redirect("/settings/messages", 303);
    } catch (error) {
      c.status(422);
      return c.render(await messagingPage(values, fieldErrors(error, c.var.t)), { title: c.var.t("messaging.title") });
    }
  });
  app.post("/settings/messages/aliases/delete", requireAdmin, async (c) => {
    await services.areas.removeAlias((await readForm(c)).alias ?? "", c.var.member);
    return c.redirect("/settings/messages", 303);
  });

  app.get("/log", requireSignedIn, async (c) =>
    c.render(<LogPage entries={await services.log.list(c.var.viewer)} />, { title: c.var.t("log.title") }),
  );

  return app;
}

/** `?page=`: absent is the first page; anything but a page number is a 400 naming it. */
function pageNumber(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 1;
  if (!/^\d{1,5}$/.test(raw)) throw new InvalidInputError("page", "use a page number from 1 to 10000");
  return Number(raw);
}

/** When the listed members accepted the agreements, and the handover checklists, for the members page. */
async function membersOrientation(services: Services, viewer: Viewer, members: Member[]): Promise<MembersOrientation> {
  return {
    acceptedAt: await services.orientation.acceptances(
      viewer,
      members.map((m) => m.id),
    ),
    checklists: (await services.orientation.settings()).handoverSlugs,
  };
}
