import json
import sys


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def all_actions(p):
    p = p.strip()
    return bool(p) and "*" in p and set(p) <= {"*", ":"}


def full_admin(statement):
    if statement.get("Effect") != "Allow" or "Principal" in statement:
        return False
    broad = "NotResource" in statement or any(
        r.strip() == "*" for r in as_list(statement.get("Resource")))
    return broad and any(all_actions(a) for a in as_list(statement.get("Action")))


def main():
    flagged = set()
    for line in sys.stdin.read().split("\n"):
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if not isinstance(obj, dict):
            continue
        name, policy = obj.get("name"), obj.get("policy")
        if not isinstance(name, str) or not isinstance(policy, dict) or "Statement" not in policy:
            continue
        if any(full_admin(s) for s in as_list(policy["Statement"]) if isinstance(s, dict)):
            flagged.add(name)
    for name in sorted(flagged):
        print(name)


main()
