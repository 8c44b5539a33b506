import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/fixtures.ts';

/**
 * The lint rule that keeps src/core framework-free: no React, no Node built-ins, no
 * Node-only packages, no DOM-only globals. (src/core runs in the browser worker, Node and tests.)
 */
const FORBIDDEN_MODULES = [/^react(-dom|-konva)?(\/|$)/, /^konva/, /^node:/, /^(fs|path|os|url|child_process|http|https|crypto|stream|util|worker_threads)(\/|$)/, /^sharp$/, /^onnxruntime-(node|web)/, /^tsx/];
const FORBIDDEN_GLOBALS = /\b(document|window|localStorage|sessionStorage|HTMLElement|HTMLCanvasElement|OffscreenCanvas|createImageBitmap|process|Buffer|require|__dirname)\b/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|js|mjs)$/.test(f) ? [p] : [];
  });
}

const stripComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
const stripStrings = (src: string) => src.replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, "''");

describe('src/core imports nothing platform-specific', () => {
  const sources = files(join(repoRoot, 'src', 'core'));

  it('scans the core', () => expect(sources.length).toBeGreaterThan(10));

  for (const file of sources) {
    it(relative(repoRoot, file), () => {
      const code = stripComments(readFileSync(file, 'utf8'));
      const specifiers = [...code.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)].map(
        (m) => m[1] ?? m[2] ?? m[3],
      );
      const bad = specifiers.filter((s) => FORBIDDEN_MODULES.some((re) => re.test(s)));
      expect(bad, `${relative(repoRoot, file)} imports ${bad.join(', ')}`).toEqual([]);
      const global = FORBIDDEN_GLOBALS.exec(stripStrings(code));
      expect(global?.[0], `${relative(repoRoot, file)} uses a platform global`).toBeUndefined();
    });
  }

  it('catches a forbidden import (the scanner itself works)', () => {
    const code = "import { readFile } from 'node:fs';\nconst x = document.body;";
    expect(FORBIDDEN_MODULES.some((re) => re.test(/from '([^']+)'/.exec(code)![1]))).toBe(true);
    expect(FORBIDDEN_GLOBALS.test(code)).toBe(true);
  });
});
