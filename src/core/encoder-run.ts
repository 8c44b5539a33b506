import { normalizeRows } from './align.ts';
import { PhraseGroundError } from './errors.ts';
import type { TextEncoderSpec } from './manifest.ts';
import { expectFloat, int64Tensor, type EncoderSession, type Tensor } from './tensor.ts';

export const firstLine = (e: unknown) => String(e instanceof Error ? e.message : e).split('\n')[0].slice(0, 300);

/** Runs a session; a runtime failure names the inputs' dtypes and dims (a bug, not a user error). */
export async function runSession(session: EncoderSession, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  try {
    return await session.run(feeds);
  } catch (e) {
    if (e instanceof PhraseGroundError) throw e;
    const shapes = Object.entries(feeds).map(([k, t]) => `${k}: ${t.type}[${t.dims}]`).join(', ');
    throw new PhraseGroundError('runtime', `${session.label} failed to run on ${shapes} (${firstLine(e)})`);
  }
}

/**
 * Text encoder on rows of token ids, padded to one length with pad_token_id:
 * input_ids / attention_mask (/ token_type_ids) int64 [B,L] -> embeds [B,L,D] or [B,D] (+ bias).
 */
export async function runTextEncoder(
  session: EncoderSession,
  spec: TextEncoderSpec,
  rows: readonly (readonly number[])[],
  normalize: boolean,
): Promise<{ embeds: Float32Array; dims: readonly number[]; dim: number; bias?: Float32Array }> {
  const L = Math.max(...rows.map((r) => r.length));
  const pad = spec.pad_token_id ?? 0;
  const ids: number[] = [];
  const mask: number[] = [];
  for (const r of rows) {
    for (let k = 0; k < L; k++) {
      ids.push(k < r.length ? r[k] : pad);
      mask.push(k < r.length ? 1 : 0);
    }
  }
  const dims = [rows.length, L];
  const feeds: Record<string, Tensor> = {
    [spec.inputs.input_ids]: int64Tensor(ids, dims),
    [spec.inputs.attention_mask]: int64Tensor(mask, dims),
  };
  if (spec.inputs.token_type_ids) feeds[spec.inputs.token_type_ids] = int64Tensor(new Array<number>(ids.length).fill(0), dims);
  const out = await runSession(session, feeds);
  const embeds = expectFloat(out, spec.outputs.embeds, spec.file);
  const dim = embeds.dims[embeds.dims.length - 1];
  const e = embeds.data.slice();
  if (normalize) normalizeRows(e, dim);
  const bias = spec.outputs.bias ? expectFloat(out, spec.outputs.bias, spec.file).data.slice() : undefined;
  return { embeds: e, dims: embeds.dims, dim, bias };
}
