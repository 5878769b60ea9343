import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/database.ts";
import { findMemberByUsername } from "../db/queries/members.ts";
import { createTestDatabase, type TestDatabase, testDriver } from "./support/database.ts";
import { runScript } from "./support/processes.ts";
import { startSmtpServer, type TestSmtpServer } from "./support/smtp.ts";

let env: Record<string, string | undefined>;
let database: TestDatabase | undefined;
let dataDir: string;
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  dataDir = mkdtempSync(join(tmpdir(), "mycelium-cli-mail-"));
  if (testDriver === "postgres") {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.location.databaseUrl };
  } else {
    env = { DATA_DIR: dataDir };
  }
});
afterAll(async () => {
  await database?.drop();
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const cli = (extra: Record<string, string>, ...args: string[]) => runScript("src/cli.ts", args, { ...env, ...extra });

describe(`e-mail in the operator CLI (${testDriver})`, { timeout: 180_000 }, () => {
  it("adds a member with an address the operator vouches for, and refuses a bad one", async () => {
    const bad = await cli({}, "member", "add", "eli", "--role", "member", "--email", "not-an-address");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("email: use an e-mail address");

    const added = await cli({}, "member", "add", "eva", "--role", "member", "--email", "eva@example.test");
    expect(added.code).toBe(0);
    // The address is never printed back.
    expect(added.stdout).not.toContain("eva@example.test");
    const handle = await openDatabase(database?.location ?? { dataDir });
    try {
      const eva = await findMemberByUsername(handle.db, "eva");
      expect(eva).toMatchObject({ email: "eva@example.test", emailVerifiedAt: expect.any(Date) });
    } finally {
      await handle.close();
    }
  });

  it("sends a test message through SMTP_URL and prints the server's answer, or says e-mail is off", async () => {
    const sent = await cli({ SMTP_URL: smtp.url }, "mail", "test", "ops@example.test");
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/The server answered: 250 .*Message queued/);
    expect((await smtp.next("ops@example.test")).subject).toContain("test message");

    const off = await cli({}, "mail", "test", "ops@example.test");
    expect(off.code).toBe(1);
    expect(off.stderr).toContain("E-mail is off: set SMTP_URL");
    const badUrl = await cli({ SMTP_URL: "http://mail.example.test" }, "mail", "test", "ops@example.test");
    expect(badUrl.code).not.toBe(0);
    expect(badUrl.stderr).toContain("SMTP_URL");
  });
});
