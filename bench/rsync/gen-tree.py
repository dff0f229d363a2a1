#!/usr/bin/env python3
"""gen-tree.py DIR — the bench tree: 100 dirs x 20 files (1-16 KiB) + 3 x 100 MiB, random data.

Deterministic (fixed seed) so every run and both servers see the same bytes.
"""
import os
import random
import sys

root = sys.argv[1]
rng = random.Random(20240601)
for d in range(100):
    sub = os.path.join(root, "dir%03d" % d)
    os.makedirs(sub, exist_ok=True)
    for f in range(20):
        size = rng.randint(1024, 16 * 1024)
        with open(os.path.join(sub, "file%02d.dat" % f), "wb") as fh:
            fh.write(rng.randbytes(size))
for i in range(3):
    with open(os.path.join(root, "big%d.bin" % i), "wb") as fh:
        for _ in range(100):
            fh.write(rng.randbytes(1 << 20))
