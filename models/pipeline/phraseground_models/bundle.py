"""Bundle manifests: write them, validate them against src/core/schemas/manifest.schema.json, and
check a bundle folder's files against the manifest's sizes and sha256.

    .venv/bin/python -m phraseground_models.bundle validate models/default
"""
from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import jsonschema

from .errors import BundleError, UsageError, run_cli

REPO_ROOT = Path(__file__).resolve().parents[3]
SCHEMA_PATH = REPO_ROOT / "src" / "core" / "schemas" / "manifest.schema.json"


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text())


def validate_manifest(manifest: dict) -> None:
    """Raise BundleError with one line naming the first problem (best match of the schema errors)."""
    err = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema()).iter_errors(manifest))
    if err is not None:
        where = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        raise BundleError(f"manifest.json is invalid at {where}: {err.message.splitlines()[0]}")


def file_entry(path: Path) -> dict:
    data = Path(path).read_bytes()
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def bundle_files(manifest: dict) -> list[str]:
    """Every file the manifest names (encoders, tokenizer files, model card)."""
    img, txt = manifest["image_encoder"], manifest["text_encoder"]
    names = [img["file"], txt["file"], txt["tokenizer"], txt.get("tokenizer_config"), manifest.get("model_card")]
    return [n for n in names if n]


def write_manifest(bundle_dir: Path, manifest: dict) -> dict:
    """Fill in `files` (sizes + sha256 of every named file), validate, write manifest.json."""
    bundle_dir = Path(bundle_dir)
    manifest = {**manifest, "files": {n: file_entry(bundle_dir / n) for n in bundle_files(manifest)}}
    validate_manifest(manifest)
    (bundle_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def read_manifest(bundle_dir: Path) -> dict:
    path = Path(bundle_dir) / "manifest.json"
    if not path.is_file():
        raise BundleError(f"no manifest.json in {bundle_dir}; point at a bundle folder")
    try:
        manifest = json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise BundleError(f"{path} is not valid JSON ({e.msg} at line {e.lineno})") from None
    validate_manifest(manifest)
    return manifest


def validate_bundle(bundle_dir: Path) -> dict:
    """The manifest is valid, every file it names exists, and sizes/sha256 match `files`."""
    bundle_dir = Path(bundle_dir)
    manifest = read_manifest(bundle_dir)
    for name in bundle_files(manifest):
        if not (bundle_dir / name).is_file():
            raise BundleError(f"{bundle_dir / name} is missing (named in manifest.json)")
    for name, want in manifest.get("files", {}).items():
        got = file_entry(bundle_dir / name)
        if got["bytes"] != want["bytes"] or ("sha256" in want and got["sha256"] != want["sha256"]):
            raise BundleError(f"{bundle_dir / name} does not match manifest.json (size or sha256); re-export it")
    return manifest


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="phraseground_models.bundle", description=__doc__.splitlines()[0])
    p.add_argument("command", choices=["validate"])
    p.add_argument("bundle_dir", type=Path)
    args = p.parse_args(argv)
    if not args.bundle_dir.is_dir():
        raise UsageError(f"{args.bundle_dir} is not a folder")
    m = validate_bundle(args.bundle_dir)
    print(f"ok: {args.bundle_dir} ({m['id']}, {sum(f['bytes'] for f in m.get('files', {}).values())} bytes)")


if __name__ == "__main__":
    run_cli(main)
