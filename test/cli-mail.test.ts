import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findMemberByUsername } from "../db/queries/members.ts";
import { runCommand } from "../src/cli/commands.ts";
import { parseConfig } from "../src/config.ts";
import type { Services } from "../src/services.ts";
import { testDriver } from "./support/database.ts";
import { startTestInstance, type TestInstance } from "./support/instance.ts";
import { startSmtpServer, type TestSmtpServer } from "./support/smtp.ts";

let smtp: TestSmtpServer;
let withMail: TestInstance;

beforeAll(async () => {
  smtp = await startSmtpServer();
  withMail = await startTestInstance("mailnet", { SMTP_URL: smtp.url });
});
afterAll(async () => {
  await withMail?.destroy();
  await smtp?.close();
});

/** Runs a command as src/cli.ts does, in this process (test/cli.test.ts runs the entry point itself). */
async function cli(services: Services, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCommand(argv, services, { out: (line) => (stdout += `${line}\n`), err: (line) => (stderr += `${line}\n`) });
  return { code, stdout, stderr };
}

describe(`e-mail in the operator CLI (${testDriver})`, () => {
  it("adds a member with an address the operator vouches for, and refuses a bad one", async () => {
    const bad = await cli(withMail.services, "member", "add", "eli", "--role", "member", "--email", "not-an-address");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("email: use an e-mail address");

    const added = await cli(withMail.services, "member", "add", "eva", "--role", "member", "--email", "eva@example.test");
    expect(added.code).toBe(0);
    // The address is never printed back.
    expect(added.stdout).not.toContain("eva@example.test");
    const eva = await findMemberByUsername(withMail.database.db, "eva");
    expect(eva).toMatchObject({ email: "eva@example.test", emailVerifiedAt: expect.any(Date) });
  });

  it("sends a test message through SMTP_URL and prints the server's answer", async () => {
    const sent = await cli(withMail.services, "mail", "test", "ops@example.test");
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/The server answered: 250 .*Message queued/);
    expect((await smtp.next("ops@example.test")).subject).toContain("test message");
  });

  it("says e-mail is off without SMTP_URL, and names SMTP_URL when it is not an SMTP address", async () => {
    const withoutMail = await startTestInstance("nomailnet");
    try {
      const off = await cli(withoutMail.services, "mail", "test", "ops@example.test");
      expect(off.code).toBe(1);
      expect(off.stderr).toContain("E-mail is off: set SMTP_URL");
    } finally {
      await withoutMail.destroy();
    }
    expect(() => parseConfig({ SMTP_URL: "http://mail.example.test" })).toThrow(/SMTP_URL/);
  });
});
