import { parseArgs, type ParseArgsConfig } from "node:util";
import { DomainError } from "../errors.ts";
import { MEMBER_ROLES, type MemberRole } from "../members/member.service.ts";
import type { Services } from "../services.ts";
import { SOFTWARE_VERSION } from "../version.ts";

/** Where a command writes: stdout for results, stderr for errors and hints. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** A mistake in how the command was called: exit code 2, with the usage. */
class UsageError extends Error {}

const HELP = `Mycelium operator commands (npm run cli -- COMMAND …)

  member add USERNAME --role member|coordinator|admin [--name "Display name"] [--email ADDRESS]
                                             (the operator vouches for the address: it counts as verified)
  member list
  member password-link USERNAME              a new one-time link to set a password
  token USERNAME [--days N] [--label TEXT]   print a new API token (last line)
  token list USERNAME
  token revoke TOKEN_ID
  area add NAME                              add a service area
  area list
  network follow ACTOR_URL|@name@host        follow another network
  network list                               known networks, and who follows whom
  network approve ID                         accept another network's follow
  network reject ID                          refuse another network's follow
  crisis declare --as COORDINATOR --title TEXT --areas "A,B" --categories food,shelter
                 --severity low|moderate|severe|extreme [--delay MINUTES] [--hops N] [--description TEXT]
  crisis end ID --as COORDINATOR
  crisis list
  mail test ADDRESS                          send a test e-mail through SMTP_URL and print the server's answer
  db copy-to-postgres --to postgres://…      copy the embedded database, keys included, into an
                                             empty PostgreSQL database (with Mycelium stopped)
  version

Add --help to any command for its options. Errors exit with status 1, misuse with 2.`;

type Handler = (args: string[], services: Services, output: CliOutput) => Promise<void>;

