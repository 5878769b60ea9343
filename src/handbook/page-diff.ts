import { diffLines } from "diff";

/** One line of the difference between two texts: kept, added in the newer, or removed from the older. */
export interface DiffLine {
  change: "same" | "added" | "removed";
  text: string;
}

/** The difference between two texts line by line, in reading order (removed lines before the ones that replace them). */
export function diffText(older: string, newer: string): DiffLine[] {
  return diffLines(older, newer).flatMap((part) => {
    const change = part.added ? "added" : part.removed ? "removed" : "same";
    return part.value
      .replace(/\n$/, "")
      .split("\n")
      .map((text) => ({ change, text }) satisfies DiffLine);
  });
}
