"A stand-in for nbdev in tools/run_newest.py's kernels: nbdev 2 needs fastcore<2, so it can't be installed beside the newest releases"
