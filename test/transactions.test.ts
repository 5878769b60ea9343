import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveNetworkSettings } from "../db/queries/network-settings.ts";
import { inTransaction } from "../db/transaction.ts";
import { parseConfig } from "../src/config.ts";
import { openInstance, type OpenInstance } from "../src/instance.ts";
import { createTestDatabase, testDriver } from "./support/database.ts";

// One rule: a read inside a transaction is given the transaction. On PGlite a read beside
// an open transaction waits for it (and so never returns); on PostgreSQL it reads what was
// committed before. (scripts/check-transactions.mjs keeps the ambient lookup out of the code.)

let instance: OpenInstance;

beforeAll(async () => {
  const database = await createTestDatabase();
  if (database.location.databaseUrl === undefined) await database.drop();
  instance = await openInstance(
    parseConfig({
      ORIGIN: "http://127.0.0.1:1",
      NETWORK_HANDLE: "eastside",
      NETWORK_NAME: "Eastside mutual aid",
      DATA_DIR: database.location.dataDir,
      DATABASE_URL: database.location.databaseUrl,
    }),
  );
  const close = instance.close;
  instance.close = async () => {
    await close();
    if (database.location.databaseUrl !== undefined) await database.drop();
  };
}, 180_000);
afterAll(() => instance?.close());

describe(`reads inside an open transaction (${testDriver})`, () => {
  it("return without waiting for it, and see its uncommitted writes; nothing of it remains after a rollback", async () => {
    const { db } = instance.database;
    const { services } = instance;
    const seen = await inTransaction(db, async (tx) => {
      await saveNetworkSettings(tx, {
        name: "Renamed inside",
        summary: "",
        shareMembersOnlyWithSiblings: true,
        peerToPeerClaims: false,
        publicSummary: false,
      });
      const profile = await services.settings.profile(tx);
      const followers = await services.networks.acceptedFollowers(tx);
      return { profile, followers };
    });
    expect(seen).toMatchObject({ profile: { name: "Renamed inside", shareMembersOnlyWithSiblings: true }, followers: [] });

    await expect(
      inTransaction(db, async (tx) => {
        await saveNetworkSettings(tx, {
          name: "Rolled back",
          summary: "",
          shareMembersOnlyWithSiblings: false,
          peerToPeerClaims: false,
          publicSummary: false,
        });
        expect((await services.settings.profile(tx)).name).toBe("Rolled back");
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await services.settings.profile()).name).toBe("Renamed inside");
  });
});
