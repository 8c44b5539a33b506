"""User-facing errors of the pipeline's command lines: one line, a fixed exit code, no traceback."""
from __future__ import annotations

import sys
from typing import Callable


class PipelineError(Exception):
    """Something the user can fix; `str(e)` is one line saying what is wrong and what to do."""

    exit_code = 1


class UsageError(PipelineError):
    """Bad command-line options or config values."""

    exit_code = 2


class BundleError(PipelineError):
    """A missing, broken or mismatched bundle, checkpoint or weights package."""

    exit_code = 3


def run_cli(main: Callable[[list[str] | None], None], argv: list[str] | None = None) -> None:
    """Run `main`, turning a PipelineError into one stderr line and its exit code."""
    try:
        main(argv)
    except PipelineError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(e.exit_code)
