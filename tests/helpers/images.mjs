// Test images made in plain Node (no image library): PNGs encoded with zlib, JPEG APP1/EXIF segments built
// by hand, and headers that lie about their size.
import { deflateSync, crc32 } from "node:zlib";

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, "ascii"), data])), 8 + data.length);
  return out;
}

/** An RGB PNG of `width`×`height` painted by `paint(x, y) → [r, g, b]`. */
export function png(width, height, paint) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(paint(x, y), row + 1 + x * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return new Uint8Array(
    Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]),
  );
}

/** A photo-like test picture: gradients, edges, fine detail, and a red marker in the top-left corner. */
export function photo(width, height) {
  return png(width, height, (x, y) => {
    if (x < width / 8 && y < height / 8) return [230, 20, 20];
    const edge = ((x >> 5) + (y >> 5)) % 2 ? 40 : 0;
    const detail = ((x * 7 + y * 13) % 17) * 3;
    return [(x * 255) / width + edge - detail / 2, (y * 255) / height + detail, 128 + edge];
  });
}

/** A PNG header declaring `width`×`height`, with no pixel data: it must be refused before decoding. */
export function pngHeaderOnly(width, height) {
  const full = Buffer.from(png(1, 1, () => [0, 0, 0]));
  full.writeUInt32BE(width, 16);
  full.writeUInt32BE(height, 20);
  // Fix the IHDR CRC so the header itself is valid.
  full.writeUInt32BE(crc32(full.subarray(12, 29)), 29);
  return new Uint8Array(full);
}

/** `jpeg` with an EXIF APP1 segment carrying `orientation` inserted after SOI. */
export function withOrientation(jpeg, orientation) {
  const tiff = Buffer.alloc(26);
  tiff.write("MM", 0, "ascii");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 offset
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14); // count
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22); // next IFD
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "binary"), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  const j = Buffer.from(jpeg);
  return new Uint8Array(Buffer.concat([j.subarray(0, 2), app1, payload, j.subarray(2)]));
}
