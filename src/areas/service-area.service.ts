import type { Database } from "../../db/database.ts";
import { insertServiceArea, listServiceAreas, type ServiceAreaRow } from "../../db/queries/service-areas.ts";
import { ConflictError, InvalidInputError } from "../errors.ts";

export type ServiceArea = ServiceAreaRow;

/** The network's service areas: neighbourhoods that posts name instead of addresses. */
export class ServiceAreaService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async add(name: string): Promise<ServiceArea> {
    const trimmed = name.trim().replace(/\s+/g, " ");
    if (trimmed.length === 0 || trimmed.length > 80) throw new InvalidInputError("name", "use 1 to 80 characters");
    const area = await insertServiceArea(this.#db, trimmed);
    if (area === undefined) throw new ConflictError(`name: an area called "${trimmed}" already exists`);
    return area;
  }

  list(): Promise<ServiceArea[]> {
    return listServiceAreas(this.#db);
  }
}
