import { describe, expect, it } from 'vitest';
import { prettyJson } from '../../src/core/pretty-json.ts';

describe('prettyJson', () => {
  it('keeps short arrays on one line, parses back to the same value', () => {
    const v = { caption: 'a, b: "c"', boxes: [{ bbox: [1, 2, 3, 4], score: 0.5 }], long: Array.from({ length: 40 }, (_, i) => i) };
    const s = prettyJson(v, 60);
    expect(JSON.parse(s)).toEqual(v);
    expect(s).toContain('"bbox": [1, 2, 3, 4]');
    expect(s.split('\n').length).toBeGreaterThan(3);
  });
});
