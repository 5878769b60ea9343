import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Federation } from "@fedify/fedify";
import { createAdaptorServer } from "@hono/node-server";
import { type DatabaseHandle, openDatabase, pingDatabase } from "../db/database.ts";
import { DatabaseKvStore } from "../db/kv-store.ts";
import { DatabaseMessageQueue, type DatabaseMessageQueueOptions } from "../db/message-queue.ts";
import { SERVER_BLOCKS_CHANNEL } from "../db/queries/server-blocks.ts";
import { queueDepth } from "../db/queue-statements.ts";
import { type FederationData, FederationDataSlot } from "../federation/context.ts";
import { FederationCrisisPublisher, FederationSiblingPostPublisher } from "../federation/crisis-publisher.ts";
import { FederationActorDirectory } from "../federation/directory.ts";
import { FederationEventPublisher } from "../federation/event-publisher.ts";
import { buildFederation } from "../federation/federation.ts";
import { HandleConfirmations } from "../federation/handles.ts";
import { loadActorKeyPairs } from "../federation/keys.ts";
import { FederationOutgoingResponsePublisher, FederationResponsePublisher } from "../federation/outgoing-response-publisher.ts";
import { FederationPostPublisher } from "../federation/post-publisher.ts";
import { FederationPublisher } from "../federation/publisher.ts";
import { RemoteActorProfiles } from "../federation/remote-actors.ts";
import { FederationReportPublisher } from "../federation/report-publisher.ts";
import { userAgentOf } from "../federation/user-agent.ts";
import { createWebApp } from "../web/app.tsx";
import { LANGUAGES, type Language, supportedLanguage, translatorFor } from "../web/i18n.ts";
import { type InboundSmtpListener, listenForEmail } from "../web/inbound-smtp.ts";
import { type OpsDeps, opsRoutes } from "../web/ops.ts";
import { serveControlSocket } from "./cli/control-socket.ts";
import type { Config } from "./config.ts";
import { acquireInstanceLock, type InstanceLock } from "./instance-lock.ts";
import type { RateLimits } from "./limits/rate-limiter.ts";
import { logger } from "./logging.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { type DeliveryOptions, DeliveryService, runDeliveryWorker } from "./notifications/delivery.service.ts";
import { EmailChannel } from "./notifications/email-channel.ts";
import { loadVapidKeys, PushChannel } from "./notifications/push-channel.ts";
import { ReplyAddresses } from "./notifications/reply-addresses.ts";
import { SignedLinks } from "./notifications/signed-links.ts";
import { createSmtpMailer } from "./notifications/smtp-mailer.ts";
import { createServices, type Services } from "./services.ts";
import { smsSenderFor } from "./sms/providers/sender.ts";

const log = logger("instance");
/** Workers expire posts, forward crisis needs and close decisions this often. */
const SWEEP_MS = 60_000;

/**
 * The one place where the layers are wired together: database → domain services →
 * federation and web adapters. `openInstance` builds them (the CLI stops there);
 * `startInstance` also serves HTTP and/or runs the queue, as NODE_ROLE says.
 */
export interface OpenInstance {
  config: Config;
  database: DatabaseHandle;
  services: Services;
  metrics: Metrics;
  /** Fedify's queue; tests wait on `whenIdle` before checking that nothing else happened. */
  queue: DatabaseMessageQueue;
  federation: Federation<FederationData>;
  federationData: () => FederationData;
  /** Sends notifications by e-mail and push (on workers). */
  deliveries: DeliveryService;
  /** The network's language (NETWORK_LANGUAGE), checked against the languages we have. */
  defaultLanguage: Language;
  close(): Promise<void>;
}

export interface InstanceOptions {
  /** Queue tuning; tests shorten the poll interval. */
  queue?: DatabaseMessageQueueOptions;
  /** How often workers expire posts and forward crisis needs; tests shorten it. */
  sweepIntervalMs?: number;
  /** Overrides of the default rate limits (the benchmark lifts the inbox limit it measures through). */
  rateLimits?: Partial<RateLimits>;
  /** How many posts a new sibling is sent per query; tests make it small to cover paging. */
  introductionPage?: number;
  /** Notification deliveries: retry delays and how often workers look for due ones; tests shorten them. */
  deliveries?: DeliveryOptions & { pollMs?: number };
  /** A migrated PGlite folder to start a new database from (tests; see DatabaseLocation). */
  databaseTemplate?: Blob | undefined;
  /** The time digests and quiet hours go by; tests move it instead of waiting. */
  clock?: () => Date;
}

