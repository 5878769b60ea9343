import { readFileSync } from "node:fs";

/** The version in package.json, which NodeInfo and the CLI report. */
export const SOFTWARE_VERSION: string = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
