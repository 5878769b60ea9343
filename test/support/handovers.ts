import type { TestInstance } from "./instance.ts";
import { api, type Person } from "./people.ts";

async function call(instance: TestInstance, method: string, path: string, as: Person, body: unknown): Promise<{ id: string }> {
  const answer = await api(instance, method, path, { as, body });
  if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/**
 * A handover done, through the API as people would do it: a request and an offer in `area`,
 * matched by the coordinator, accepted, given to the volunteer (approved, with room for it)
 * and completed. Resolves to the match's id.
 */
export async function completeHandover(
  instance: TestInstance,
  people: { coordinator: Person; requester: Person; offerer: Person; volunteer: Person },
  area: string,
): Promise<string> {
  const { coordinator, requester, offerer, volunteer } = people;
  const request = await call(instance, "POST", "/posts", requester, { kind: "request", category: "groceries", title: "Groceries", area });
  const offer = await call(instance, "POST", "/posts", offerer, { kind: "offer", category: "groceries", title: "Spare groceries", area });
  const match = await call(instance, "POST", "/matches", coordinator, { request: request.id, offer: offer.id, quantity: 1 });
  await call(instance, "PATCH", `/matches/${match.id}`, coordinator, { status: "accepted" });
  await call(instance, "PATCH", `/matches/${match.id}`, coordinator, { volunteer: volunteer.username });
  await call(instance, "PATCH", `/matches/${match.id}`, coordinator, { status: "completed" });
  return match.id;
}
