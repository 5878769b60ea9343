import type { Database } from "../db/database.ts";
import { countActiveMembers } from "../db/queries/members.ts";
import { countPosts } from "../db/queries/posts.ts";
import { ServiceAreaService } from "./areas/service-area.service.ts";
import { LedgerService } from "./books/ledger.service.ts";
import { CrisisService } from "./crises/crisis.service.ts";
import type { CrisisPublisher } from "./crises/ports.ts";
import { DecisionService } from "./decisions/decision.service.ts";
import { EventService } from "./events/event.service.ts";
import type { EventPublisher } from "./events/ports.ts";
import { SiblingEventService } from "./events/sibling-event.service.ts";
import { GroupTaskService } from "./groups/group-task.service.ts";
import { WorkingGroupService } from "./groups/working-group.service.ts";
import { HandbookService } from "./handbook/handbook.service.ts";
import { OrientationService } from "./handbook/orientation.service.ts";
import { ProposalService } from "./handbook/proposal.service.ts";
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from "./limits/rate-limiter.ts";
import { DashboardService } from "./matching/dashboard.service.ts";
import { MatchService } from "./matching/match.service.ts";
import { SuggestionService } from "./matching/suggestion.service.ts";
import { VolunteerService } from "./matching/volunteer.service.ts";
import { AccountService } from "./members/account.service.ts";
import { AdminWarningService } from "./members/admin-warnings.ts";
import { ApiTokenService } from "./members/api-token.service.ts";
import { AppreciationService } from "./members/appreciation.service.ts";
import { CoordinatorLogService } from "./members/coordinator-log.service.ts";
import { MemberService } from "./members/member.service.ts";
import { MemberSettingsService } from "./members/member-settings.service.ts";
import { PasswordHasher } from "./members/password-hasher.ts";
import { ReadingMarkerService } from "./members/reading-marker.service.ts";
import { RoleTermService } from "./members/role-term.service.ts";
import { NetworkFollowService } from "./networks/network-follow.service.ts";
import { NetworkSettingsService, type ProfileDefaults } from "./networks/network-settings.service.ts";
import type { ActorDirectory, NetworkPublisher } from "./networks/ports.ts";
import { DigestService } from "./notifications/digest.service.ts";
import { NoticeFeed } from "./notifications/notice-feed.ts";
import { NotificationService } from "./notifications/notification.service.ts";
import type { NotificationFeed } from "./notifications/notification-feed.ts";
import type { TranslatorFor } from "./notifications/ports.ts";
import { PreferenceService } from "./notifications/preferences.service.ts";
import { PushDeviceService } from "./notifications/push-devices.service.ts";
import type { ReplyAddresses } from "./notifications/reply-addresses.ts";
import type { SignedLinks } from "./notifications/signed-links.ts";
import type { Mailer } from "./notifications/smtp-mailer.ts";
import { WatchService } from "./notifications/watch.service.ts";
import { OAuthService } from "./oauth/oauth.service.ts";
import { DuplicateGuard } from "./posts/duplicate-guard.ts";
import type { PostPublisher, ResponsePublisher } from "./posts/ports.ts";
import { PostService } from "./posts/post.service.ts";
import { PostAnnouncer } from "./posts/post-announcer.ts";
import { ResponseService } from "./posts/response.service.ts";
import { BlockService } from "./safety/block.service.ts";
import { CaseService } from "./safety/case.service.ts";
import type { ReportPublisher } from "./safety/ports.ts";
import { ReportService } from "./safety/report.service.ts";
import { ServerBlockService } from "./safety/server-block.service.ts";
import { SharedState } from "./shared-state.ts";
import { OutgoingResponseService } from "./sibling-posts/outgoing-response.service.ts";
import type { OutgoingResponsePublisher, SiblingPostPublisher } from "./sibling-posts/ports.ts";
import { SiblingPostService } from "./sibling-posts/sibling-post.service.ts";
import { DispatcherService } from "./sms/dispatcher.service.ts";
import { EmailIntakeService } from "./sms/email-intake.service.ts";
import type { SmsSender } from "./sms/providers/provider.ts";
import { SmsConversationService } from "./sms/sms-conversation.service.ts";
import { SmsNoticeService } from "./sms/sms-notices.ts";
import { TimelineService } from "./timeline/timeline.service.ts";

