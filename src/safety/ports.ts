import type { RemoteActorProfile } from "../networks/ports.ts";

/** A report forwarded to the server of what it is about: its objects and the reporter's words, never who reported. */
export interface ForwardedReport {
  target: RemoteActorProfile;
  objectIris: string[];
  text: string;
}

/** Tells other servers about reports (ActivityPub `Flag`, sent by our instance actor). */
export interface ReportPublisher {
  forward(report: ForwardedReport): Promise<void>;
}
