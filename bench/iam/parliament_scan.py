#!/usr/bin/env python3
"""parliament over every policy file of a directory, in one process.

`parliament --directory` stops at the first policy it cannot analyse
(parliament 1.6.4 raises "Unknown data format: ArrayOfARN" on condition
types newer than its bundled IAM database), so this runs the same analysis
per file (parliament.analyze_policy_string with the community auditors, as
`parliament --include-community-auditors` does: they hold the privilege-
escalation, permissions-management and credential-exposure checks), counts the
files it cannot analyse, and prints the issues as JSON lines with the
CLI's fields. usage: parliament_scan.py DIR OUT.jsonl"""
import json, os, sys
import parliament

d, out = sys.argv[1], sys.argv[2]
errors = 0
with open(out, "w") as f:
    for name in sorted(os.listdir(d)):
        path = os.path.join(d, name)
        try:
            policy = parliament.analyze_policy_string(open(path).read(), filepath=path, include_community_auditors=True)
        except Exception as e:  # parliament's own failure on this policy
            errors += 1
            f.write(json.dumps({"issue": "PARLIAMENT_CRASH", "filepath": path, "detail": str(e)[:200]}) + "\n")
            continue
        for i in policy.findings:
            f.write(json.dumps({"issue": i.issue, "title": i.title, "severity": i.severity,
                                "filepath": path, "location": str(i.location)[:300]}) + "\n")
print(f"parliament: {errors} policies it could not analyse", file=sys.stderr)
