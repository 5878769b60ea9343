import { describe, expect, it } from "vitest";
import { listRecentDeliveries } from "../db/queries/notification-deliveries.ts";
import { inTransaction } from "../db/transaction.ts";
import { testDriver } from "./support/database.ts";
import { eventually, RestartableInstance } from "./support/instance.ts";
import { startSmtpServer } from "./support/smtp.ts";

describe(`an e-mail handed over just before a crash (${testDriver})`, () => {
  it("is not sent again when the worker stops between the SMTP answer and recording it", async () => {
    const server = await startSmtpServer();
    const restartable = await RestartableInstance.create("northside", { SMTP_URL: server.url });
    try {
      const running = restartable.running;
      const member = await running.services.members.addMember({ username: "nell", role: "member", email: "nell@example.test" });
      // The database goes away after the server has the message and before it answers, so the
      // worker hears "250" but can no longer record it: as if it died right there.
      // The worker may send before the transaction has handed back its connection: close after.
      let notified: Promise<unknown> = Promise.resolve();
      server.beforeAnswer = async () => {
        server.beforeAnswer = null;
        await notified;
        await running.database.close();
      };
      notified = inTransaction(running.database.db, (tx) =>
        running.services.notifications.notify(tx, { members: [member.id] }, { kind: "join_approved", subjectId: member.id, url: "/" }),
      );
      await notified;
      await server.next("nell@example.test");
      await restartable.stop();
      await restartable.start();

      const [row] = await eventually(async () => {
        const rows = await listRecentDeliveries(restartable.running.database.db, "email", 10);
        return rows[0]?.status === "unconfirmed" ? rows : null;
      });
      expect(row!.attempts).toBe(1);
      // Nothing is due any more: however often the workers look, the message went out once.
      expect(await restartable.running.deliveries.deliverDue()).toBe(0);
      expect(server.received.filter((m) => m.to === "nell@example.test")).toHaveLength(1);
    } finally {
      await restartable.destroy();
      await server.close();
    }
    // Two starts of an instance on a database in a folder: slow on a busy machine.
  }, 120_000);
});