export async function openInstance(config: Config, options: InstanceOptions = {}): Promise<OpenInstance> {
  const defaultLanguage = supportedLanguage(config.networkLanguage);
  if (defaultLanguage === null) throw new Error(`NETWORK_LANGUAGE: expects one of ${Object.keys(LANGUAGES).join(", ")}`);
  const usesPglite = config.databaseUrl === undefined && !config.dataDir.startsWith("memory://");
  const lock: InstanceLock | null = usesPglite ? acquireInstanceLock(config.dataDir) : null;
  let database: DatabaseHandle;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, template: options.databaseTemplate });
  } catch (error) {
    lock?.release();
    throw error;
  }
  // Build order: each step uses only what the steps before it made. The publishers reach
  // the services through the data slot, which is filled once they exist (phase two).
  const keys = await loadActorKeyPairs(database.db);
  const metrics = createMetrics(() => queueDepth(database.db));
  const queue = new DatabaseMessageQueue(database, {
    leaseMs: config.queueLeaseMs,
    concurrency: config.queueConcurrency,
    ...options.queue,
    // Metrics count and time each message the queue handles.
    instrument: metrics.instrumentQueueMessage,
  });
  const federation = buildFederation({
    origin: config.origin,
    // A sender's public key is read for every inbox POST. It is kept as long as a remote
    // document may be (5 minutes); a signature it does not verify makes Fedify fetch it again.
    kv: new DatabaseKvStore(database.db, { remember: [{ prefix: ["_fedify", "publicKey"], ms: 5 * 60 * 1000 }] }),
    queue,
    allowPrivateAddress: config.allowPrivateAddress,
    // Fedify tells metrics of failed deliveries it does not rethrow.
    onOutboxError: metrics.deliveryFailed,
    // Workers ask only once the services exist (the queue starts after they are attached).
    isBlocked: (address) => slot.data.services.serverBlocks.isBlocked(address),
  });
  const slot = new FederationDataSlot();
  const backgroundContext = () => federation.createContext(config.origin, slot.data);
  const mailer = createSmtpMailer(config.smtpUrl, config.mailFrom);
  const links = new SignedLinks(database.db);
  const replyAddresses = config.emailIntake && new ReplyAddresses(database.db, config.emailIntake.address);
  const vapid = await loadVapidKeys(database.db);
  const services = createServices({
    db: database.db,
    origin: config.origin,
    profile: { handle: config.networkHandle, name: config.networkName, summary: config.networkSummary },
    defaultLanguage,
    introductionPage: options.introductionPage,
    rateLimits: options.rateLimits,
    currency: config.currency,
    emailIntake: config.emailIntake && replyAddresses && { address: config.emailIntake.address, replyAddresses },
    sms: config.sms && {
      sender: smsSenderFor(config.sms.provider),
      defaultCountry: config.sms.defaultCountry,
      inboundPerHour: config.sms.inboundPerHour,
    },
    ports: {
      network: new FederationPublisher(backgroundContext),
      directory: new FederationActorDirectory(backgroundContext),
      posts: new FederationPostPublisher(backgroundContext),
      responses: new FederationResponsePublisher(backgroundContext),
      crises: new FederationCrisisPublisher(backgroundContext),
      siblingPosts: new FederationSiblingPostPublisher(backgroundContext),
      outgoingResponses: new FederationOutgoingResponsePublisher(backgroundContext),
      reports: new FederationReportPublisher(backgroundContext),
      events: new FederationEventPublisher(backgroundContext),
    },
    translatorFor,
    languages: Object.keys(LANGUAGES) as [Language, ...Language[]],
    mailer,
    links,
    vapidPublicKey: vapid.publicKey,
    allowPrivateAddress: config.allowPrivateAddress,
    clock: options.clock,
    deliveryTiming: options.deliveries,
  });
  // The starter handbook pages, once per network (a no-op on every later start).
  await services.orientation.seedPages();
  slot.attach({
    services,
    keys,
    translate: translatorFor,
    handles: new HandleConfirmations(userAgentOf(config.origin)),
    actors: new RemoteActorProfiles(),
  });
  const federationData = () => slot.data;
  // Another process made or lifted a block: this one reads them again.
  const stopHearingOfBlocks = await database.listen(SERVER_BLOCKS_CHANNEL, () => services.serverBlocks.blocksChanged());
  // Every e-mail and push names the network, from the settings SharedState keeps in memory: a
  // batch of messages reads its version once (aroundBatch below), and a new name shows in the next batch.
  const networkName = async () => (await services.settings.profile()).name;
  const email = new EmailChannel(database.db, {
    mailer,
    links,
    notifications: services.notifications,
    origin: config.origin,
    translatorFor,
    defaultLanguage,
    hourlyCap: config.emailHourlyCap,
    networkName,
    replyAddresses,
  });
  const push = new PushChannel(database.db, {
    vapid,
    origin: config.origin,
    notifications: services.notifications,
    translatorFor,
    defaultLanguage,
    networkName,
    hourlyCap: config.pushHourlyCap,
  });
  const deliveries = new DeliveryService(database.db, mailer.enabled ? { email, push } : { push }, {
    ...options.deliveries,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    others: [services.smsNotices],
    // The network's name (in every message) is then read once per batch, not once per message.
    aroundBatch: (send) => services.shared.withinRead(send),
  });
  return {
    config,
    database,
    services,
    metrics,
    queue,
    defaultLanguage,
    federation,
    federationData,
    deliveries,
    async close() {
      await stopHearingOfBlocks().catch(() => {});
      await database.close();
      lock?.release();
    },
  };
}

