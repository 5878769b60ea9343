import type { Database } from "../../db/database.ts";
import { insertServiceArea, listServiceAreas, type ServiceAreaRow } from "../../db/queries/service-areas.ts";
import { inTransaction } from "../../db/transaction.ts";
import { InvalidFieldsError } from "../errors.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Member } from "../members/member.service.ts";
import { checkTypedText } from "../validation.ts";

export type ServiceArea = ServiceAreaRow;

/** The network's service areas: neighbourhoods that posts name instead of addresses. */
export class ServiceAreaService {
  readonly #db: Database;
  readonly #log: CoordinatorLogService;

  constructor(db: Database, log: CoordinatorLogService) {
    this.#db = db;
    this.#log = log;
  }

  /** Adds an area; `admin` is who did it on the web (the operator's CLI is not logged). */
  async add(name: string, admin?: Member): Promise<ServiceArea> {
    const trimmed = checkTypedText("name", name, { min: 1, max: 80, minError: "use 1 to 80 characters" }).replace(/\s+/g, " ");
    return inTransaction(this.#db, async (tx) => {
      const area = await insertServiceArea(tx, trimmed);
      if (area === undefined) throw new InvalidFieldsError({ name: `an area called "${trimmed}" already exists` });
      if (admin !== undefined) await this.#log.record(tx, admin, "area_added", { detail: area.name });
      return area;
    });
  }

  list(): Promise<ServiceArea[]> {
    return listServiceAreas(this.#db);
  }
}
