import { deflateSync } from "node:zlib";
import { Hono } from "hono";

/**
 * Every Mastodon account must have an avatar and a header image. The network has neither,
 * so both are one plain square in the site's green, drawn here rather than shipped as a file.
 */
function solidPng(size: number, [r, g, b]: [number, number, number]): Buffer {
  const row = Buffer.alloc(1 + size * 3);
  for (let x = 0; x < size; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const AVATAR = solidPng(96, [46, 125, 50]);
const HEADER = solidPng(96, [200, 230, 201]);

export function imageRoutes() {
  const app = new Hono();
  const png = (bytes: Buffer) => () =>
    new Response(new Uint8Array(bytes), { headers: { "content-type": "image/png", "cache-control": "public, max-age=86400" } });
  app.get("/mastodon/avatar.png", png(AVATAR));
  app.get("/mastodon/header.png", png(HEADER));
  return app;
}
