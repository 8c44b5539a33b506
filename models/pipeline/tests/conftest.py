"""Put models/pipeline on sys.path so `pytest models/pipeline/tests` works from the repo root."""
import sys
from pathlib import Path

PIPELINE = Path(__file__).resolve().parents[1]
if str(PIPELINE) not in sys.path:
    sys.path.insert(0, str(PIPELINE))
