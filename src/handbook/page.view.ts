import type { PageWithNames, ProposalWithNames, RevisionWithNames } from "../../db/queries/handbook.ts";
import type { Viewer } from "../members/viewer.ts";
import { mayPropose, mayRead, type PageVisibility } from "./handbook.rules.ts";
import { renderPage, type TocEntry } from "./markdown.ts";

/** A page in lists and search results. */
export interface PageSummary {
  slug: string;
  title: string;
  visibility: PageVisibility;
  revision: number;
  updatedAt: string;
  /** The username of whoever saved the newest revision. */
  updatedBy: string | null;
}

/** A page as read: its Markdown, its sanitised HTML and table of contents, and what the reader may do with it. */
export interface PageView extends PageSummary {
  body: string;
  html: string;
  toc: TocEntry[];
  canEdit: boolean;
  canPropose: boolean;
}

/** A revision in a page's history; `readable` says whether the reader may open its text (written for them). */
export interface RevisionSummary {
  revision: number;
  title: string;
  visibility: PageVisibility;
  author: string | null;
  /** The coordinator who accepted it, when it was a proposed edit. */
  acceptedBy: string | null;
  note: string | null;
  restoredFrom: number | null;
  createdAt: string;
  readable: boolean;
}

export interface RevisionView extends RevisionSummary {
  body: string;
  html: string;
}

export interface ProposalView {
  id: string;
  slug: string;
  pageTitle: string;
  status: "open" | "accepted" | "declined";
  proposer: string | null;
  baseRevision: number;
  /** Whether the page moved on since the proposal was written (it can then only be declined, or copied by hand). */
  stale: boolean;
  title: string;
  body: string;
  note: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  revision: number | null;
  createdAt: string;
}

export function toSummary({ page, updatedBy }: PageWithNames): PageSummary {
  return {
    slug: page.slug,
    title: page.title,
    visibility: page.visibility,
    revision: page.revision,
    updatedAt: page.updatedAt.toISOString(),
    updatedBy,
  };
}

/** `canEdit`: whether the viewer writes handbook pages (HandbookService.mayEdit). */
export function toPageView(row: PageWithNames, viewer: Viewer, canEdit: boolean): PageView {
  const { html, toc } = renderPage(row.page.body);
  return {
    ...toSummary(row),
    body: row.page.body,
    html,
    toc,
    canEdit,
    canPropose: !canEdit && mayPropose(viewer, row.page.visibility),
  };
}

export function toRevisionSummary({ revision, author, acceptedBy }: RevisionWithNames, viewer: Viewer): RevisionSummary {
  return {
    revision: revision.revision,
    title: revision.title,
    visibility: revision.visibility,
    author,
    acceptedBy,
    note: revision.note,
    restoredFrom: revision.restoredFrom,
    createdAt: revision.createdAt.toISOString(),
    readable: mayRead(viewer, revision.visibility),
  };
}

export function toRevisionView(row: RevisionWithNames, viewer: Viewer): RevisionView {
  return { ...toRevisionSummary(row, viewer), body: row.revision.body, html: renderPage(row.revision.body).html };
}

export function toProposalView(row: ProposalWithNames): ProposalView {
  const { proposal } = row;
  return {
    id: proposal.id,
    slug: row.slug,
    pageTitle: row.pageTitle,
    status: proposal.status,
    proposer: row.proposer,
    baseRevision: proposal.baseRevision,
    stale: proposal.status === "open" && proposal.baseRevision !== row.pageRevision,
    title: proposal.title,
    body: proposal.body,
    note: proposal.note,
    decidedBy: row.decidedBy,
    decidedAt: proposal.decidedAt?.toISOString() ?? null,
    revision: proposal.revision,
    createdAt: proposal.createdAt.toISOString(),
  };
}