export interface RunningInstance extends OpenInstance {
  /** The URL the HTTP server listens on (null for a worker). */
  listeningUrl: URL | null;
  /** The port the e-mail intake's SMTP listener took (INBOUND_SMTP_PORT, or the one 0 picked); null without it. */
  emailListenerPort: number | null;
  /** Stops accepting, lets in-flight requests and queue tasks finish, closes the database. */
  stop(): Promise<void>;
}

export async function startInstance(config: Config, options: InstanceOptions = {}): Promise<RunningInstance> {
  const instance = await openInstance(config, options);
  const { services, federation, federationData, defaultLanguage } = instance;
  let server: HttpServer | null = null;
  let listeningUrl: URL | null = null;
  const queueStop = new AbortController();
  let queueDone: Promise<void> = Promise.resolve();
  let deliveriesDone: Promise<void> = Promise.resolve();
  let controlSocket: HttpServer | null = null;
  let expirySweep: NodeJS.Timeout | undefined;
  let opsServer: HttpServer | null = null;
  let emailListener: InboundSmtpListener | null = null;
  let stopping: Promise<void> | undefined;
  const ops: OpsDeps = {
    metrics: instance.metrics,
    metricsAccess: config.metricsToken === undefined ? "off" : { token: config.metricsToken },
    async unreadyReason() {
      if (stopping !== undefined) return "shutting down";
      await pingDatabase(instance.database.db);
      return null;
    },
  };
  try {
    if (config.nodeRole !== "worker") {
      const app = createWebApp({
        federation,
        federationData,
        services,
        origin: config.origin,
        defaultLanguage,
        ops,
        trustedProxies: config.trustedProxies,
        smsProvider: config.sms?.provider ?? null,
        emailWebhookSecret: config.emailIntake?.webhookSecret ?? null,
      });
      server = await listen(app.fetch, config.port, config.host);
      listeningUrl = addressOf(server);
    }
    // Mail comes in where pages are served; with several web processes, give one the port (README).
    if (config.nodeRole !== "worker" && config.emailIntake?.smtp && services.emailIntake !== null) {
      emailListener = await listenForEmail(services.emailIntake, config.emailIntake.smtp.port, config.emailIntake.smtp.host);
    }
    // Workers serve no pages; METRICS_PORT gives any process a port for probes and scrapes.
    if (config.metricsListener !== null) {
      // Without a token, config allows this listener on loopback addresses only.
      const access = config.metricsToken === undefined ? "open" : ops.metricsAccess;
      opsServer = await listen(
        opsRoutes({ ...ops, metricsAccess: access }).fetch,
        config.metricsListener.port,
        config.metricsListener.host,
      );
      log.info("Health, readiness and metrics at {url}", { url: addressOf(opsServer).href });
    }
    if (config.nodeRole !== "web") {
      queueDone = federation.startQueue(federationData(), { signal: queueStop.signal });
      deliveriesDone = runDeliveryWorker(instance.database, instance.deliveries, queueStop.signal, options.deliveries?.pollMs ?? 5_000);
      // Housekeeping that runs on workers only: expiring posts, forwarding needs in a crisis,
      // reminding of posts about to expire, dropping rate-limit counters whose window has ended,
      // gathering digests whose time has come, closing decisions and reminding who has not voted,
      // reminding admins of role terms that end within a week and ending those whose day came.
      expirySweep = setInterval(() => {
        services.posts.expireDue().catch((error: unknown) => log.error("Could not expire posts: {error}", { error }));
        services.crises.forwardDue().catch((error: unknown) => log.error("Could not forward needs: {error}", { error }));
        services.notifications
          .remindExpiring()
          .catch((error: unknown) => log.error("Could not remind of expiring posts: {error}", { error }));
        services.decisions
          .closeDue()
          .then(() => services.decisions.remindClosing())
          .catch((error: unknown) => log.error("Could not close or remind of decisions: {error}", { error }));
        services.roleTerms
          .remindEnding()
          .then(() => services.roleTerms.endDue())
          .catch((error: unknown) => log.error("Could not remind of or end role terms: {error}", { error }));
        services.limiter.prune().catch((error: unknown) => log.error("Could not prune rate-limit counters: {error}", { error }));
        services.digests.gatherDue().catch((error: unknown) => log.error("Could not gather digests: {error}", { error }));
      }, options.sweepIntervalMs ?? SWEEP_MS);
    }
    if (instance.database.driver === "pglite" && !config.dataDir.startsWith("memory://")) {
      controlSocket = await serveControlSocket(config.dataDir, services);
    }
  } catch (error) {
    server?.close();
    opsServer?.close();
    await emailListener?.close();
    clearInterval(expirySweep);
    queueStop.abort();
    await queueDone;
    await deliveriesDone;
    await instance.close();
    throw error;
  }
  log.info("Mycelium is running ({role}) at {origin} as @{handle}@{host}", {
    role: config.nodeRole,
    origin: config.origin.href,
    handle: config.networkHandle,
    host: config.origin.host,
  });

  return {
    ...instance,
    listeningUrl,
    emailListenerPort: emailListener?.port ?? null,
    stop() {
      stopping ??= (async () => {
        controlSocket?.close();
        clearInterval(expirySweep);
        opsServer?.close();
        await emailListener?.close();
        if (server !== null) {
          const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
          server.closeIdleConnections();
          await closed;
        }
        queueStop.abort();
        await queueDone;
        await deliveriesDone;
        await instance.close();
        log.info("Mycelium stopped");
      })();
      return stopping;
    },
  };
}

/**
 * How many connections the kernel may hold for us before we accept them. Node's default, 511,
 * fills in a surge of new visitors while the event loop is busy for a moment; the kernel then
 * drops the next ones' SYNs and those visitors wait a whole second (then three) for the retry.
 * Linux caps it at net.core.somaxconn (4096 since 5.4), which is what Go's servers ask for.
 */
const LISTEN_BACKLOG = 4096;

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number, host: string): Promise<HttpServer> {
  const server = createAdaptorServer({ fetch }) as HttpServer;
  return new Promise<HttpServer>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => resolve(server));
  });
}

function addressOf(server: HttpServer): URL {
  const address = server.address() as AddressInfo;
  return new URL(`http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`);
}
