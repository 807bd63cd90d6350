#!/usr/bin/env python3
"""Generates the inputs of scripts/bench-dns.sh: a topology with N SIP domains, and, from the
DNS plan (or synthetically when no plan is available), NSD zone files, nsd.conf and a query file
in dnsperf's format ("name TYPE" per line).

  bench_dns_gen.py topology N OUT.yaml
  bench_dns_gen.py zones PLAN.json|- OUTDIR PORT      (plan JSON from `lynccert plan --format json`)
  bench_dns_gen.py synthetic N OUTDIR PORT            (no planner: 4 records per domain)
"""
import json
import os
import sys


def domain(i):
    return f"lync{i}.example"


def topology(n, out):
    lines = ["version: 1", "sipDomains: [" + ", ".join(domain(i) for i in range(n)) + "]", "simpleUrls:", "  meet:"]
    for i in range(n):
        lines.append(f'    - {{domain: {domain(i)}, url: "https://meet.{domain(i)}"}}')
    lines += [
        f'  dialin: "https://dialin.{domain(0)}"',
        "pools:",
        f"  - {{fqdn: pool01.corp.{domain(0)}, role: frontEnd, externalWebFqdn: webext.{domain(0)}, "
        "internalWebAddress: 192.168.10.5}",
        "edgePools:",
        f"  - fqdn: lsedge.corp.{domain(0)}",
        f"    accessEdgeFqdn: sip.{domain(0)}",
        f"    webConferencingFqdn: webcon.{domain(0)}",
        f"    avFqdn: av.{domain(0)}",
        "    externalAddresses: {access: 198.51.100.10, webConferencing: 198.51.100.20, av: 198.51.100.30}",
        "    internalAddresses: [172.25.33.10]",
        "    federation: true",
        "reverseProxy:",
        "  externalAddress: 203.0.113.10",
        "  autodiscover: https",
        "  lyncdiscoverRecord: a",
    ]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


def zone_of(name, origins):
    labels = name.split(".")
    for k in range(len(labels)):
        candidate = ".".join(labels[k:])
        if candidate in origins:
            return candidate
    return ".".join(labels[-2:])


def write_zones(records, outdir, port, probes=()):
    """records: (name, type, value, port, priority, weight) tuples for one view; probes: extra
    (name, TYPE) queries that the zones do not answer (the internal-only names `dns check`
    asks in the external view)."""
    origins = sorted({".".join(r[0].split(".")[-2:]) for r in records})
    zones = {o: [] for o in origins}
    queries = []
    seen = set()
    for name, rtype, value, srv_port, priority, weight in records:
        zone = zone_of(name, set(origins))
        if rtype in ("A", "AAAA"):
            data = value or ("203.0.113.200" if rtype == "A" else "2001:db8::200")
        elif rtype == "CNAME":
            data = value + "."
        else:
            data = f"{priority or 0} {weight or 0} {srv_port or 0} {value}."
        zones[zone].append(f"{name}. IN {rtype} {data}")
        qtype = "A" if rtype == "CNAME" else rtype
        if (name, qtype) not in seen:
            seen.add((name, qtype))
            queries.append(f"{name} {qtype}")
    for name, qtype in probes:
        if (name, qtype) not in seen:
            seen.add((name, qtype))
            queries.append(f"{name} {qtype}")
    os.makedirs(outdir, exist_ok=True)
    conf = [
        "server:", '    username: ""', '    database: ""', '    chroot: ""', f'    zonesdir: "{outdir}"',
        f'    pidfile: "{outdir}/nsd.pid"', f'    logfile: "{outdir}/nsd.log"', f'    xfrdfile: "{outdir}/xfrd.state"',
        f'    zonelistfile: "{outdir}/zone.list"', f"    ip-address: 127.0.0.1@{port}", f"    port: {port}",
        "    server-count: 1", "    verbosity: 0", "remote-control:", "    control-enable: no",
    ]
    for origin, rrs in zones.items():
        with open(os.path.join(outdir, origin + ".zone"), "w") as f:
            f.write(f"$ORIGIN {origin}.\n$TTL 300\n@ IN SOA ns1.{origin}. hostmaster.{origin}. 1 3600 600 86400 300\n")
            f.write(f"@ IN NS ns1.{origin}.\nns1 IN A 127.0.0.1\n")
            f.write("\n".join(rrs) + "\n")
        conf += ["zone:", f'    name: "{origin}"', f'    zonefile: "{origin}.zone"']
    with open(os.path.join(outdir, "nsd.conf"), "w") as f:
        f.write("\n".join(conf) + "\n")
    with open(os.path.join(outdir, "queries.txt"), "w") as f:
        f.write("\n".join(queries) + "\n")
    with open(os.path.join(outdir, "origins.txt"), "w") as f:
        f.write("\n".join(origins) + "\n")
    print(f"{len(queries)} queries, {sum(len(v) for v in zones.values())} records in {len(zones)} zones")


def main():
    mode = sys.argv[1]
    if mode == "topology":
        topology(int(sys.argv[2]), sys.argv[3])
    elif mode == "zones":
        source = sys.stdin if sys.argv[2] == "-" else open(sys.argv[2])
        plan = json.load(source)
        records = [
            (r["name"], r["type"], r.get("value"), r.get("port"), r.get("priority"), r.get("weight"))
            for r in plan.get("dnsRecords", [])
            if r["view"] == "external"
        ]
        external = {r[0] for r in records}
        probes = [
            (r["name"], "SRV" if r["type"] == "SRV" else "A")
            for r in plan.get("dnsRecords", [])
            if r["view"] == "internal" and r["name"] not in external
            and r["name"].startswith(("lyncdiscoverinternal.", "_sipinternaltls._tcp.", "_sipinternal._tcp."))
        ]
        write_zones(records, sys.argv[3], int(sys.argv[4]), probes)
    elif mode == "synthetic":
        records = []
        for i in range(int(sys.argv[2])):
            d = domain(i)
            records += [
                (f"meet.{d}", "A", "203.0.113.10", None, None, None),
                (f"lyncdiscover.{d}", "A", "203.0.113.10", None, None, None),
                (f"sip.{d}", "A", "198.51.100.10", None, None, None),
                (f"_sip._tls.{d}", "SRV", f"sip.{d}", 443, 0, 0),
            ]
        write_zones(records, sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
