import type { Database } from "../../db/database.ts";
import { upsertAreaAlias } from "../../db/queries/conversations.ts";
import { findServiceAreaByName, insertServiceArea, listServiceAreas, type ServiceAreaRow } from "../../db/queries/service-areas.ts";
import { inTransaction } from "../../db/transaction.ts";
import { InvalidFieldsError } from "../errors.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Member } from "../members/member.service.ts";
import { normalise } from "../sms/grammar.ts";
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

  /** Another name people text for an area ("eastside", "el centro"); the SMS grammar matches it like the name. */
  async addAlias(alias: string, areaName: string): Promise<void> {
    const name = normalise(checkTypedText("alias", alias, { min: 2, max: 80, minError: "use 2 to 80 characters" }));
    if (name === "") throw new InvalidFieldsError({ alias: "use letters or digits" });
    const area = await findServiceAreaByName(this.#db, areaName);
    if (area === undefined) throw new InvalidFieldsError({ area: `no area is called "${areaName}"` });
    await upsertAreaAlias(this.#db, name, area.id);
  }

  list(): Promise<ServiceArea[]> {
    return listServiceAreas(this.#db);
  }
}
