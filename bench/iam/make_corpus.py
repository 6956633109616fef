#!/usr/bin/env python3
"""Turn moto's copy of the AWS managed policies into the benchmark corpus.

Writes, under OUT (default bench/out/iam):
  account.json          get-account-authorization-details shape: every policy
                        in "Policies" with its default version
  policies/<name>.json  one policy document per file (for parliament)
"""
import json, os, shutil, sys
import moto.iam.aws_managed_policies as m

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "out", "iam")
data = json.loads(m.aws_managed_policies_data)
# Start empty: a corpus from another moto version must not mix in.
shutil.rmtree(os.path.join(out, "policies"), ignore_errors=True)
os.makedirs(os.path.join(out, "policies"))
policies = []
for name in sorted(data):
    p = data[name]
    path = p.get("Path", "/")
    arn = f"arn:aws:iam::aws:policy{path}{name}"
    ver = p.get("DefaultVersionId", "v1")
    policies.append({
        "PolicyName": name, "Arn": arn, "Path": path, "DefaultVersionId": ver,
        "IsAttachable": True, "AttachmentCount": 0,
        "CreateDate": p.get("CreateDate"), "UpdateDate": p.get("UpdateDate"),
        "PolicyVersionList": [{"Document": p["Document"], "VersionId": ver,
                               "IsDefaultVersion": True, "CreateDate": p.get("UpdateDate")}],
    })
    with open(os.path.join(out, "policies", name + ".json"), "w") as f:
        json.dump(p["Document"], f, indent=1)
with open(os.path.join(out, "account.json"), "w") as f:
    json.dump({"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [],
               "Policies": policies}, f, indent=1)
print(f"{len(policies)} policies -> {out}")
