import type { MemberRole } from "../../src/members/member.service.ts";
import type { TestInstance } from "./instance.ts";
import { WebClient } from "./web-client.ts";

export interface Person {
  username: string;
  id: string;
  /** Signed in through the set-password link, as a new member would be. */
  web: WebClient;
  /** An API token of theirs. */
  token: string;
}

/** Makes a member through the real services, signs them in on the web, and gives them a token. */
export async function makePerson(instance: TestInstance, username: string, role: MemberRole, displayName?: string): Promise<Person> {
  const member = await instance.services.members.addMember({ username, role, displayName });
  const link = await instance.services.accounts.createSetPasswordLink(member);
  const web = new WebClient(instance.url, { "accept-language": "en" });
  const set = await web.post(link.url.pathname, { password: `${username}-secret-pw` });
  if (set.status !== 303) throw new Error(`setting ${username}'s password answered ${set.status}`);
  const { token } = await instance.services.tokens.issue(member, { days: 1, label: "test" });
  return { username, id: member.id, web, token };
}

/** Calls the JSON API, as `person` or as the public. */
export async function api(
  instance: TestInstance,
  method: string,
  path: string,
  options: { as?: Person; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${instance.url}/api${path}`, {
    method,
    headers: {
      ...(options.as ? { authorization: `Bearer ${options.as.token}` } : {}),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
