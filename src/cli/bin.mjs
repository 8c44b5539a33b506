#!/usr/bin/env node
// The `phraseground` command: runs the TypeScript CLI through tsx's ESM API, so
// `npx phraseground` works straight from the repository without a build step.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('./main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
