import type { AddressInfo } from "node:net";
import { InvalidInputError, RateLimitedError } from "../src/errors.ts";
import { logger } from "../src/logging.ts";
import type { EmailIntakeService } from "../src/sms/email-intake.service.ts";
import { MAX_EMAIL_BYTES } from "../src/sms/inbound-email.ts";

const log = logger("web", "smtp");

export interface InboundSmtpListener {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The SMTP listener for a network that points an address such as help@their.domain at this
 * instance (INBOUND_SMTP_PORT), with the smtp-server library. It takes mail for the intake
 * address's domain only (never a relay), refuses messages over 10 MB with 552, and answers
 * with the intake's verdict: 250 once the message is stored (or was before), 550 for one it
 * cannot read, 451 "try later" beyond the per-sender limit or when storing failed, so that
 * the sending server keeps the message and retries. No AUTH (nobody sends through it) and no
 * STARTTLS: a TLS-terminating relay in front may add it.
 */
export async function listenForEmail(intake: EmailIntakeService, port: number, host: string): Promise<InboundSmtpListener> {
  // Loaded only when INBOUND_SMTP_PORT is set, as most instances take no e-mail this way.
  const { SMTPServer } = await import("smtp-server");
  const server = new SMTPServer({
    banner: "Mycelium e-mail intake",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: MAX_EMAIL_BYTES,
    rejectOversized: true,
    maxClients: 50,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (intake.accepts(address.address)) callback();
      else callback(smtpError(550, "5.1.1 No such mailbox here"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on("end", () => {
        if (stream.sizeExceeded) return callback(smtpError(552, "5.3.4 The message is too large"));
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        intake.receive(Buffer.concat(chunks), recipients).then(
          () => callback(null, "Message accepted"),
          (error: unknown) => callback(answerFor(error)),
        );
      });
    },
  });
  server.on("error", (error: Error) => log.error("The e-mail listener failed: {error}", { error }));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(port, host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const listening = (server.server.address() as AddressInfo).port;
  log.info("Taking e-mail for {address} on port {port}", { address: intake.address, port: listening });
  return {
    port: listening,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function answerFor(error: unknown): Error {
  if (error instanceof InvalidInputError) return smtpError(550, `5.6.0 ${error.message}`);
  if (error instanceof RateLimitedError) return smtpError(451, "4.7.1 Too many messages from this sender; try again later");
  log.error("Could not take an e-mail: {error}", { error });
  return smtpError(451, "4.3.0 Could not store the message; try again later");
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}
