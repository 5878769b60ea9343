import type { Database } from "../db/database.ts";
import { countActiveMembers } from "../db/queries/members.ts";
import { ServiceAreaService } from "./areas/service-area.service.ts";
import { ApiTokenService } from "./members/api-token.service.ts";
import { MemberService } from "./members/member.service.ts";
import { NetworkFollowService } from "./networks/network-follow.service.ts";
import type { ActorDirectory, NetworkPublisher } from "./networks/ports.ts";

/** The network's own public description, as configured. */
export interface NetworkProfile {
  handle: string;
  name: string;
  summary: string;
}

/** The domain, as the adapters (web, federation, CLI) see it. */
export interface Services {
  profile: NetworkProfile;
  members: MemberService;
  tokens: ApiTokenService;
  areas: ServiceAreaService;
  networks: NetworkFollowService;
  /** Counts for NodeInfo and the home page. */
  stats(): Promise<{ activeMembers: number }>;
}

export function createServices(deps: {
  db: Database;
  origin: URL;
  profile: NetworkProfile;
  publisher: NetworkPublisher;
  directory: ActorDirectory;
}): Services {
  const { db } = deps;
  return {
    profile: deps.profile,
    members: new MemberService(db),
    tokens: new ApiTokenService(db, deps.origin),
    areas: new ServiceAreaService(db),
    networks: new NetworkFollowService({ db, publisher: deps.publisher, directory: deps.directory }),
    stats: async () => ({ activeMembers: await countActiveMembers(db) }),
  };
}
