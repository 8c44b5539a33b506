"""pycocotools side of bench/eval.bench.ts: load GT + results, evaluate, accumulate, summarize.

Prints one JSON line {"seconds": end-to-end time inside Python (json load through summarize),
"cpuSeconds": the CPU time of the same,
"stats": the 12 numbers}. Usage: python bench/eval_pycoco.py GT.json RESULTS.json
"""
import contextlib
import io
import json
import sys
import time

from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


def main():
    gt_file, dt_file = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    c0 = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(gt_file)
        dt = gt.loadRes(dt_file)
        ev = COCOeval(gt, dt, "bbox")
        ev.evaluate()
        ev.accumulate()
        ev.summarize()
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds, "stats": [float(s) for s in ev.stats]}))


if __name__ == "__main__":
    main()
