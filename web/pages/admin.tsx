import type { HandoverSlugs } from "../../db/schema/handbook.ts";
import type { ServiceArea } from "../../src/areas/service-area.service.ts";
import type { VolunteerSummary } from "../../src/matching/volunteer.service.ts";
import type { AdminWarning } from "../../src/members/admin-warnings.ts";
import type { LogEntry } from "../../src/members/coordinator-log.service.ts";
import { MEMBER_ROLES, type Member, type MemberPage } from "../../src/members/member.service.ts";
import { isAdmin } from "../../src/members/viewer.ts";
import type { NetworkProfile } from "../../src/networks/network-settings.service.ts";
import { DataTable } from "../components/data-table.tsx";
import { Checkbox, ErrorSummary, Notice, Select, TextArea, TextField } from "../components/fields.tsx";
import { Isolated } from "../components/isolated.tsx";
import { useFormat, When } from "../components/when.tsx";
import { useT, useWebContext } from "../env.ts";
import type { FormValues } from "../forms.ts";
import { AdminWarnings } from "./admin-warnings.tsx";
import { HandoverLinks } from "./orientation.tsx";

/** How long a request must have waited to be declined with "decline every request…" (0: any). */
export const DECLINE_OLDER_THAN_DAYS = ["0", "1", "7", "30"] as const;

/**
 * Vetting and roles, for coordinators; inviting people in; approving volunteers; declining a
 * flood of join requests; and, for admins, warnings of what rests on one person.
 */
