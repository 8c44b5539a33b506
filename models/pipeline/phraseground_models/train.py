"""Train the default model on CPU.

    .venv/bin/python -m phraseground_models.train --config default [--set epochs=3 n_train=20000]

Writes models/pipeline/runs/<name>/: config.json, log.csv (loss curves), model.pt, summary.json.
Steps: 1) render the training/val scenes once  2) cache the frozen text layers' outputs per
caption  3) train image encoder + top text layer(s) + heads with AdamW, warmup then cosine decay.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import re
import time
from pathlib import Path

import numpy as np
import torch

from . import config as C
from .assign import assign_regions, token_targets
from .data import SceneArrays, render
from .errors import UsageError, run_cli
from .image_encoder import STRIDE
from .losses import grounding_loss
from .model import GroundingModel, param_count
from .preprocess import spec_for
from .text_encoder import minilm_dir

RUNS = Path(__file__).resolve().parents[1] / "runs"
REPO_ROOT = Path(__file__).resolve().parents[3]
POSITION_WORDS = re.compile(r"\b(left|right|top|bottom|middle)\b", re.IGNORECASE)


def epoch_order(rng: np.random.Generator, captions: list[str], oversample: float) -> np.ndarray:
    """A permutation of the scenes, or (oversample != 1) a weighted draw with replacement that shows
    position captions `oversample` times as often."""
    n = len(captions)
    if oversample == 1.0:
        return rng.permutation(n)
    w = np.array([oversample if POSITION_WORDS.search(c) else 1.0 for c in captions])
    return rng.choice(n, size=n, replace=True, p=w / w.sum())


@torch.no_grad()
def cache_text(model: GroundingModel, arr: SceneArrays, batch: int = 256) -> torch.Tensor:
    """Frozen lower-layer outputs for every caption, float16 [N,L,hidden] (halves memory; the
    fine-tuned layers run in float32 on top)."""
    N, L = arr.input_ids.shape
    cache = torch.zeros(N, L, model.cfg.text.hidden, dtype=torch.float16)
    lengths = arr.attention_mask.sum(1)
    order = np.argsort(lengths, kind="stable")  # similar lengths together: each batch runs at its own max length
    for i in range(0, N, batch):
        idx = order[i : i + batch]
        lb = int(lengths[idx].max())
        ids = torch.from_numpy(arr.input_ids[idx, :lb])
        mask = torch.from_numpy(arr.attention_mask[idx, :lb])
        cache[torch.from_numpy(idx), :lb] = model.text.frozen_features(ids, mask).half()
    return cache


def batch_tensors(arr: SceneArrays, text_cache: torch.Tensor, idx: np.ndarray, cfg: C.TrainConfig):
    ic = cfg.model.image
    img = torch.from_numpy(arr.images[idx]).permute(0, 3, 1, 2).float()
    mean = torch.tensor(ic.mean).view(1, 3, 1, 1) * 255
    std = torch.tensor(ic.std).view(1, 3, 1, 1) * 255
    mask = torch.from_numpy(arr.attention_mask[idx])
    L = int(mask.sum(1).max())  # trim padding to the batch's longest caption
    return {
        "pixels": (img - mean) / std,  # == preprocess.normalize
        "text": text_cache[idx, :L].float(), "mask": mask[:, :L],
        "boxes": torch.from_numpy(arr.boxes[idx]), "valid": torch.from_numpy(arr.valid[idx]),
        "token_obj": torch.from_numpy(arr.token_obj[idx, :L]),
    }


def step_losses(model: GroundingModel, b: dict, cfg: C.TrainConfig) -> dict[str, torch.Tensor]:
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=cfg.bf16 and model.training):
        out = model.image(b["pixels"])
    out = {k: v.float() for k, v in out.items()}
    q, qb = model.text.forward_from(b["text"], b["mask"])
    logits = model.logits(out, q, qb)
    region_obj = assign_regions(b["boxes"], b["valid"], cfg.model.image.size // STRIDE, cfg.center_frac)
    targets = token_targets(region_obj, b["token_obj"])
    return grounding_loss(logits, out["boxes"], out["objectness"], targets, b["mask"].float(), region_obj,
                          b["boxes"], cfg)


def lr_factor(step: int, progress: float, warmup: int) -> float:
    """1) linear warmup over `warmup` steps  2) cosine decay to 5% of the peak as progress goes 0 -> 1."""
    if step < warmup:
        return (step + 1) / warmup
    return 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))


def progress_of(step: int, total: int, elapsed_s: float, max_minutes: float) -> float:
    """Fraction of training done: by steps, or by the time budget when that runs out first."""
    by_time = elapsed_s / (max_minutes * 60) if max_minutes else 0.0
    return max(step / total, by_time)


@torch.no_grad()
def evaluate_loss(model: GroundingModel, arr: SceneArrays, cache: torch.Tensor, cfg: C.TrainConfig) -> dict:
    model.eval()
    sums: dict[str, float] = {}
    n = 0
    for i in range(0, len(arr), 64):
        idx = np.arange(i, min(i + 64, len(arr)))
        for k, v in step_losses(model, batch_tensors(arr, cache, idx, cfg), cfg).items():
            sums[k] = sums.get(k, 0.0) + float(v) * len(idx)
        n += len(idx)
    model.image.train()
    return {k: v / n for k, v in sums.items()}


def _warm_start(model: GroundingModel, state: dict, name: str) -> None:
    """Load a previous stage; only blocks this stage adds (region attention) may be missing."""
    missing, unexpected = model.load_state_dict(state, strict=False)
    new = [k for k in missing if not k.startswith("image.attn.")]
    if new or unexpected:
        raise UsageError(f"init_from={name} does not match this architecture "
                         f"(missing {new[:3]}, unexpected {unexpected[:3]}); use a checkpoint of the previous stage")


def train(cfg: C.TrainConfig, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(C.to_json(cfg))
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    t0 = time.time()
    spec = spec_for(cfg.model.image)
    tok = minilm_dir() / "tokenizer.json"
    mt = cfg.model.text.max_tokens
    train_arr = render("train", cfg.n_train, cfg.seed, spec, tok, mt, cfg.gen_workers)
    val_arr = render("val", cfg.n_val, cfg.seed + 1, spec, tok, mt, cfg.gen_workers)
    t_data = time.time() - t0
    print(f"rendered {len(train_arr)} train + {len(val_arr)} val scenes in {t_data:.0f}s", flush=True)

    model = GroundingModel(cfg.model)
    if cfg.init_from:
        src = REPO_ROOT / cfg.init_from
        if not src.is_file():
            raise UsageError(f"init_from={cfg.init_from} not found; train the first stage first")
        _warm_start(model, torch.load(src, map_location="cpu", weights_only=True), cfg.init_from)
    model.text.freeze_lower()
    model.text.eval()  # no dropout anywhere; BN in the image encoder is the only train/eval switch
    train_cache, val_cache = cache_text(model, train_arr), cache_text(model, val_arr)
    t_cache = time.time() - t0 - t_data
    print(f"cached frozen text features in {t_cache:.0f}s; params: image {param_count(model.image)}, "
          f"text {param_count(model.text)}", flush=True)

    text_params = [p for n, p in model.text.named_parameters() if p.requires_grad and n.startswith("layers.")]
    text_ids = {id(p) for p in text_params}
    other = [p for p in model.parameters() if p.requires_grad and id(p) not in text_ids]
    groups = [{"params": other, "lr": cfg.lr}] + ([{"params": text_params, "lr": cfg.text_lr}] if text_params else [])
    opt = torch.optim.AdamW(groups, weight_decay=cfg.weight_decay)
    base_lrs = [g["lr"] for g in opt.param_groups]
    steps_per_epoch = len(train_arr) // cfg.batch_size
    total = steps_per_epoch * cfg.epochs
    rng = np.random.default_rng(cfg.seed)
    log = open(out / "log.csv", "w", newline="")
    writer = csv.writer(log)
    writer.writerow(["step", "epoch", "lr", "loss", "align", "l1", "giou", "obj", "split", "elapsed_s"])
    model.train()
    model.text.eval()
    step, t_train, stopped = 0, time.time(), False
    for epoch in range(cfg.epochs):
        order = epoch_order(rng, train_arr.captions, cfg.position_oversample)
        for i in range(steps_per_epoch):
            progress = progress_of(step, total, time.time() - t_train, cfg.max_minutes)
            if progress >= 1.0:
                print(f"warning: stopping at step {step}/{total}: the {cfg.max_minutes} min budget is spent", flush=True)
                stopped = True
                break
            f = lr_factor(step, progress, cfg.warmup_steps)
            for g, lr in zip(opt.param_groups, base_lrs):
                g["lr"] = lr * f
            idx = np.sort(order[i * cfg.batch_size : (i + 1) * cfg.batch_size])
            losses = step_losses(model, batch_tensors(train_arr, train_cache, idx, cfg), cfg)
            opt.zero_grad(set_to_none=True)
            losses["loss"].backward()
            losses = {k: v.detach() for k, v in losses.items()}
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            step += 1
            if step % cfg.log_every == 0 or step == 1:
                el = time.time() - t_train
                writer.writerow([step, epoch, f"{base_lrs[0] * f:.2e}", *(f"{losses[k].item():.4f}" for k in
                                 ("loss", "align", "l1", "giou", "obj")), "train", f"{el:.0f}"])
                log.flush()
                print(f"step {step}/{total} ep {epoch} loss {float(losses['loss']):.3f} align "
                      f"{float(losses['align']):.3f} giou {float(losses['giou']):.3f} {step / el:.2f} it/s", flush=True)
        v = evaluate_loss(model, val_arr, val_cache, cfg)
        writer.writerow([step, epoch, "", *(f"{v[k]:.4f}" for k in ("loss", "align", "l1", "giou", "obj")), "val",
                         f"{time.time() - t_train:.0f}"])
        log.flush()
        print(f"epoch {epoch} val loss {v['loss']:.3f} align {v['align']:.3f} giou {v['giou']:.3f}", flush=True)
        torch.save(model.state_dict(), out / "model.pt")
        if stopped:
            break
    log.close()
    summary = {"steps": step, "epochs_planned": cfg.epochs, "stopped_early": stopped, "val": v,
               "data_s": round(t_data), "text_cache_s": round(t_cache), "train_s": round(time.time() - t_train),
               "total_s": round(time.time() - t0), "it_per_s": round(step / (time.time() - t_train), 3),
               "params": {"image": param_count(model.image), "text": param_count(model.text)},
               "machine": "2-core shared CPU VM (torch threads=%d)" % cfg.threads}
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="phraseground_models.train", description=__doc__.splitlines()[0])
    p.add_argument("--config", default="default", help=f"preset: {', '.join(C.PRESETS)}")
    p.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE", help="override config fields")
    p.add_argument("--out", type=Path, default=None, help="run folder (default models/pipeline/runs/<name>)")
    args = p.parse_args(argv)
    cfg = C.override(C.preset(args.config), args.set)
    out = args.out or RUNS / cfg.name
    if (out / "model.pt").exists() and cfg.name != "smoke":
        raise UsageError(f"{out} already holds a trained model; pass --out to a new folder or delete it")
    print(json.dumps(train(cfg, out)))


if __name__ == "__main__":
    run_cli(main)
