import type { Database } from "../../db/database.ts";
import { deleteAreaAlias, listAreaAliases, upsertAreaAlias } from "../../db/queries/conversations.ts";
import { findServiceAreaByName, insertServiceArea, listServiceAreas, type ServiceAreaRow } from "../../db/queries/service-areas.ts";
import { inTransaction } from "../../db/transaction.ts";
import { InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import type { Member } from "../members/member.service.ts";
import type { SharedState } from "../shared-state.ts";
import { normalise } from "../sms/vocabulary.ts";
import { checkTypedText } from "../validation.ts";

export type ServiceArea = ServiceAreaRow;

/** The network's service areas: neighbourhoods that posts name instead of addresses. */
export class ServiceAreaService {
  readonly #db: Database;
  readonly #log: CoordinatorLogService;
  readonly #shared: SharedState;

  constructor(db: Database, log: CoordinatorLogService, shared: SharedState) {
    this.#db = db;
    this.#log = log;
    this.#shared = shared;
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

  /**
   * Another name people text or write for an area ("eastside", "el centro"); the message
   * grammar matches it like the name. `admin` is who did it on the web (the CLI is not logged).
   */
  async addAlias(alias: string, areaName: string, admin?: Member): Promise<void> {
    const name = normalise(checkTypedText("alias", alias, { min: 2, max: 80, minError: "use 2 to 80 characters" }));
    if (name === "") throw new InvalidFieldsError({ alias: "use letters or digits" });
    const area = await findServiceAreaByName(this.#db, areaName);
    if (area === undefined) throw new InvalidFieldsError({ area: `no area is called "${areaName}"` });
    await inTransaction(this.#db, async (tx) => {
      await upsertAreaAlias(tx, name, area.id);
      if (admin !== undefined) await this.#log.record(tx, admin, "area_alias_added", { detail: `${name} → ${area.name}` });
    });
  }

  listAliases(): Promise<{ alias: string; areaName: string }[]> {
    return listAreaAliases(this.#db);
  }

  async removeAlias(alias: string, admin: Member): Promise<void> {
    await inTransaction(this.#db, async (tx) => {
      const areaName = await deleteAreaAlias(tx, alias);
      if (areaName === undefined) throw new NotFoundError("No such name.");
      await this.#log.record(tx, admin, "area_alias_removed", { detail: `${alias} → ${areaName}` });
    });
  }

  /** The board's filter lists them on every page: read from memory while none changed (see SharedState). */
  async list(): Promise<ServiceArea[]> {
    return [...(await this.#shared.get("areas", () => listServiceAreas(this.#db)))];
  }
}