const COMMANDS: Record<string, Handler> = {
  "member add": async (args, services, { out }) => {
    const { values, positionals } = parse(args, { role: { type: "string" }, name: { type: "string" }, email: { type: "string" } }, [
      "USERNAME",
    ]);
    if (values.role === undefined) throw new UsageError(`--role is required (${MEMBER_ROLES.join(", ")})`);
    const member = await services.members.addMember({
      username: positionals[0]!,
      role: values.role as MemberRole,
      displayName: values.name,
      email: values.email,
    });
    out(`Added ${member.role} ${member.username} (id ${member.id}).`);
    const link = await services.accounts.createSetPasswordLink(member);
    out(`They set their password, once, at this link (valid until ${link.expiresAt.toISOString().slice(0, 10)}):`);
    out(link.url.href);
  },
  "mail test": async (args, services, { out }) => {
    const { positionals } = parse(args, {}, ["ADDRESS"]);
    out(`The server answered: ${await services.memberSettings.sendTestEmail(positionals[0]!)}`);
  },
  "member password-link": async (args, services, { out }) => {
    const { positionals } = parse(args, {}, ["USERNAME"]);
    const member = await services.members.getByUsername(positionals[0]!);
    const link = await services.accounts.createSetPasswordLink(member);
    out(`Set-password link for ${member.username} (valid until ${link.expiresAt.toISOString().slice(0, 10)}):`);
    out(link.url.href);
  },
  "member list": async (args, services, { out }) => {
    parse(args, {}, []);
    for (const m of await services.members.list()) out(`${m.username}\t${m.role}\t${m.status}\t${m.displayName ?? ""}`);
  },
  token: async (args, services, { out, err }) => {
    const { values, positionals } = parse(args, { days: { type: "string" }, label: { type: "string" } }, ["USERNAME"]);
    const days = values.days === undefined ? 90 : Number(values.days);
    const member = await services.members.getByUsername(positionals[0]!);
    const { token, record } = await services.tokens.issue(member, { days, label: values.label ?? "cli" });
    err(`Token ${record.id} for ${member.username}, valid until ${record.expiresAt.toISOString()}.`);
    err("Keep it secret. Revoke it with `token revoke ID`.");
    out(token);
  },
  "token list": async (args, services, { out }) => {
    const { positionals } = parse(args, {}, ["USERNAME"]);
    const member = await services.members.getByUsername(positionals[0]!);
    for (const t of await services.tokens.list(member)) {
      const state = t.revokedAt !== null ? "revoked" : t.expiresAt < new Date() ? "expired" : "active";
      out(`${t.id}\t${state}\t${t.expiresAt.toISOString()}\t${t.label}`);
    }
  },
  "token revoke": async (args, services, { out }) => {
    const { positionals } = parse(args, {}, ["TOKEN_ID"]);
    const token = await services.tokens.revoke(positionals[0]!);
    out(`Revoked token ${token.id}.`);
  },
  "area add": async (args, services, { out }) => {
    const { positionals } = parse(args, {}, ["NAME"]);
    const area = await services.areas.add(positionals[0]!);
    out(`Added service area "${area.name}".`);
  },
  "area list": async (args, services, { out }) => {
    parse(args, {}, []);
    for (const area of await services.areas.list()) out(area.name);
  },
  "network follow": async (args, services, { out }) => {
    const { positionals } = parse(args, {}, ["ACTOR"]);
    const network = await services.networks.follow(positionals[0]!);
    out(`Follow sent to ${network.name ?? network.actor} (id ${network.id}); it waits for their answer.`);
  },
  "network list": async (args, services, { out }) => {
    parse(args, {}, []);
    for (const n of await services.networks.list()) {
      const relation = n.sibling ? "sibling" : `they follow us: ${n.follower ?? "no"}; we follow them: ${n.following ?? "no"}`;
      out(`${n.id}\t${n.type}\t${n.handle ?? n.actor}\t${relation}`);
    }
  },
  "network approve": async (args, services, { out }) => {
    const { positionals } = parse(args, {}, ["ID"]);
    const network = await services.networks.approveFollower(positionals[0]!);
    out(`Accepted the follow from ${network.handle ?? network.actor}.`);
  },
  "network reject": async (args, services, { out }) => {
    const { positionals } = parse(args, {}, ["ID"]);
    const network = await services.networks.rejectFollower(positionals[0]!);
    out(`Refused the follow from ${network.handle ?? network.actor}.`);
  },
  "crisis declare": async (args, services, { out }) => {
    const { values } = parse(
      args,
      {
        as: { type: "string" },
        title: { type: "string" },
        description: { type: "string" },
        areas: { type: "string" },
        categories: { type: "string" },
        severity: { type: "string" },
        delay: { type: "string" },
        hops: { type: "string" },
      },
      [],
    );
    for (const required of ["as", "title", "areas", "categories", "severity"] as const) {
      if (values[required] === undefined) throw new UsageError(`--${required} is required`);
    }
    const coordinator = await services.members.getByUsername(values.as!);
    const crisis = await services.crises.declare(coordinator, {
      title: values.title!,
      description: values.description ?? "",
      areas: splitList(values.areas!),
      categories: splitList(values.categories!) as never,
      severity: values.severity as never,
      forwardDelayMinutes: values.delay === undefined ? undefined : Number(values.delay),
      maxHops: values.hops === undefined ? undefined : Number(values.hops),
    });
    out(`Declared "${crisis.title}" (id ${crisis.id}); unmet requests there are forwarded to sibling networks.`);
  },
  "crisis end": async (args, services, { out }) => {
    const { values, positionals } = parse(args, { as: { type: "string" } }, ["ID"]);
    if (values.as === undefined) throw new UsageError("--as is required");
    const crisis = await services.crises.end(await services.members.getByUsername(values.as), positionals[0]!);
    out(`Ended "${crisis.title}".`);
  },
  "crisis list": async (args, services, { out }) => {
    parse(args, {}, []);
    for (const c of await services.crises.list()) {
      out(`${c.id}\t${c.active ? "active" : "over"}\t${c.severity}\t${c.title}\t${c.areas.join(", ")}`);
    }
  },
  version: async (args, _services, { out }) => {
    parse(args, {}, []);
    out(`mycelium ${SOFTWARE_VERSION}`);
  },
};

/** Which command `argv` names (longest match first), and the arguments after it. */
export function findCommand(argv: readonly string[]): { name: string; args: string[] } | null {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(" ");
    if (argv.length >= words && name in COMMANDS) return { name, args: argv.slice(words) };
  }
  return null;
}

/** Whether `argv` only asks for help, so nothing needs opening. */
export function isHelpRequest(argv: readonly string[]): boolean {
  return argv.length === 0 || argv.includes("--help") || argv.includes("-h") || findCommand(argv) === null;
}

/** Runs one command and returns its exit code. */
export async function runCommand(argv: readonly string[], services: Services | null, output: CliOutput): Promise<number> {
  const command = findCommand(argv);
  if (command === null || argv.includes("--help") || argv.includes("-h")) {
    const unknown = argv.length > 0 && command === null && !argv.includes("--help") && !argv.includes("-h");
    if (unknown) output.err(`Unknown command: ${argv.join(" ")}\n`);
    (unknown ? output.err : output.out)(HELP);
    return unknown ? 2 : 0;
  }
  try {
    await COMMANDS[command.name]!(command.args, services!, output);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`${command.name}: ${error.message}. See \`${command.name} --help\`.`);
      return 2;
    }
    if (error instanceof DomainError) {
      output.err(`${command.name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, names: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, ""));
  }
  if (parsed.positionals.length !== names.length) {
    throw new UsageError(
      names.length === 0 ? "takes no arguments" : `expects ${names.join(" ")}, got ${parsed.positionals.length} argument(s)`,
    );
  }
  return parsed;
}
