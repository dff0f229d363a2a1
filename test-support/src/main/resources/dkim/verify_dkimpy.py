#!/usr/bin/python3
"""Verifies every DKIM-Signature of each message with dkimpy, keys from a file (no DNS).

usage: verify_dkimpy.py KEYS MSG...   KEYS lines: "<selector>._domainkey.<domain>\t<txt>"
prints one line per signature: "<file> <index> pass|fail <detail>"
"""
import sys
import dkim

keys = {}
with open(sys.argv[1]) as f:
    for line in f:
        name, txt = line.rstrip("\n").split("\t", 1)
        keys[name.lower().rstrip(".")] = txt.encode()


def dnsfunc(name, timeout=5):
    if isinstance(name, bytes):
        name = name.decode()
    return keys.get(name.lower().rstrip("."))


for path in sys.argv[2:]:
    with open(path, "rb") as f:
        msg = f.read()
    d = dkim.DKIM(msg)
    count = sum(1 for h in d.headers if h[0].lower() == b"dkim-signature")
    if count == 0:
        print(path, 0, "fail", "no signature")
    for i in range(count):
        d = dkim.DKIM(msg)
        try:
            ok = d.verify(idx=i, dnsfunc=dnsfunc)
            print(path, i, "pass" if ok else "fail", d.signature_fields.get(b"a", b"").decode())
        except Exception as e:  # a verifier error is a failure, reported with its reason
            print(path, i, "fail", repr(e))
