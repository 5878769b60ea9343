import type { Federation } from "@fedify/fedify";
import type { DocumentLoaderFactory } from "@fedify/vocab-runtime";

/**
 * The loader factories Fedify 2.3.6's federation object holds. They are not in its public
 * `Federation` type, so `keepLoaders` reaches them by name and checks that they are there.
 */
const LOADER_FACTORIES = ["documentLoaderFactory", "contextLoaderFactory"] as const;

/** Option sets remembered per factory; a federation uses one or two (its origin, its User-Agent). */
const MAX_KEPT = 16;

/**
 * A factory that builds its loader once per set of options and hands that one out after.
 * The options are plain data (whether private addresses may be fetched, the User-Agent, how
 * many redirects to follow), so two equal sets get the same loader.
 */
export function rememberingLoaders(factory: DocumentLoaderFactory): DocumentLoaderFactory {
  const kept = new Map<string, ReturnType<DocumentLoaderFactory>>();
  return (options) => {
    const key = JSON.stringify(options ?? {});
    let loader = kept.get(key);
    if (loader === undefined) {
      loader = factory(options);
      if (kept.size < MAX_KEPT) kept.set(key, loader);
    }
    return loader;
  };
}

/**
 * Fedify builds a new caching document loader, and a new context loader, for every request it
 * answers and every queued message it handles, and each build parses two durations with the
 * Temporal polyfill: 0.8 ms of an inbox activity's 13 ms in the bench's profile (see
 * bench/results/README.md). A loader depends only on its options, so each is built once.
 * Throws if a Fedify upgrade has moved the factories, so that tests say so at once.
 */
export function keepLoaders(federation: Federation<unknown>): void {
  for (const name of LOADER_FACTORIES) {
    const factory: unknown = Reflect.get(federation, name);
    if (typeof factory !== "function") throw new Error(`Fedify's federation has no ${name} any more; see federation/kept-loaders.ts`);
    const build: DocumentLoaderFactory = (options) => Reflect.apply(factory, federation, [options]);
    Reflect.set(federation, name, rememberingLoaders(build));
  }
}
