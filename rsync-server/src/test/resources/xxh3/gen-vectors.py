#!/usr/bin/python3
"""Writes xxh3-vectors.txt, the XXH3-64 / XXH128 test vectors of Xxh3Test.

Oracle: Debian's python3-xxhash (the reference libxxhash). Run with the system python:
    /usr/bin/python3 gen-vectors.py > xxh3-vectors.txt
"""
import sys
import xxhash

MASK = (1 << 64) - 1
# rsync passes its int checksum seed to XXH3_*_withSeed: C sign-extends it to 64 bits.
SEEDS = [0, -1, 1, 2147483647, -2147483648, -1234567890, 305419896]
ALL_SEEDS_AT = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 32, 33, 64, 65, 96, 97, 127, 128, 129,
                143, 144, 160, 239, 240, 241, 255, 256, 257, 319, 320, 321, 1023, 1024, 1025,
                2047, 2048]
LARGE = [1 << 20, (10 << 20) + 13]


def splitmix64_bytes(n):
    """The first n bytes of the SplitMix64 stream from state 0, each output little-endian."""
    out = bytearray()
    state = 0
    while len(out) < n:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        out += z.to_bytes(8, "little")
    return bytes(out[:n])


def line(data, length, seed_index):
    seed = SEEDS[seed_index] & MASK
    h64 = xxhash.xxh3_64(data[:length], seed=seed).hexdigest()
    h128 = xxhash.xxh3_128(data[:length], seed=seed).hexdigest()
    return "%d %d %s %s" % (length, seed_index, h64, h128)


def main():
    data = splitmix64_bytes(max(LARGE))
    w = sys.stdout.write
    w("# XXH3 test vectors from gen-vectors.py: python3-xxhash %s, libxxhash %s.\n"
      % (xxhash.VERSION, xxhash.XXHASH_VERSION))
    w("# Input: the first LENGTH bytes of the SplitMix64 stream from state 0, each output\n")
    w("# little-endian. Hashes as xxhsum prints them (canonical, big-endian hex).\n")
    w("# seeds " + " ".join(str(s) for s in SEEDS) + "\n")
    w("# LENGTH SEED_INDEX XXH3_64bits_withSeed XXH3_128bits_withSeed\n")
    for length in range(0, 2049):
        if length in ALL_SEEDS_AT:
            for i in range(len(SEEDS)):
                w(line(data, length, i) + "\n")
        else:
            w(line(data, length, length % len(SEEDS)) + "\n")
    for length in LARGE:
        for i in range(len(SEEDS)):
            w(line(data, length, i) + "\n")


main()
