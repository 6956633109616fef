#!/usr/bin/env python3
"""cloudsplaining's own per-policy checks (the ones `cloudsplaining
scan-policy-file` prints) over every policy of an account-details file.
Writes {policy_name: {category: [actions]}} as JSON to argv[2]."""
import json, sys
from cloudsplaining.scan.policy_document import PolicyDocument

details = json.load(open(sys.argv[1]))
out = {}
for p in details["Policies"]:
    doc = next(v["Document"] for v in p["PolicyVersionList"] if v["IsDefaultVersion"])
    pd = PolicyDocument(doc)
    out[p["PolicyName"]] = {
        "PrivilegeEscalation": [m["type"] for m in pd.allows_privilege_escalation],
        "DataExfiltration": pd.allows_data_exfiltration_actions,
        "ResourceExposure": pd.permissions_management_without_constraints,
        "CredentialsExposure": pd.credentials_exposure,
        "InfrastructureModification": pd.infrastructure_modification,
        "ServiceWildcard": pd.service_wildcard,
    }
json.dump(out, open(sys.argv[2], "w"), indent=1, sort_keys=True)
