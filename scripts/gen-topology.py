#!/usr/bin/env python3
"""Writes a large, valid lynccert topology (JSON, the topology file shape of DESIGN.md).

Usage: scripts/gen-topology.py --sip-domains N --pools M [--edge-pools E] [--wildcard POLICY] OUT.json

Every SIP domain gets a Meet simple URL; pools alternate nine Front End pools to one Director,
each with two member servers and an external web services FQDN; Edge pools carry federation and
XMPP. Names are synthetic (example.com / example.net sub-domains) and deterministic, so two runs
with the same arguments write the same file.
"""
import argparse
import json


def topology(sip_domains: int, pools: int, edge_pools: int, wildcard: str) -> dict:
    domains = ["contoso.com"] + [f"d{i:05d}.example.com" for i in range(1, sip_domains)]
    pool_list = []
    for i in range(pools):
        director = i % 10 == 9
        role = "director" if director else "frontEnd"
        name = f"{'dir' if director else 'pool'}{i:03d}"
        pool_list.append({
            "fqdn": f"{name}.contoso.net",
            "role": role,
            "machines": [f"{name}-a.contoso.net", f"{name}-b.contoso.net"],
            "externalWebFqdn": f"web{name}.contoso.com",
        })
    edges = []
    for i in range(edge_pools):
        suffix = "" if i == 0 else str(i + 1)
        edges.append({
            "fqdn": f"lsedge{suffix}.contoso.net",
            "accessEdgeFqdn": f"sip{suffix}.contoso.com",
            "webConferencingFqdn": f"webcon{suffix}.contoso.com",
            "avFqdn": f"av{suffix}.contoso.com",
            "externalAddresses": {
                "access": f"131.107.{155 + i}.10",
                "webConferencing": f"131.107.{155 + i}.20",
                "av": f"131.107.{155 + i}.30",
            },
            "internalAddresses": [f"172.25.{33 + i}.10"],
            "federation": True,
            "xmpp": i == 0,
        })
    return {
        "version": 1,
        "sipDomains": domains,
        "simpleUrls": {
            "meet": [{"domain": d, "url": f"https://meet.{d}"} for d in domains],
            "dialin": "https://dialin.contoso.com",
            "admin": "https://admin.contoso.com",
        },
        "pools": pool_list,
        "officeWebApps": {"fqdn": "officewebapps01.contoso.com", "publishedExternally": True},
        "edgePools": edges,
        "reverseProxy": {"externalAddress": "203.0.113.10", "autodiscover": "https", "lyncdiscoverRecord": "a"},
        "certificates": {"keySize": 2048, "wildcard": wildcard},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sip-domains", type=int, required=True)
    parser.add_argument("--pools", type=int, required=True)
    parser.add_argument("--edge-pools", type=int, default=2)
    parser.add_argument("--wildcard", choices=["none", "simpleUrls", "simpleUrlsAndAutodiscover"], default="none")
    parser.add_argument("out")
    args = parser.parse_args()
    if args.sip_domains < 1 or args.pools < 1:
        parser.error("--sip-domains and --pools must be at least 1")
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(topology(args.sip_domains, args.pools, args.edge_pools, args.wildcard), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
