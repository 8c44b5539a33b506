// `npm run bench`: the core benchmark (see core-bench-lib.ts). Options: --model DIR --runs N --image FILE
import { reportError } from '../src/cli/output.ts';
import { benchMain } from './core-bench-lib.ts';

process.exitCode = await benchMain(process.argv.slice(2)).catch(reportError);
