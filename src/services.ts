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
import { NotificationService } from "./notifications/notification.service.ts";
import type { TranslatorFor } from "./notifications/ports.ts";
import { PreferenceService } from "./notifications/preferences.service.ts";
import type { SignedLinks } from "./notifications/signed-links.ts";
import { WatchService } from "./notifications/watch.service.ts";
import type { Mailer } from "./notifications/smtp-mailer.ts";
import { MemberSettingsService } from "./members/member-settings.service.ts";

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
  notifications: NotificationService;
  preferences: PreferenceService;
  watches: WatchService;
  memberSettings: MemberSettingsService;
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
  /** Notices are written in the reader's language when read or sent. */
  translatorFor: TranslatorFor;
  /** The interface languages a member may choose. */
  languages: readonly [string, ...string[]];
  mailer: Mailer;
  links: SignedLinks;
}): Services {
  const { db } = deps;
  const notifications = new NotificationService(db, { origin: deps.origin, translatorFor: deps.translatorFor, defaultLanguage: deps.defaultLanguage });
  const log = new CoordinatorLogService(db);
  // Saving the sharing setting re-sends members-only posts, which the post service does.
  const settings: NetworkSettingsService = new NetworkSettingsService(db, deps.profile, log, () => posts.syncSharing());
  const posts: PostService = new PostService(db, {
    defaultLanguage: deps.defaultLanguage,
    log,
    publisher: deps.postPublisher,
    settings,
    notifier: notifications,
  });
  const feed = new FeedService(db, deps.feedPublisher, notifications);
  const matches = new MatchService(db, { posts, settings, log, notifier: notifications });
  return {
    settings,
    members: new MemberService(db),
    accounts: new AccountService(db, deps.origin, log, notifications),
    tokens: new ApiTokenService(db, deps.origin),
    log,
    areas: new ServiceAreaService(db, log),
    posts,
    networks: new NetworkFollowService({
      db,
      publisher: deps.publisher,
      directory: deps.directory,
      onSiblingFormed: (sibling) => posts.introduceTo(sibling),
      notifier: notifications,
    }),
    feed,
    crises: new CrisisService(db, { publisher: deps.crisisPublisher, log, settings, notifier: notifications }),
    responses: new ResponseService(db, { publisher: deps.responsePublisher, log, posts, notifier: notifications }),
    help: new HelpService(db, deps.helpPublisher),
    matches,
    suggestions: new SuggestionService(db, { posts, feed, settings }),
    volunteers: new VolunteerService(db, { matches, origin: deps.origin }),
    dashboard: new DashboardService(db, settings),
    duplicates: new DuplicateGuard(db),
    notifications,
    preferences: new PreferenceService(db, deps.links),
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
    stats: async () => ({
      activeMembers: await countActiveMembers(db),
      publicPosts: await countPosts(db, { statuses: [], visibilities: ["public"] }),
    }),
  };
}
