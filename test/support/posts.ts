import type { TestInstance } from "./instance.ts";
import { api, type Person } from "./people.ts";

/** Publishes a public request through the API, as a member would; resolves to its id. */
export async function publishRequest(instance: TestInstance, author: Person, title: string, area: string): Promise<string> {
  const created = await api(instance, "POST", "/posts", {
    as: author,
    body: { kind: "request", category: "food", title, details: `${title}, for the neighbours.`, urgency: "normal", area },
  });
  if (created.status !== 201) throw new Error(`publishing "${title}" answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body.id;
}
