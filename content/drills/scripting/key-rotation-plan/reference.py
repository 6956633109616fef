import sys
from datetime import date


def main():
    lines = [l for l in sys.stdin.read().split("\n") if l.strip()]
    if not lines:
        return
    now_s, max_age, grace = lines[0].split()
    now, max_age, grace = date.fromisoformat(now_s), int(max_age), int(grace)
    users = {}
    for line in lines[1:]:
        user, kid, status, created, last = line.split()
        users.setdefault(user, []).append({
            "id": kid,
            "active": status == "Active",
            "created": date.fromisoformat(created),
            "last": None if last == "-" else date.fromisoformat(last),
        })
    middle, last_steps = [], []
    for user in sorted(users):
        keys = sorted(users[user], key=lambda k: (k["created"], k["id"]))
        targets = [k for k in keys if k["active"] and k["created"] <= now
                   and (now - k["created"]).days > max_age]
        if not targets:
            continue
        target_ids = {k["id"] for k in targets}
        newest = max(k["created"] for k in targets)
        replacement = any(k["active"] and k["id"] not in target_ids and k["created"] > newest
                          for k in keys)
        victim = None
        if not replacement:
            if len(keys) >= 2:
                spare = [k for k in keys if not k["active"] and k["id"] not in target_ids]
                if spare:
                    victim = min(spare, key=lambda k: (k["created"], k["id"]))
                else:
                    victim = min(targets, key=lambda k: (
                        k["last"] or date.min, k["created"], k["id"]))
                if victim["active"]:
                    middle.append(f"deactivate {user} {victim['id']}")
                middle.append(f"delete {user} {victim['id']}")
            middle.append(f"create {user}")
        for k in targets:
            if victim is not None and k["id"] == victim["id"]:
                continue
            middle.append(f"deactivate {user} {k['id']}")
            if grace > 0:
                last_steps.append(f"delete {user} {k['id']} after {grace} days")
            else:
                middle.append(f"delete {user} {k['id']}")
    for step in middle + last_steps:
        print(step)


main()
