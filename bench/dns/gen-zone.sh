#!/usr/bin/env bash
# Writes the benchmark zone example.internal (RFC 1035 master format) to stdout.
#
# Shape follows /work/shared/notes/dns.md §2.1 so figures stay comparable with the notes:
# 1,000 hostNNNN A records plus one or a few records of every kind an authoritative
# server must handle (SOA/NS/MX/TXT at the apex, CNAME chain, wildcard, delegation, a big
# RRset). Only syntax that both gdnsd 3.x and our loader accept: absolute or origin-relative
# names, explicit classes, no $GENERATE. Same file is served unchanged by both servers.
set -euo pipefail

cat <<'ZONE'
$ORIGIN example.internal.
$TTL 3600
; SOA: TTL 3600, MINIMUM 300 -> negative answers carry TTL min(3600,300)=300
@           3600 IN SOA  ns1.example.internal. hostmaster.example.internal. (
                         2026112501 ; serial
                         7200       ; refresh
                         1800       ; retry
                         1209600    ; expire
                         300 )      ; minimum
@                IN NS   ns1
@                IN NS   ns2
ns1              IN A    10.0.0.1
ns2              IN A    10.0.0.2
@                IN MX   10 mx1
@                IN MX   20 mx2
mx1              IN A    10.0.0.3
mx2              IN A    10.0.0.4
@                IN TXT  "v=spf1 mx -all"
@                IN A    10.0.0.5
; CNAME chain alias2 -> www -> host0001 (gdnsd does not chase; others may)
www              IN CNAME host0001
alias2           IN CNAME www
; CNAME to a name outside every zone we serve
ext              IN CNAME www.example.com.
; wildcard with two types; real.wild exists and must shadow the wildcard
*.wild           IN A    10.0.3.1
*.wild           IN TXT  "wildcard"
real.wild        IN A    10.0.3.2
; 4-address RRset (gdnsd shuffles it), an AAAA, an SRV (target has an address)
multi            IN A    10.0.4.1
multi            IN A    10.0.4.2
multi            IN A    10.0.4.3
multi            IN A    10.0.4.4
v6               IN AAAA 2001:db8::1
_http._tcp       IN SRV  10 5 80 host0001
; delegation with in-bailiwick glue -> referral (AA=0, NS in authority, glue)
sub              IN NS   ns1.sub
sub              IN NS   ns2.sub
ns1.sub          IN A    10.0.5.1
ns2.sub          IN A    10.0.5.2
ZONE

# 30-record TXT RRset: ~1.6 kB answer, forces TC without EDNS (truncation tests).
for i in $(seq 1 30); do
  printf 'big              IN TXT  "record %02d padding-padding-padding-padding"\n' "$i"
done

# 1,000 plain A records: the bulk of the query mix.
for i in $(seq 1 1000); do
  printf 'host%04d         IN A    10.1.%d.%d\n' "$i" $((i / 250)) $((i % 250 + 1))
done
