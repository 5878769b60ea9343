import { InvalidFieldsError } from "../errors.ts";
import { cleanText } from "../text.ts";

/** The most a receipt may weigh. */
export const MAX_RECEIPT_BYTES = 5 * 1024 * 1024;

/** The kinds of file a receipt may be, each known by its first bytes (what it claims to be is not trusted). */
const RECEIPT_KINDS = [
  { contentType: "application/pdf", extension: "pdf", starts: (b: Uint8Array) => ascii(b, 0, 5) === "%PDF-" },
  { contentType: "image/png", extension: "png", starts: (b: Uint8Array) => ascii(b, 1, 4) === "PNG" && b[0] === 0x89 },
  { contentType: "image/jpeg", extension: "jpg", starts: (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { contentType: "image/webp", extension: "webp", starts: (b: Uint8Array) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP" },
] as const;

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

export interface ReceiptFile {
  fileName: string;
  contentType: string;
  content: Uint8Array;
}

/**
 * A receipt as it will be kept: a PDF, PNG, JPEG or WebP of at most 5 MB, its type read
 * from its bytes, and a file name safe to offer for download.
 */
export function checkedReceipt(fileName: string, content: Uint8Array): ReceiptFile {
  if (content.byteLength === 0) throw new InvalidFieldsError({ receipt: "the file is empty" });
  if (content.byteLength > MAX_RECEIPT_BYTES) throw new InvalidFieldsError({ receipt: "use a file of at most 5 MB" });
  const kind = RECEIPT_KINDS.find((k) => k.starts(content));
  if (kind === undefined) throw new InvalidFieldsError({ receipt: "use a PDF, or a JPEG, PNG or WebP photo" });
  // The name only labels the download: no folders, no quotes or control characters.
  const base = cleanText(fileName.split(/[\\/]/).pop() ?? "")
    .replace(/["\p{Cc}]/gu, "")
    .trim()
    .slice(0, 100);
  // …and it ends in the extension of what the file is, so a saved copy opens as that.
  const stem = base.replace(/\.[^.]*$/, "") || "receipt";
  return { fileName: `${stem}.${kind.extension}`, contentType: kind.contentType, content };
}
