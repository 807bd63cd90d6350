#!/usr/bin/env python3
"""The comparison client for scripts/bench-dns.sh: dnspython's asyncio API asking every query of
a dnsperf-format file ("name TYPE" per line) with at most 100 in flight, EDNS0 (1232), a 2 s
time-out with 2 retries, and TCP when the UDP answer is truncated -- what `lynccert dns` does.

  bench_dns_python.py QUERIES.txt SERVER PORT [IN_FLIGHT]
"""
import asyncio
import sys

import dns.asyncquery
import dns.exception
import dns.flags
import dns.message
import dns.rdatatype


async def ask(sem, name, rdtype, server, port, counts):
    async with sem:
        query = dns.message.make_query(name, rdtype, use_edns=0, payload=1232)
        for _ in range(3):
            try:
                response = await dns.asyncquery.udp(query, server, timeout=2, port=port)
                if response.flags & dns.flags.TC:
                    response = await dns.asyncquery.tcp(query, server, timeout=2, port=port)
                counts["answered"] += 1
                counts["records"] += sum(len(rrset) for rrset in response.answer)
                return
            except dns.exception.Timeout:
                continue
        counts["failed"] += 1


async def main():
    path, server, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    in_flight = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    queries = []
    with open(path) as f:
        for line in f:
            fields = line.split()
            if fields:
                queries.append((fields[0], dns.rdatatype.from_text(fields[1] if len(fields) > 1 else "A")))
    sem = asyncio.Semaphore(in_flight)
    counts = {"answered": 0, "failed": 0, "records": 0}
    await asyncio.gather(*(ask(sem, n, t, server, port, counts) for n, t in queries))
    print(f"python: {counts['answered']} answered, {counts['failed']} failed, {counts['records']} records")
    if counts["failed"]:
        sys.exit(1)


if __name__ == "__main__":
    asyncio.run(main())