/** The domain, as the adapters (web, federation, CLI) see it. */
export interface Services {
  /** The settings, crises and areas kept in memory; a read-only request reads their version once (web/app.tsx). */
  shared: SharedState;
  settings: NetworkSettingsService;
  members: MemberService;
  accounts: AccountService;
  tokens: ApiTokenService;
  /** Thanks for handovers, and each member's own contribution counts. */
  appreciation: AppreciationService;
  /** What rests on one person: warnings for the admin page. */
  warnings: AdminWarningService;
  /** Roles held until a day: giving terms, reminding admins, ending them (on workers). */
  roleTerms: RoleTermService;
  /** Mastodon apps and their tokens. */
  oauth: OAuthService;
  /** Where members stopped reading, for their apps. */
  markers: ReadingMarkerService;
  /** Posts as Mastodon apps page them. */
  timelines: TimelineService;
  /** Members' notices, as Mastodon apps read them. */
  notificationFeed: NotificationFeed;
  log: CoordinatorLogService;
  areas: ServiceAreaService;
  posts: PostService;
  networks: NetworkFollowService;
  siblingPosts: SiblingPostService;
  crises: CrisisService;
  responses: ResponseService;
  outgoingResponses: OutgoingResponseService;
  matches: MatchService;
  suggestions: SuggestionService;
  volunteers: VolunteerService;
  dashboard: DashboardService;
  duplicates: DuplicateGuard;
  reports: ReportService;
  blocks: BlockService;
  /** Deciding together (members only). */
  decisions: DecisionService;
  /** Working groups: who is in them and who convenes them. */
  groups: WorkingGroupService;
  /** The tasks working groups own. */
  groupTasks: GroupTaskService;
  /** Assemblies and gatherings, and the answers to them. */
  events: EventService;
  /** The handbook's pages and their revisions. */
  handbook: HandbookService;
  /** Edits members propose to handbook pages. */
  handbookProposals: ProposalService;
  /** The welcome, the agreements, the handover checklists, and the starter pages. */
  orientation: OrientationService;
  /** The public events of the networks we follow, for the Nearby networks page. */
  siblingEvents: SiblingEventService;
  /** Domain and actor blocks: the federation adapter refuses and withholds what they cover. */
  serverBlocks: ServerBlockService;
  /** Conflict resolution: cases, their notes and steps, and time-limited restrictions. */
  cases: CaseService;
  /** The database-backed rate limits; the web adapter applies `limits.inboxPerServer` to inbox deliveries. */
  limiter: RateLimiter;
  limits: RateLimits;
  notifications: NotificationService;
  /** Gathers held e-mails into digests (on workers). */
  digests: DigestService;
  preferences: PreferenceService;
  /** Devices where members turned push on. */
  pushDevices: PushDeviceService;
  watches: WatchService;
  memberSettings: MemberSettingsService;
  /** Conversations by SMS; null when the network has no SMS provider (SMS_PROVIDER unset). */
  sms: SmsConversationService | null;
  /** The open books. */
  ledger: LedgerService;
  /** Texts about their post's match to people known only by phone: written with the change, sent by workers. */
  smsNotices: SmsNoticeService;
  /** E-mail into the dispatcher queue; null when the network takes none. */
  emailIntake: EmailIntakeService | null;
  /** Conversations waiting for a coordinator (the dispatcher queue). */
  dispatcher: DispatcherService;
  /** Counts for NodeInfo. */
  stats(): Promise<{ activeMembers: number; publicPosts: number }>;
}

/** The federation adapters the domain talks through, one object per port. */
export interface ServicePorts {
  network: NetworkPublisher;
  directory: ActorDirectory;
  posts: PostPublisher;
  responses: ResponsePublisher;
  crises: CrisisPublisher;
  siblingPosts: SiblingPostPublisher;
  outgoingResponses: OutgoingResponsePublisher;
  reports: ReportPublisher;
  events: EventPublisher;
}

