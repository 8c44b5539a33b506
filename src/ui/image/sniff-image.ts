/**
 * Reads an image's type and size from its first bytes, without decoding it: a non-image or a
 * huge image is refused before the browser tries to allocate it.
 */
export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export interface Sniffed {
  kind: ImageKind;
  width?: number; // absent when the header does not say (e.g. a JPEG whose SOF lies further in)
  height?: number;
}

/** Largest image we accept, in pixels (matches the core decoders' limit). */
export const MAX_PIXELS = 100_000_000;

export function sniffImage(head: Uint8Array): Sniffed | null {
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const at = (i: number, ...bytes: number[]) => bytes.every((b, k) => head[i + k] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47) && head.length >= 24) {
    return { kind: 'png', width: v.getUint32(16), height: v.getUint32(20) };
  }
  if (at(0, 0xff, 0xd8, 0xff)) return { kind: 'jpeg', ...jpegSize(head, v) };
  if (at(0, 0x47, 0x49, 0x46, 0x38) && head.length >= 10) {
    return { kind: 'gif', width: v.getUint16(6, true), height: v.getUint16(8, true) };
  }
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return { kind: 'webp', ...webpSize(head, v) };
  if (at(0, 0x42, 0x4d) && head.length >= 26) {
    return { kind: 'bmp', width: Math.abs(v.getInt32(18, true)), height: Math.abs(v.getInt32(22, true)) };
  }
  return null;
}

/** Walks the JPEG markers up to the first start-of-frame. */
function jpegSize(head: Uint8Array, v: DataView): { width?: number; height?: number } {
  let i = 2;
  while (i + 9 < head.length) {
    if (head[i] !== 0xff) return {};
    const marker = head[i + 1];
    const length = v.getUint16(i + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: v.getUint16(i + 5), width: v.getUint16(i + 7) };
    i += 2 + length;
  }
  return {};
}

function webpSize(head: Uint8Array, v: DataView): { width?: number; height?: number } {
  const chunk = String.fromCharCode(...head.subarray(12, 16));
  if (chunk === 'VP8X' && head.length >= 30) {
    const w = 1 + (head[24] | (head[25] << 8) | (head[26] << 16));
    const h = 1 + (head[27] | (head[28] << 8) | (head[29] << 16));
    return { width: w, height: h };
  }
  if (chunk === 'VP8 ' && head.length >= 30) return { width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff };
  if (chunk === 'VP8L' && head.length >= 25) {
    const b = v.getUint32(21, true);
    return { width: (b & 0x3fff) + 1, height: ((b >> 14) & 0x3fff) + 1 };
  }
  return {};
}
