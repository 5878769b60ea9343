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
import { ResponseService, type ResponsePublisher } from "./posts/response.service.ts";
import { HelpService, type HelpPublisher } from "./feed/help.service.ts";
import { FeedService } from "./feed/feed.service.ts";
import type { FeedPublisher } from "./feed/ports.ts";
import { CrisisService } from "./crises/crisis.service.ts";
import type { CrisisPublisher } from "./crises/ports.ts";
import type { PostPublisher } from "./posts/ports.ts";
import { OAuthService } from "./oauth/oauth.service.ts";
import { ReadingMarkerService } from "./members/reading-marker.service.ts";
import { TimelineService } from "./timeline/timeline.service.ts";
import { noNotifications, type NotificationFeed } from "./notifications/notification-feed.ts";

/** The domain, as the adapters (web, federation, CLI) see it. */
export interface Services {
  settings: NetworkSettingsService;
  members: MemberService;
  accounts: AccountService;
  tokens: ApiTokenService;
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
  feed: FeedService;
  crises: CrisisService;
  responses: ResponseService;
  help: HelpService;
  matches: MatchService;
  suggestions: SuggestionService;
  volunteers: VolunteerService;
  dashboard: DashboardService;
  duplicates: DuplicateGuard;
  /** Counts for NodeInfo. */
  stats(): Promise<{ activeMembers: number; publicPosts: number }>;
}

export function createServices(deps: {
  db: Database;
  origin: URL;
  /** The handle, and the name and summary used until an admin sets them. */
  profile: ProfileDefaults;
  defaultLanguage: string;
  publisher: NetworkPublisher;
  postPublisher: PostPublisher;
  crisisPublisher: CrisisPublisher;
  feedPublisher: FeedPublisher;
  responsePublisher: ResponsePublisher;
  helpPublisher: HelpPublisher;
  directory: ActorDirectory;
  /** Members' notices for Mastodon apps; none until the notifications feature provides them. */
  notificationFeed?: NotificationFeed;
}): Services {
  const { db } = deps;
  const log = new CoordinatorLogService(db);
  // Saving the sharing setting re-sends members-only posts, which the post service does.
  const settings: NetworkSettingsService = new NetworkSettingsService(db, deps.profile, log, () => posts.syncSharing());
  const posts: PostService = new PostService(db, {
    defaultLanguage: deps.defaultLanguage,
    log,
    publisher: deps.postPublisher,
    settings,
  });
  const feed = new FeedService(db, deps.feedPublisher);
  const matches = new MatchService(db, { posts, settings, log });
  return {
    settings,
    members: new MemberService(db),
    accounts: new AccountService(db, deps.origin, log),
    tokens: new ApiTokenService(db, deps.origin),
    oauth: new OAuthService(db),
    markers: new ReadingMarkerService(db),
    timelines: new TimelineService(db, posts),
    notificationFeed: deps.notificationFeed ?? noNotifications,
    log,
    areas: new ServiceAreaService(db, log),
    posts,
    networks: new NetworkFollowService({
      db,
      publisher: deps.publisher,
      directory: deps.directory,
      onSiblingFormed: (sibling) => posts.introduceTo(sibling),
    }),
    feed,
    crises: new CrisisService(db, { publisher: deps.crisisPublisher, log, settings }),
    responses: new ResponseService(db, { publisher: deps.responsePublisher, log, posts }),
    help: new HelpService(db, deps.helpPublisher),
    matches,
    suggestions: new SuggestionService(db, { posts, feed, settings }),
    volunteers: new VolunteerService(db, { matches, origin: deps.origin }),
    dashboard: new DashboardService(db, settings),
    duplicates: new DuplicateGuard(db),
    stats: async () => ({
      activeMembers: await countActiveMembers(db),
      publicPosts: await countPosts(db, { statuses: [], visibilities: ["public"] }),
    }),
  };
}
