import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

export interface ReceivedMail {
  to: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  /** Resolves with the first message to `address` that `match` accepts (waiting for it if need be). */
  next(address: string, match?: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /** Addresses the server refuses for good (550 at RCPT TO). */
  refuse: Set<string>;
  /** Runs before the server answers a message's DATA; the answer waits for it. */
  beforeAnswer: ((to: string) => Promise<void>) | null;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (no TLS, any or no login) that keeps what it receives, parsed. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const state: Pick<TestSmtpServer, "refuse" | "beforeAnswer"> = { refuse: new Set(), beforeAnswer: null };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (state.refuse.has(address.address)) {
        const error = Object.assign(new Error("5.1.1 Mailbox does not exist"), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          const to = session.envelope.rcptTo.map((r) => r.address).join(",");
          await state.beforeAnswer?.(to);
          received.push({ to, parsed });
          for (const wake of waiters) wake();
          callback(null, "Message queued");
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const find = (address: string, match: (mail: ParsedMail) => boolean) => received.find((m) => m.to === address && match(m.parsed))?.parsed;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get refuse() {
      return state.refuse;
    },
    get beforeAnswer() {
      return state.beforeAnswer;
    },
    set beforeAnswer(hook) {
      state.beforeAnswer = hook;
    },
    async next(address, match = () => true, timeoutMs = 20_000) {
      const found = find(address, match);
      if (found) return found;
      return new Promise<ParsedMail>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no e-mail to ${address} within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          const mail = find(address, match);
          if (mail === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(mail);
        };
        waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