/**
 * Builds the domain in dependency order: each service is made after everything it
 * needs, so nothing is reached before it exists.
 */
export function createServices(deps: {
  db: Database;
  origin: URL;
  /** The handle, and the name and summary used until an admin sets them. */
  profile: ProfileDefaults;
  defaultLanguage: string;
  ports: ServicePorts;
  /** How many posts a new sibling is sent per query (tests make it small). */
  introductionPage?: number | undefined;
  /** Overrides of DEFAULT_RATE_LIMITS (the benchmark lifts the inbox limit it measures through). */
  rateLimits?: Partial<RateLimits> | undefined;
  /** Notices are written in the reader's language when read or sent. */
  translatorFor: TranslatorFor;
  /** The interface languages a member may choose. */
  languages: readonly [string, ...string[]];
  mailer: Mailer;
  links: SignedLinks;
  /** The open books' currency (CURRENCY). */
  currency?: string | undefined;
  /** E-mail intake (INBOUND_SMTP_PORT or INBOUND_EMAIL_SECRET): the address people write to, and notices' Reply-To addresses. */
  emailIntake?: { address: string; replyAddresses: ReplyAddresses } | null | undefined;
  /** The SMS provider and its settings, when SMS_PROVIDER is set. */
  sms?: { sender: SmsSender; defaultCountry: string; inboundPerHour: number } | null | undefined;
  /** The VAPID public key browsers subscribe with. */
  vapidPublicKey: string;
  /** Lets push endpoints be plain http (tests, private networks). */
  allowPrivateAddress: boolean;
  /** When notices come due (digests, quiet hours); tests move it. */
  clock?: (() => Date) | undefined;
  /** Retry delays and staleness of texts about posts (as of notification deliveries); tests shorten them. */
  deliveryTiming?: { retryBaseMs?: number; staleMs?: number } | undefined;
}): Services {
  const { db, ports } = deps;
  const clock = deps.clock ?? (() => new Date());
  const notifications = new NotificationService(db, {
    origin: deps.origin,
    translatorFor: deps.translatorFor,
    defaultLanguage: deps.defaultLanguage,
    clock,
  });
  const log = new CoordinatorLogService(db);
  const limiter = new RateLimiter(db);
  // The operator's SMS_INBOUND_PER_HOUR sets the per-number limit; a test's rateLimits win over both.
  const smsInbound = deps.sms ? { smsInboundPerNumber: { ...DEFAULT_RATE_LIMITS.smsInboundPerNumber, max: deps.sms.inboundPerHour } } : {};
  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...smsInbound, ...deps.rateLimits };
  const announcer = new PostAnnouncer(ports.posts, deps.introductionPage);
  const shared = new SharedState(db);
  const posts = new PostService(db, {
    defaultLanguage: deps.defaultLanguage,
    log,
    announcer,
    limiter,
    limits,
    notifier: notifications,
    shared,
  });
  const settings = new NetworkSettingsService({ db, defaults: deps.profile, log, sharing: announcer, shared });
  const siblingPosts = new SiblingPostService(db, ports.siblingPosts, notifications);
  const events = new EventService(db, { settings, notifier: notifications, origin: deps.origin, publisher: ports.events });
  const serverBlocks = new ServerBlockService({ db, log, directory: ports.directory, origin: deps.origin });
  const sms = deps.sms
    ? new SmsConversationService(db, {
        posts,
        limiter,
        limit: limits.smsInboundPerNumber,
        defaultLanguage: deps.defaultLanguage,
        ...deps.sms,
      })
    : null;
  const smsNotices = new SmsNoticeService(db, sms, { ...deps.deliveryTiming, clock });
  const groups = new WorkingGroupService(db, { log, clock });
  const matches = new MatchService(db, { announcer, settings, log, notifier: notifications, contacts: smsNotices });
  const handbook = new HandbookService(db, { clock });
  return {
    shared,
    settings,
    members: new MemberService(db),
    accounts: new AccountService(db, deps.origin, { log, passwords: new PasswordHasher(), limiter, limits, notifier: notifications }),
    tokens: new ApiTokenService(db, deps.origin),
    warnings: new AdminWarningService(db, { clock }),
    appreciation: new AppreciationService(db, { notifier: notifications }),
    roleTerms: new RoleTermService(db, { notifier: notifications, log, clock }),
    oauth: new OAuthService(db),
    markers: new ReadingMarkerService(db),
    timelines: new TimelineService(db, posts),
    notificationFeed: new NoticeFeed(db, { notifications, translatorFor: deps.translatorFor, defaultLanguage: deps.defaultLanguage }),
    log,
    areas: new ServiceAreaService(db, log, shared),
    posts,
    networks: new NetworkFollowService({
      db,
      publisher: ports.network,
      directory: ports.directory,
      introducer: announcer,
      notifier: notifications,
      blocks: serverBlocks,
    }),
    siblingPosts,
    crises: new CrisisService(db, { publisher: ports.crises, log, settings, notifier: notifications, shared }),
    responses: new ResponseService(db, { publisher: ports.responses, log, announcer, notifier: notifications }),
    outgoingResponses: new OutgoingResponseService(db, ports.outgoingResponses),
    matches,
    suggestions: new SuggestionService(db, { posts, siblingPosts, settings }),
    volunteers: new VolunteerService(db, { matches, log, origin: deps.origin, events }),
    dashboard: new DashboardService(db, settings),
    duplicates: new DuplicateGuard(db),
    reports: new ReportService(db, { posts, matches, log, limiter, limits, publisher: ports.reports, notifier: notifications }),
    blocks: new BlockService(db),
    decisions: new DecisionService(db, { notifier: notifications, log, clock, limiter, limit: limits.decisionsPerMember }),
    groups,
    groupTasks: new GroupTaskService(db, { groups, clock }),
    events,
    handbook,
    handbookProposals: new ProposalService(db, { notifier: notifications, clock }),
    orientation: new OrientationService(db, { handbook, defaultLanguage: deps.defaultLanguage, clock }),
    siblingEvents: new SiblingEventService(db),
    serverBlocks,
    cases: new CaseService(db, { log, notifier: notifications }),
    limiter,
    limits,
    notifications,
    digests: new DigestService(db, { clock }),
    preferences: new PreferenceService(db, deps.links),
    pushDevices: new PushDeviceService(db, { publicKey: deps.vapidPublicKey, allowPrivateAddress: deps.allowPrivateAddress }),
    watches: new WatchService(db),
    memberSettings: new MemberSettingsService(db, {
      mailer: deps.mailer,
      links: deps.links,
      origin: deps.origin,
      translatorFor: deps.translatorFor,
      languages: deps.languages,
      defaultLanguage: deps.defaultLanguage,
      networkName: async () => (await settings.profile()).name,
    }),
    sms,
    ledger: new LedgerService(db, { log, settings, currency: deps.currency ?? "USD" }),
    smsNotices,
    emailIntake: deps.emailIntake
      ? new EmailIntakeService(db, {
          ...deps.emailIntake,
          limiter,
          limit: limits.emailInboundPerSender,
          defaultLanguage: deps.defaultLanguage,
        })
      : null,
    dispatcher: new DispatcherService(db, {
      posts,
      sms,
      log,
      email: {
        mailer: deps.mailer,
        replyTo: deps.emailIntake?.address ?? null,
        messageDomain: deps.origin.hostname,
        translatorFor: deps.translatorFor,
      },
      limiter,
      limit: limits.helpOffersPerAddress,
      defaultCountry: deps.sms?.defaultCountry ?? "US",
    }),
    stats: async () => ({
      activeMembers: await countActiveMembers(db),
      publicPosts: await countPosts(db, { statuses: [], visibilities: ["public"] }),
    }),
  };
}
