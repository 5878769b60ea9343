import type { Database } from "../db/database.ts";
import { countActiveMembers } from "../db/queries/members.ts";
import { countPosts } from "../db/queries/posts.ts";
import { ServiceAreaService } from "./areas/service-area.service.ts";
import { AccountService } from "./members/account.service.ts";
import { ApiTokenService } from "./members/api-token.service.ts";
import { CoordinatorLogService } from "./members/coordinator-log.service.ts";
import { MemberService } from "./members/member.service.ts";
import { NetworkFollowService } from "./networks/network-follow.service.ts";
import { NetworkSettingsService, type ProfileDefaults } from "./networks/network-settings.service.ts";
import type { ActorDirectory, NetworkPublisher } from "./networks/ports.ts";
import { PostService } from "./posts/post.service.ts";
import { MatchService } from "./matching/match.service.ts";
import { SuggestionService } from "./matching/suggestion.service.ts";
import { DashboardService } from "./matching/dashboard.service.ts";
import { VolunteerService } from "./matching/volunteer.service.ts";
import { DuplicateGuard } from "./posts/duplicate-guard.ts";
import { ResponseService } from "./posts/response.service.ts";
import { HelpService } from "./feed/help.service.ts";
import { FeedService } from "./feed/feed.service.ts";
import type { FeedPublisher, HelpPublisher } from "./feed/ports.ts";
import { CrisisService } from "./crises/crisis.service.ts";
import type { CrisisPublisher } from "./crises/ports.ts";
import type { PostPublisher, ResponsePublisher } from "./posts/ports.ts";
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from "./limits/rate-limiter.ts";
import { PasswordHasher } from "./members/password-hasher.ts";
import { SmsConversationService } from "./sms/sms-conversation.service.ts";
import { DispatcherService } from "./sms/dispatcher.service.ts";
import type { SmsSender } from "./sms/providers/provider.ts";

/** The domain, as the adapters (web, federation, CLI) see it. */
export interface Services {
  settings: NetworkSettingsService;
  members: MemberService;
  accounts: AccountService;
  tokens: ApiTokenService;
  log: CoordinatorLogService;
  areas: ServiceAreaService;
  posts: PostService;
  networks: NetworkFollowService;
  feed: FeedService;
  crises: CrisisService;
  responses: ResponseService;
  help: HelpService;
  matches: MatchService;
  suggestions: SuggestionService;
  volunteers: VolunteerService;
  dashboard: DashboardService;
  duplicates: DuplicateGuard;
  /** The database-backed rate limits; the web adapter applies `limits.inboxPerServer` to inbox deliveries. */
  limiter: RateLimiter;
  limits: RateLimits;
  /** Conversations by SMS; null when the network has no SMS provider (SMS_PROVIDER unset). */
  sms: SmsConversationService | null;
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
  feed: FeedPublisher;
  help: HelpPublisher;
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
  /** The SMS provider and its settings, when SMS_PROVIDER is set. */
  sms?: { sender: SmsSender; defaultCountry: string; inboundPerHour: number } | null | undefined;
}): Services {
  const { db, ports } = deps;
  const log = new CoordinatorLogService(db);
  const limiter = new RateLimiter(db);
  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits };
  const posts = new PostService(db, {
    defaultLanguage: deps.defaultLanguage,
    log,
    publisher: ports.posts,
    introductionPage: deps.introductionPage,
    limiter,
    limits,
  });
  const settings = new NetworkSettingsService({ db, defaults: deps.profile, log, sharing: posts });
  const feed = new FeedService(db, ports.feed);
  const matches = new MatchService(db, { posts, settings, log });
  const sms = deps.sms ? new SmsConversationService(db, { posts, limiter, ...deps.sms }) : null;
  return {
    settings,
    members: new MemberService(db),
    accounts: new AccountService(db, deps.origin, { log, passwords: new PasswordHasher(), limiter, limits }),
    tokens: new ApiTokenService(db, deps.origin),
    log,
    areas: new ServiceAreaService(db, log),
    posts,
    networks: new NetworkFollowService({ db, publisher: ports.network, directory: ports.directory, introducer: posts }),
    feed,
    crises: new CrisisService(db, { publisher: ports.crises, log, settings }),
    responses: new ResponseService(db, { publisher: ports.responses, log, posts }),
    help: new HelpService(db, ports.help),
    matches,
    suggestions: new SuggestionService(db, { posts, feed, settings }),
    volunteers: new VolunteerService(db, { matches, log, origin: deps.origin }),
    dashboard: new DashboardService(db, settings),
    duplicates: new DuplicateGuard(db),
    limiter,
    limits,
    sms,
    dispatcher: new DispatcherService(db, { posts, sms, limiter, defaultCountry: deps.sms?.defaultCountry ?? "US" }),
    stats: async () => ({
      activeMembers: await countActiveMembers(db),
      publicPosts: await countPosts(db, { statuses: [], visibilities: ["public"] }),
    }),
  };
}
