import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from '../../src/core/image-header.ts';

const make = (format: 'png' | 'jpeg' | 'webp' | 'gif', width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#808080' } })[format]().toBuffer();

describe('image size from the header alone', () => {
  it.each(['png', 'jpeg', 'webp', 'gif'] as const)('%s', async (format) => {
    const bytes = await make(format, 37, 23);
    expect(readImageHeader(new Uint8Array(bytes))).toEqual({ format, width: 37, height: 23 });
  });

  it('returns undefined for text and truncated headers', () => {
    expect(readImageHeader(new TextEncoder().encode('hello, not an image'))).toBeUndefined();
    expect(readImageHeader(Uint8Array.from([0x89, 0x50]))).toBeUndefined();
  });
});
