import type { PageText } from "../../../db/queries/handbook.ts";
import { EN_PAGES } from "./en.ts";
import { ES_PAGES } from "./es.ts";

/** The pages a new network starts with, in one language, and which of them is the welcome page. */
export interface SeedPages {
  welcome: string;
  pages: (PageText & { slug: string })[];
}

const SEED_PAGES: Record<string, SeedPages> = { en: EN_PAGES, es: ES_PAGES };

/** The starter pages in `language`, or in English if there are none in it yet. */
export function seedPagesFor(language: string): SeedPages {
  return SEED_PAGES[language] ?? EN_PAGES;
}
