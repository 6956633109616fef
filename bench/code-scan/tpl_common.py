"""Shared pieces for the code-scan benchmark corpus templates.

A template is a function or method body written once, with placeholders in
guillemets: «E» (entity, PascalCase), «e» (camelCase), «es» (snake_case),
«tbl» (table), «route» (URL segment), «Fld»/«fld»/«fld_s» and «Fld2»/... (two
fields), «n»/«n2» (numbers), «w»/«w2» (words), «name» (the function name),
«sec» (a literal that looks like a credential), «host» (an internal host) and
any per-template variable declared in `vars`. «:type» expands to ": type" in
TypeScript and to nothing in JavaScript; «as:type» to " as type" and «<T>» to
"<T>" likewise.
"""

import re
import textwrap
from dataclasses import dataclass, field


@dataclass
class T:
    kinds: tuple  # file kinds the template may appear in
    names: tuple  # function name patterns
    body: str
    cat: str | None = None  # vulnerability category, None for safe code
    vars: dict = field(default_factory=dict)

    def __post_init__(self):
        self.body = textwrap.dedent(self.body).strip("\n") + "\n"


ENTITIES = [
    "User", "Account", "Order", "Invoice", "Product", "Customer", "Shipment",
    "Payment", "Ticket", "Review", "Coupon", "Cart", "Subscription", "Report",
    "Document", "Project", "Task", "Comment", "Message", "Notification",
    "Vendor", "Warehouse", "Employee", "Department", "Booking", "Reservation",
    "Policy", "Claim", "Asset", "Device", "Tenant", "Article", "Category",
    "Refund", "Quote", "Contract", "Lead", "Campaign", "Supplier", "Voucher",
    "Delivery", "Branch", "Course", "Enrollment", "Patient", "Appointment",
]

FIELDS = [
    "name", "status", "email", "title", "region", "ownerId", "description",
    "priority", "code", "sku", "reference", "channel", "label", "country",
    "city", "phone", "currency", "category", "source", "externalId", "tier",
    "language", "slug", "kind", "segment", "batchId", "createdBy", "state",
]

WORDS = [
    "alpha", "beacon", "cobalt", "delta", "ember", "falcon", "garnet", "harbor",
    "indigo", "juniper", "kestrel", "lumen", "maple", "nimbus", "onyx",
    "pioneer", "quartz", "raven", "sierra", "tundra", "umber", "vertex",
    "willow", "xenon", "yarrow", "zephyr", "atlas", "breeze", "cedar", "dune",
]

HOSTS = [
    "billing.internal", "inventory.svc.cluster.local", "auth.corp.example",
    "reports.internal", "search.svc.cluster.local", "ledger.corp.example",
]

ORGS = ["acme", "northwind", "contoso", "globex", "initech", "umbrella", "hooli", "vandelay"]
APPS = ["shop", "billing", "crm", "logistics", "hr", "portal", "inventory", "support", "booking", "lms"]


def snake(s: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", s).lower()


def camel(s: str) -> str:
    return s[0].lower() + s[1:]


def plural(s: str) -> str:
    if s.endswith("y") and s[-2] not in "aeiou":
        return s[:-1] + "ies"
    if s.endswith(("s", "x", "ch", "sh")):
        return s + "es"
    return s + "s"


_PH = re.compile(r"«([^»]+)»")


def render(text: str, ctx: dict, ts: bool = False) -> str:
    def sub(m):
        key = m.group(1)
        if key.startswith(":"):
            return ": " + key[1:] if ts else ""
        if key.startswith("as:"):
            return " as " + key[3:] if ts else ""
        if key.startswith("<"):
            return key if ts else ""
        return str(ctx[key])

    return _PH.sub(sub, text)


def make_ctx(rng, entity: str) -> dict:
    f1, f2 = rng.sample(FIELDS, 2)
    w1, w2 = rng.sample(WORDS, 2)
    ctx = {
        "E": entity,
        "e": camel(entity),
        "es": snake(entity),
        "Es": plural(entity),
        "es_pl": snake(plural(entity)),
        "tbl": snake(plural(entity)),
        "route": snake(plural(entity)).replace("_", "-"),
        "Fld": f1[0].upper() + f1[1:],
        "fld": f1,
        "fld_s": snake(f1),
        "Fld2": f2[0].upper() + f2[1:],
        "fld2": f2,
        "fld2_s": snake(f2),
        "n": rng.choice([5, 10, 20, 25, 50, 64, 100, 128, 200, 250, 500]),
        "n2": rng.randint(2, 90),
        "n3": rng.randint(1000, 99999),
        "w": w1,
        "W": w1.capitalize(),
        "w2": w2,
        "W2": w2.capitalize(),
        "host": rng.choice(HOSTS),
        "sec": rng.choice(["Sup3r", "Pr0d", "Adm1n", "Qwerty", "W1nter", "S3cret"])
        + "-"
        + w2
        + "-"
        + str(rng.randint(10, 9999))
        + rng.choice(["!", "#", "$", "*", ""]),
        "key16": "".join(rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(16)),
        "key8": "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8)),
    }
    return ctx
