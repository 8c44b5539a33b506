import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where package.json is), independent of the current directory. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The bundled default model: models/default under the package root. */
export const defaultModelDir = resolve(packageRoot, 'models', 'default');
