import type { ErrorObject } from 'ajv';

/**
 * Turns the first ajv error into one line a person can act on, e.g.
 * "manifest.json: image_encoder.mean must have 3 items".
 */
export function describeSchemaError(file: string, e: ErrorObject): string {
  const path = e.instancePath.slice(1).replaceAll('/', '.');
  const where = path ? `${file}: ${path}` : file;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${where} is missing '${String(p.missingProperty)}'`;
    case 'additionalProperties':
      return `${where} has an unknown field '${String(p.additionalProperty)}'`;
    case 'minItems':
    case 'maxItems': {
      const n = Number(p.limit);
      return e.parentSchema && (e.parentSchema as { minItems?: number; maxItems?: number }).minItems ===
        (e.parentSchema as { maxItems?: number }).maxItems
        ? `${where} must have ${n} items`
        : `${where} must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${n} items`;
    }
    case 'type':
      return `${where} must be ${article(String(p.type))}`;
    case 'enum':
      return `${where} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${where} must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
