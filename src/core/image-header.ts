/**
 * Reads an image's width and height from its header bytes (PNG, JPEG, GIF, WebP, BMP) without
 * decoding, so a huge image can be refused before it is decoded into memory. Returns undefined
 * when the format is not recognised (the decoder then decides).
 */
export interface ImageHeader {
  readonly format: 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';
  readonly width: number;
  readonly height: number;
}

export function readImageHeader(b: Uint8Array): ImageHeader | undefined {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ascii = (o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));
  if (b.length >= 24 && b[0] === 0x89 && ascii(1, 3) === 'PNG' && ascii(12, 4) === 'IHDR') {
    return { format: 'png', width: v.getUint32(16), height: v.getUint32(20) };
  }
  if (b.length >= 10 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) {
    return { format: 'gif', width: v.getUint16(6, true), height: v.getUint16(8, true) };
  }
  if (b.length >= 26 && ascii(0, 2) === 'BM') {
    return { format: 'bmp', width: Math.abs(v.getInt32(18, true)), height: Math.abs(v.getInt32(22, true)) };
  }
  if (b.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return webpSize(b, v, ascii);
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegSize(b, v);
  return undefined;
}

function webpSize(b: Uint8Array, v: DataView, ascii: (o: number, n: number) => string): ImageHeader | undefined {
  const chunk = ascii(12, 4);
  if (chunk === 'VP8X') {
    const w = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
    const h = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
    return { format: 'webp', width: w, height: h };
  }
  if (chunk === 'VP8 ') return { format: 'webp', width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = v.getUint32(21, true);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return undefined;
}

/** Walks JPEG markers to the first start-of-frame (SOF0..SOF15 except DHT/JPG/DAC). */
function jpegSize(b: Uint8Array, v: DataView): ImageHeader | undefined {
  let o = 2;
  while (o + 9 < b.length) {
    if (b[o] !== 0xff) return undefined;
    const marker = b[o + 1];
    if (marker === 0xff) {
      o++;
      continue;
    }
    const len = v.getUint16(o + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'jpeg', height: v.getUint16(o + 5), width: v.getUint16(o + 7) };
    }
    o += 2 + len;
  }
  return undefined;
}
