#!/usr/bin/env python3
"""Side-by-side findings of barraiser, parliament and cloudsplaining on the
managed-policy corpus: policies flagged per category, agreement, and
sample policies where they disagree.

usage: compare.py BARRAISER_JSON PARLIAMENT_JSONL CLOUDSPLAINING_JSON"""
import json, os, sys
from collections import defaultdict

bs = json.load(open(sys.argv[1]))["findings"]
pl_lines = [json.loads(l) for l in open(sys.argv[2]) if l.strip().startswith("{")]
cs = json.load(open(sys.argv[3]))

def name_of_arn(element):
    return element.rsplit("/", 1)[-1]

b = defaultdict(set)      # category -> policy names
b_detail = defaultdict(lambda: defaultdict(list))
for f in bs:
    loc = f["location"]
    name = name_of_arn(loc.get("element", ""))
    b[f["rule_id"]].add(name)
    b_detail[f["rule_id"]][name].append(f["message"])
p = defaultdict(set)
p_detail = defaultdict(lambda: defaultdict(list))
for i in pl_lines:
    name = os.path.basename(i.get("filepath") or "").removesuffix(".json")
    p[i["issue"]].add(name)
    p_detail[i["issue"]][name].append(i.get("location") or i.get("detail"))
c = defaultdict(set)
for name, cats in cs.items():
    for cat, acts in cats.items():
        if acts:
            c[cat].add(name)

print("## Findings per tool (policies flagged, of %d)" % len(cs))
print()
print("| tool | category | policies |")
print("|---|---|---:|")
for tool, d in (("barraiser", b), ("parliament", p), ("cloudsplaining", c)):
    for k in sorted(d):
        print(f"| {tool} | {k} | {len(d[k])} |")
print(f"| barraiser | (all findings) | {len(bs)} |")
print(f"| parliament | (all issues) | {len(pl_lines)} |")

pairs = [
    ("privilege escalation", b["privilege-escalation"], c["PrivilegeEscalation"], p.get("PRIVILEGE_ESCALATION", set())),
    ("data exfiltration", b["data-exfiltration"], c["DataExfiltration"], set()),
    ("resource exposure", b["resource-exposure"], c["ResourceExposure"], p.get("PERMISSIONS_MANAGEMENT_ACTIONS", set())),
    ("credential exposure", b["credential-exposure"], c["CredentialsExposure"], p.get("CREDENTIALS_EXPOSURE", set())),
]
print()
print("## Agreement per category (policies)")
print()
print("| category | barraiser | cloudsplaining | both | only barraiser | only cloudsplaining | parliament | both b+p |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for label, bb, cc, pp in pairs:
    print(f"| {label} | {len(bb)} | {len(cc)} | {len(bb & cc)} | {len(bb - cc)} | {len(cc - bb)} | {len(pp) if pp else '-'} | {len(bb & pp) if pp else '-'} |")
print()
print("## Samples of disagreement")
for label, bb, cc, pp in pairs:
    ob, oc = sorted(bb - cc), sorted(cc - bb)
    print(f"\n### {label}")
    print(f"only barraiser ({len(ob)}): {', '.join(ob[:6])}")
    print(f"only cloudsplaining ({len(oc)}): {', '.join(oc[:6])}")
    for n in oc[:3]:
        cat = {"privilege escalation": "PrivilegeEscalation", "data exfiltration": "DataExfiltration",
               "resource exposure": "ResourceExposure", "credential exposure": "CredentialsExposure"}[label]
        print(f"  cloudsplaining {n}: {cs[n][cat][:6]}")
    for n in ob[:3]:
        rule = {"privilege escalation": "privilege-escalation", "data exfiltration": "data-exfiltration",
                "resource exposure": "resource-exposure", "credential exposure": "credential-exposure"}[label]
        print(f"  barraiser {n}: {b_detail[rule][n][:2]}")
