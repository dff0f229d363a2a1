#!/usr/bin/env bash
# Writes the dnsperf query file (one "name type" per line) to stdout: 1,130 lines,
# 1,000 A hits on hostNNNN plus 130 queries covering every answer path (SOA, NS, MX, TXT,
# CNAME, wildcard, NXDOMAIN, NODATA, referral, mixed case). Lines are shuffled with a fixed
# random source so each run sends the same sequence and the mix is spread evenly.
set -euo pipefail
Z=example.internal

{
  for i in $(seq 1 1000); do printf 'host%04d.%s A\n' "$i" "$Z"; done
  for i in $(seq 1 10); do
    echo "$Z SOA"; echo "$Z NS"; echo "$Z MX"; echo "$Z TXT"            # 40 apex
    echo "www.$Z A"                                                       # 10 CNAME
    printf 'w%02d.wild.%s A\n' "$i" "$Z"                                  # 10 wildcard A
    printf 'host%04d.%s AAAA\n' "$i" "$Z"                                 # 10 NODATA
    printf 'h%02d.sub.%s A\n' "$i" "$Z"                                   # 10 referral
    printf 'HOST%04d.Example.INTERNAL A\n' $((i * 97))                    # 10 mixed case
  done
  for i in $(seq 1 15); do printf 'nx%02d.%s A\n' "$i" "$Z"; done         # 15 NXDOMAIN
  for i in $(seq 1 5); do
    echo "alias2.$Z A"; echo "ext.$Z A"                                   # 10 CNAME
    printf 'x%d.y.wild.%s TXT\n' "$i" "$Z"; echo "real.wild.$Z A"         # 10 wildcard
  done
  echo "multi.$Z A"; echo "multi.$Z A"; echo "multi.$Z A"                 # 3 RRset of 4
  echo "v6.$Z AAAA"; echo "_http._tcp.$Z SRV"                             # 2
} | shuf --random-source=<(yes)
