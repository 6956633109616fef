import json
import sys

REVOKE = "barraiser-revoke-sessions"
TAG = "barraiser:offboarded"


def steps_for(u, delete):
    s = lambda key: sorted(set(u.get(key, [])))
    keys = sorted({k["id"]: k for k in u.get("access_keys", [])}.values(),
                  key=lambda k: (k["created"], k["id"]))
    serials = sorted({m["serial"] for m in u.get("mfa_devices", [])})
    inline = s("inline_policies")
    bare = (not keys and not u.get("login_profile") and not serials
            and not any(s(k) for k in ("ssh_public_keys", "signing_certificates",
                                       "service_specific_credentials", "groups",
                                       "attached_policies"))
            and all(p == REVOKE for p in inline))
    out = []
    if REVOKE not in inline or not bare:
        out.append(("revoke-sessions", REVOKE))
    if u.get("login_profile"):
        out.append(("delete-login-profile", "user"))
    out += [("deactivate-access-key", k["id"]) for k in keys if k["status"] == "Active"]
    for serial in serials:
        out.append(("deactivate-mfa-device", serial))
        if serial.startswith("arn:") and ":mfa/" in serial:
            out.append(("delete-virtual-mfa-device", serial))
    out += [("delete-ssh-public-key", x) for x in s("ssh_public_keys")]
    out += [("delete-signing-certificate", x) for x in s("signing_certificates")]
    out += [("delete-service-specific-credential", x) for x in s("service_specific_credentials")]
    out += [("delete-access-key", k["id"]) for k in keys]
    out += [("remove-from-group", x) for x in s("groups")]
    out += [("detach-policy", x) for x in s("attached_policies")]
    out += [("delete-inline-policy", x) for x in inline if x != REVOKE]
    if delete:
        out += [("delete-inline-policy", REVOKE), ("delete-user", "user")]
    elif TAG not in u.get("tags", {}):
        out.append(("tag-user", TAG))
    return out


def main():
    text = sys.stdin.read()
    head, _, body = text.partition("\n")
    words = head.split()
    if not words:
        return
    name, delete = words[0], words[1:2] == ["delete"]
    inventory = json.loads(body)
    for acct in sorted(inventory["accounts"], key=lambda a: a["account"]):
        for u in acct.get("users", []):
            if u["name"] == name:
                for verb, obj in steps_for(u, delete):
                    print(acct["account"], verb, obj)


main()