export function MembersPage({
  page,
  warnings,
  volunteers,
  invite,
  declined,
  orientation,
}: {
  page: MemberPage;
  /** For admins: what rests on one person. */
  warnings: AdminWarning[];
  volunteers: VolunteerSummary[];
  invite: { url: string; expiresAt: string } | null;
  declined: number | null;
  /** When each member listed accepted the agreements, and the roles' handover checklists. */
  orientation: MembersOrientation;
}) {
  const t = useT();
  const c = useWebContext();
  const me = c.var.member;
  const roles = MEMBER_ROLES.filter((r) => r !== "admin" || isAdmin(me));
  const members = page.items;
  const pending = members.filter((m) => m.status === "pending");
  const lastPage = Math.max(1, Math.ceil(page.total / page.perPage));
  return (
    <>
      <h1>{t("members.title")}</h1>
      <AdminWarnings warnings={warnings} />
      {declined !== null && (
        <Notice>
          <p>{t("members.declined", { count: declined })}</p>
        </Notice>
      )}
      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t("members.invite")}</h2>
        {invite && (
          <Notice>
            <p>{t("members.inviteCreated", { date: useFormat().dayOf(invite.expiresAt) })}</p>
            <p>
              <code>{invite.url}</code>
            </p>
          </Notice>
        )}
        <form method="post" action="/members/invites">
          <Select name="role" label={t("field.role")} value="member" options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          <button type="submit">{t("members.createInvite")}</button>
        </form>
      </section>
      {page.pending > 0 && (
        <section aria-labelledby="pending-heading">
          <h2 id="pending-heading">{t("members.pendingCount", { count: page.pending })}</h2>
          {pending.length > 0 && (
            <>
              <ul class="posts">
                {pending.map((m) => (
                  <li class="post">
                    <h3>{m.displayName ?? m.username}</h3>
                    <p class="meta">
                      <bdi>@{m.username}</bdi> · <When iso={m.createdAt.toISOString()} />
                    </p>
                    {m.joinMessage && (
                      <p class="pre-line" dir="auto">
                        {m.joinMessage}
                      </p>
                    )}
                    <label class="choice">
                      <input type="checkbox" name="id" value={m.id} form="decline-selected" />
                      {t("members.select", { username: m.username })}
                    </label>{" "}
                    <StatusButton member={m} status="active" label={t("members.approve")} />
                  </li>
                ))}
              </ul>
              <form method="post" action="/members/join-requests/decline" id="decline-selected">
                <button type="submit" class="secondary">
                  {t("members.declineSelected")}
                </button>
              </form>
            </>
          )}
          <form method="post" action="/members/join-requests/decline">
            <Select
              name="olderThanDays"
              label={t("members.declineOlderThan")}
              value="7"
              options={DECLINE_OLDER_THAN_DAYS.map((days) => ({ value: days, label: t(`members.olderThan.${days}`) }))}
            />
            <Checkbox name="confirm" label={t("members.declineConfirm")} checked={false} />
            <button type="submit" class="secondary">
              {t("members.declineAll")}
            </button>
          </form>
        </section>
      )}
      {volunteers.length > 0 && <VolunteerRoster volunteers={volunteers} />}
      <section aria-labelledby="all-heading">
        <h2 id="all-heading">{t("members.all")}</h2>
        <DataTable columns={[t("field.username"), t("field.role"), t("field.status"), t("members.actions")]}>
          {members.map((m) => (
            <tr>
              <td>
                {m.username}
                {m.displayName && <span class="hint">{m.displayName}</span>}
                <AgreementsAccepted at={orientation.acceptedAt.get(m.id)} />
              </td>
              <td>
                {t(`role.${m.role}`)}
                {m.roleUntil !== null && ` ${t("terms.until", { day: useFormat().day(m.roleUntil) })}`}
                {m.treasurer && `, ${t("books.treasurer")}`}
                {m.treasurer && m.treasurerUntil !== null && ` ${t("terms.until", { day: useFormat().day(m.treasurerUntil) })}`}
                <HandoverLinks member={m} checklists={orientation.checklists} />
              </td>
              <td>{t(`memberStatus.${m.status}`)}</td>
              <td>
                {m.id !== me.id && (m.role !== "admin" || isAdmin(me)) && (
                  <>
                    <form method="post" action={`/members/${m.id}/role`} class="inline">
                      <label for={`role-${m.id}`} class="inline">
                        {t("members.roleFor", { username: m.username })}
                      </label>{" "}
                      <select id={`role-${m.id}`} name="role">
                        {roles.map((r) => (
                          <option value={r} selected={r === m.role}>
                            {t(`role.${r}`)}
                          </option>
                        ))}
                      </select>{" "}
                      {isAdmin(me) && (
                        <TermField id={`role-until-${m.id}`} label={t("terms.roleUntil", { username: m.username })} value={m.roleUntil} />
                      )}
                      <button type="submit" class="secondary">
                        {t("members.setRole")}
                      </button>
                    </form>{" "}
                    {isAdmin(me) && m.status === "active" && (
                      <form method="post" action={`/members/${m.id}/treasurer`} class="inline">
                        <input type="hidden" name="treasurer" value="on" />
                        <TermField
                          id={`treasurer-until-${m.id}`}
                          label={t("terms.treasurerUntil", { username: m.username })}
                          value={m.treasurerUntil}
                        />
                        <button
                          type="submit"
                          aria-label={`${t(m.treasurer ? "terms.saveTreasurer" : "books.makeTreasurer")}: ${m.username}`}
                        >
                          {t(m.treasurer ? "terms.saveTreasurer" : "books.makeTreasurer")}
                        </button>
                      </form>
                    )}{" "}
                    {isAdmin(me) && m.treasurer && (
                      <form method="post" action={`/members/${m.id}/treasurer`} class="inline">
                        <input type="hidden" name="treasurer" value="off" />
                        <button type="submit" class="secondary" aria-label={`${t("books.endTreasurer")}: ${m.username}`}>
                          {t("books.endTreasurer")}
                        </button>
                      </form>
                    )}{" "}
                    {m.status === "active" ? (
                      <StatusButton member={m} status="suspended" label={t("members.suspend")} />
                    ) : (
                      <StatusButton
                        member={m}
                        status="active"
                        label={m.status === "pending" ? t("members.approve") : t("members.reactivate")}
                      />
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
        {lastPage > 1 && (
          <nav class="pager" aria-label={t("board.pages")}>
            {page.page > 1 && (
              <a href={`/members?page=${page.page - 1}`} rel="prev">
                {t("board.previous")}
              </a>
            )}
            <span>{t("board.pageOf", { page: page.page, pages: lastPage })}</span>
            {page.page < lastPage && (
              <a href={`/members?page=${page.page + 1}`} rel="next">
                {t("board.next")}
              </a>
            )}
          </nav>
        )}
      </section>
    </>
  );
}

export interface MembersOrientation {
  acceptedAt: Map<string, Date>;
  checklists: HandoverSlugs;
}

function AgreementsAccepted({ at }: { at: Date | undefined }) {
  const t = useT();
  if (at === undefined) return null;
  return <span class="hint">{t("orientation.acceptedOn", { date: useFormat().dayOf(at) })}</span>;
}

/** Who asked to volunteer and who is approved: approving lets them take handovers opened to volunteers. */
function VolunteerRoster({ volunteers }: { volunteers: VolunteerSummary[] }) {
  const t = useT();
  const decide = (v: VolunteerSummary, decision: "approve" | "remove", label: string, secondary: boolean) => (
    <form method="post" action={`/members/${v.id}/volunteer`} class="inline">
      <input type="hidden" name="decision" value={decision} />
      <button type="submit" class={secondary ? "secondary" : undefined} aria-label={`${label}: ${v.username}`}>
        {label}
      </button>
    </form>
  );
  return (
    <section aria-labelledby="volunteers-heading">
      <h2 id="volunteers-heading">{t("members.volunteers")}</h2>
      <p class="hint">{t("members.volunteersHint")}</p>
      <ul class="posts">
        {volunteers.map((v) => (
          <li class="post">
            <h3>{v.displayName ?? v.username}</h3>
            <p class="meta">
              @{v.username} · {t(`members.volunteerStatus.${v.availability.status}`)} ·{" "}
              {t("match.volunteerOption", {
                name: v.displayName ?? v.username,
                tasks: v.tasks,
                max: v.availability.maxTasks,
                days: v.availability.weekdays.map((d) => t(`weekday.${d}`)).join(", ") || t("match.anyDay"),
              })}
            </p>
            {v.availability.note && <p>{v.availability.note}</p>}
            {v.availability.status === "asked" && decide(v, "approve", t("members.approveVolunteer"), false)}{" "}
            {decide(v, "remove", v.availability.status === "asked" ? t("members.declineVolunteer") : t("members.removeVolunteer"), true)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function StatusButton({ member, status, label }: { member: Member; status: string; label: string }) {
  return (
    <form method="post" action={`/members/${member.id}/status`} class="inline">
      <input type="hidden" name="status" value={status} />
      <button type="submit" aria-label={`${label}: ${member.username}`}>
        {label}
      </button>
    </form>
  );
}

/** The settings' on/off switches: the field, and the name of its label (and hint) under `settings`. */
export const SETTINGS_SWITCHES = [
  ["shareMembersOnlyWithSiblings", "shareWithSiblings"],
  ["peerToPeerClaims", "peerToPeer"],
  ["publicSummary", "publicSummary"],
  ["membersCreateEvents", "membersCreateEvents"],
  ["publicBooks", "publicBooks"],
] as const;
export type SettingsSwitch = (typeof SETTINGS_SWITCHES)[number][0];

export function SettingsPage({
  profile,
  areas,
  values,
  errors,
  saved,
}: {
  profile: NetworkProfile;
  areas: ServiceArea[];
  values: FormValues;
  errors: Record<string, string>;
  saved: boolean;
}) {
  const t = useT();
  return (
    <>
      <h1>{t("settings.title")}</h1>
      {saved && (
        <Notice>
          <p>{t("settings.saved")}</p>
        </Notice>
      )}
      <ErrorSummary errors={errors} />
      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{t("settings.details")}</h2>
        <p class="hint">
          <Isolated text="settings.handle" values={{ handle: profile.handle }} />
        </p>
        <form method="post" action="/settings" novalidate>
          <TextField name="name" label={t("field.networkName")} value={values.name ?? profile.name} error={errors.name} maxlength={100} />
          <TextArea
            name="summary"
            label={t("field.summary")}
            value={values.summary ?? profile.summary}
            error={errors.summary}
            optional
            maxlength={1000}
          />
          {SETTINGS_SWITCHES.map(([name, text]) => (
            <Checkbox
              name={name}
              label={t(`settings.${text}`)}
              hint={t(`settings.${text}Hint`)}
              checked={values.name === undefined ? profile[name] : values[name] === "on"}
            />
          ))}
          <button type="submit">{t("settings.save")}</button>
        </form>
      </section>
      <section aria-labelledby="areas-heading">
        <h2 id="areas-heading">{t("settings.areas")}</h2>
        <p class="hint">{t("settings.areasHint")}</p>
        {areas.length === 0 ? (
          <p>{t("settings.noAreas")}</p>
        ) : (
          <ul>
            {areas.map((a) => (
              <li>{a.name}</li>
            ))}
          </ul>
        )}
        <form method="post" action="/settings/areas" novalidate>
          <TextField name="areaName" label={t("settings.newArea")} value={values.areaName} error={errors.areaName} maxlength={80} />
          <button type="submit">{t("settings.addArea")}</button>
        </form>
        <p>
          <a href="/settings/messages">{t("messaging.link")}</a> · <a href="/handbook/settings">{t("orientation.settings.title")}</a>
        </p>
      </section>
    </>
  );
}

/** The day a role's term ends (admins give terms): empty for no end. */
function TermField({ id, label, value }: { id: string; label: string; value: string | null }) {
  return (
    <>
      <label for={id} class="inline">
        {label}
      </label>{" "}
      <input type="date" id={id} name="until" value={value ?? ""} />{" "}
    </>
  );
}

export function LogPage({ entries }: { entries: LogEntry[] }) {
  const t = useT();
  return (
    <>
      <h1>{t("log.title")}</h1>
      <p>{t("log.intro")}</p>
      {entries.length === 0 ? (
        <p>{t("log.empty")}</p>
      ) : (
        <DataTable columns={[t("log.when"), t("log.who"), t("log.what")]}>
          {entries.map((e) => (
            <tr>
              <td>
                <When iso={e.at} />
              </td>
              <td>
                {e.actor ??
                  (e.action === "role_term_ended" || e.action === "convenor_term_ended" ? t("log.automatic") : t("log.formerMember"))}
              </td>
              <td>
                {t(`log.action.${e.action}`, { subject: e.subject ?? "", detail: e.detail ?? "" })}
                {e.postId && (
                  <>
                    {" "}
                    <a href={`/posts/${e.postId}`}>{t("log.post")}</a>
                  </>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
