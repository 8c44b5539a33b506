"""A few training steps on a handful of scenes make the loss go down; bad options fail in one line."""
import subprocess
import sys

import pytest

from phraseground_models import config as C
from phraseground_models.bundle import REPO_ROOT
from phraseground_models.errors import UsageError
from phraseground_models.train import train


def test_smoke_run_loss_goes_down(tmp_path):
    cfg = C.override(C.preset("smoke"), ["epochs=12", "n_train=4", "batch_size=4"])
    summary = train(cfg, tmp_path)
    rows = (tmp_path / "log.csv").read_text().splitlines()[1:]
    train_loss = [float(r.split(",")[3]) for r in rows if r.endswith(("train," + r.split(",")[-1]))]
    assert len(train_loss) >= 10
    assert min(train_loss[-3:]) < 0.8 * train_loss[0]
    assert (tmp_path / "model.pt").is_file() and summary["steps"] == 12


def test_override_rejects_out_of_range_and_unknown_options():
    with pytest.raises(UsageError, match="batch_size"):
        C.override(C.preset("smoke"), ["batch_size=0"])
    with pytest.raises(UsageError, match="unknown option"):
        C.override(C.preset("smoke"), ["nope=1"])
    with pytest.raises(UsageError, match="needs a int"):
        C.override(C.preset("smoke"), ["epochs=many"])


def test_cli_bad_option_exits_2_without_traceback(tmp_path):
    r = subprocess.run([sys.executable, "-m", "phraseground_models.train", "--config", "smoke", "--out",
                        str(tmp_path), "--set", "lr=5"], capture_output=True, text=True,
                       cwd=REPO_ROOT / "models" / "pipeline")
    assert r.returncode == 2 and "lr" in r.stderr and "Traceback" not in r.stderr
