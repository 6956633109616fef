import json
import sys

SWITCHES = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
PUBLIC = ("http://acs.amazonaws.com/groups/global/AllUsers",
          "http://acs.amazonaws.com/groups/global/AuthenticatedUsers")


def unknown(v):
    return isinstance(v, dict) and len(v) == 1 and isinstance(v.get("unknown"), str)


def configured(v):
    return v if isinstance(v, dict) and not unknown(v) else None


def all_on(bpa):
    return bpa is not None and all(bpa.get(s, False) for s in SWITCHES)


def main():
    snap = json.loads(sys.stdin.read())
    account = configured(snap.get("public_access_block"))
    buckets = snap.get("buckets", [])
    log_targets = set()
    for b in buckets:
        lg = configured(b.get("logging"))
        if lg and lg["TargetBucket"] != b["name"]:
            log_targets.add(lg["TargetBucket"])
    out = []
    for b in buckets:
        name = b["name"]
        own = b.get("public_access_block")
        if not unknown(own) and not all_on(configured(own)):
            out.append((name, "s3-bucket-public-access-block-off", "low" if all_on(account) else "high"))
        acl = configured(b.get("acl"))
        grants = [g for g in (acl or {}).get("Grants", [])
                  if g["Grantee"].get("URI") in PUBLIC]
        if grants:
            ignored = any((x or {}).get("IgnorePublicAcls", False)
                          for x in (account, configured(own)))
            writes = any(g["Permission"] in ("WRITE", "WRITE_ACP", "FULL_CONTROL") for g in grants)
            out.append((name, "s3-acl-public",
                        "medium" if ignored else "critical" if writes else "high"))
        enc = b.get("encryption")
        if enc is None or (configured(enc) is not None and not enc.get("Rules")):
            out.append((name, "s3-no-default-encryption", "medium"))
        if b.get("logging") is None and name not in log_targets:
            out.append((name, "s3-access-logging-off", "low"))
    for row in sorted(out):
        print(*row)


main()
