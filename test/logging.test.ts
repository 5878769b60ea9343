import { getLogger, type LogRecord } from "@logtape/logtape";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { afterAll, describe, expect, it } from "vitest";
import { configureLogging, logger } from "../src/logging.ts";

// What reaches the log: never a requester's contact from a failed query's parameters, and
// never the private keys that Fedify's queued deliveries carry, however the error is wrapped.

const PHONE = "+34 611 222 333";
const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
const JWK = '{"kty":"OKP","crv":"Ed25519","x":"public-part","d":"secret-part"}';

function failedEnqueue(): Error {
  const query = new DrizzleQueryError("insert into fedify_messages values ($1, $2)", [PHONE, PEM, JWK], new Error("deadlock detected"));
  return new AggregateError([query], "Failed to enqueue the message.");
}

async function captured(log: () => void): Promise<string> {
  const records: LogRecord[] = [];
  await configureLogging("debug", (record) => records.push(record));
  log();
  const errorText = (error: Error) =>
    `${error.stack} ${(error as AggregateError).errors?.map((e: Error) => e.stack).join(" ") ?? ""} ${String(error.cause ?? "")}`;
  const message = (r: LogRecord) => r.message.map((part) => (part instanceof Error ? errorText(part) : String(part))).join("");
  const properties = (r: LogRecord) =>
    JSON.stringify(r.properties, (_k, v) => (v instanceof Error ? `${v.stack} ${String(v.cause ?? "")}` : v));
  return records.map((r) => `${message(r)} ${properties(r)}`).join("\n");
}

afterAll(() => configureLogging("warning"));

describe("the log", () => {
  it("keeps a failed query's complaint but not its parameters, even inside Fedify's AggregateError", async () => {
    const text = await captured(() => {
      logger("test").error("Could not deliver: {error}", { error: failedEnqueue() });
      getLogger(["fedify", "federation", "outbox"]).error("Failed to send: {error}", { error: failedEnqueue() });
    });
    expect(text).toContain("deadlock detected");
    expect(text).toContain("Failed to enqueue the message.");
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    expect(text).not.toContain("secret-part");
  });

  it("blanks private keys written straight into a message", async () => {
    const text = await captured(() => {
      getLogger(["fedify", "sig"]).warn(`Key material: ${PEM} and ${JWK}`);
      logger("test").error("Oops: {detail}", { detail: `wrapped ${JWK}` });
    });
    expect(text).toContain("[private key]");
    expect(text).toContain("public-part");
    expect(text).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    expect(text).not.toContain("secret-part");
  });
});
