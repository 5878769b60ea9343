import type { Availability } from "../../src/matching/volunteer.service.ts";
import type { TestInstance } from "./instance.ts";
import type { Person } from "./people.ts";

/** Makes `person` an approved volunteer through the real services: they offer to help, a coordinator approves. */
export async function approveVolunteer(
  instance: TestInstance,
  person: Person,
  coordinator: Person,
  availability: Omit<Availability, "status"> = { weekdays: [], note: "", maxTasks: 2 },
): Promise<void> {
  const { members, volunteers } = instance.services;
  await volunteers.setAvailability(await members.getByUsername(person.username), availability);
  await volunteers.approve(await members.getByUsername(coordinator.username), person.id);
}
