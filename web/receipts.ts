import type { ReceiptFile } from "../src/books/receipt.ts";

/** The bytes as a body Hono sends as they are. */
export function receiptBody(content: Uint8Array): ArrayBuffer {
  return content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer;
}

/**
 * A receipt is always a download, never a page: its type is the one its bytes showed, the
 * browser may not guess another, and nothing in it may run (the sandbox also covers a PDF
 * viewer's scripts).
 */
export function receiptHeaders(receipt: ReceiptFile): Record<string, string> {
  // Old browsers read only `filename`, in ASCII; the others take `filename*`, in UTF-8.
  const asciiName = receipt.fileName.replace(/[^\x20-\x7e]/g, "_");
  return {
    "content-type": receipt.contentType,
    "content-disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(receipt.fileName)}`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'",
    "cache-control": "private, no-store",
  };
}
