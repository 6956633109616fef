#!/usr/bin/env python3
"""Generate an equivalent pair of threat models with N elements.

Writes `model.yaml` (barraiser) and `model_pytm.py` (pytm 1.4) into OUTDIR.
Elements = actors + services + stores + flows (10% / 30% / 25% / 35%), in
50 nested boundaries (internet, accounts, VPCs, subnets, partners). Both
files describe the same graph: same element names, same boundaries, same
flows with the same protocol, authentication and encryption, so each
engine does its full per-element and per-flow work. Deterministic (seed 7).

usage: gen.py OUTDIR [N]
"""
import os
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
rng = random.Random(7)
os.makedirs(out, exist_ok=True)

n_act, n_svc, n_sto = n // 10, n * 3 // 10, n // 4
n_flow = n - n_act - n_svc - n_sto
bounds = [("internet", "internet", None)]
for a in range(5):
    bounds.append((f"acct{a}", "account", None))
    for v in range(3):
        bounds.append((f"vpc{a}_{v}", "vpc", f"acct{a}"))
        for s in range(2):
            bounds.append((f"sub{a}_{v}_{s}", "subnet", f"vpc{a}_{v}"))
while len(bounds) < 50:
    bounds.append((f"partner{len(bounds)}", "partner", None))
inner = [b[0] for b in bounds if b[1] != "internet"]

svc_kinds = ["lambda", "ecs", "ec2", "api-gateway", "generic"]
sto_kinds = ["dynamodb", "s3", "rds", "sqs", "elasticache"]
auths = ["none", "api-key", "sigv4", "oidc-jwt", "mtls"]
encs = ["none", "tls1.2"]
pytm_auth = {"none": "", "api-key": "API key", "sigv4": "SigV4", "oidc-jwt": "JWT", "mtls": "mTLS"}

actors = [(f"a{i}", "internet" if i % 2 == 0 else rng.choice(inner)) for i in range(n_act)]
services = [(f"s{i}", rng.choice(svc_kinds), rng.choice(inner), i % 7 == 0) for i in range(n_svc)]
stores = [(f"d{i}", rng.choice(sto_kinds), rng.choice(inner), f"x{i % 200}") for i in range(n_sto)]
data = [(f"x{i}", rng.choice(["internal", "confidential", "restricted"]), rng.choice([1_000, 100_000, 5_000_000])) for i in range(200)]
sources = [a[0] for a in actors] + [s[0] for s in services]
targets = [s[0] for s in services] + [d[0] for d in stores]
flows = []
for i in range(n_flow):
    f, t = rng.choice(sources), rng.choice(targets)
    if f == t:
        t = targets[(targets.index(t) + 1) % len(targets)]
    flows.append((f"f{i}", f, t, rng.choice(auths), rng.choice(encs), f"x{i % 200}"))

with open(os.path.join(out, "model.yaml"), "w") as y:
    y.write(f"name: generated {n}\nscale: {{users: 1000000, requests_per_second: 2000}}\nboundaries:\n")
    for bid, kind, parent in bounds:
        y.write(f"  - {{id: {bid}, kind: {kind}" + (f", parent: {parent}" if parent else "") + "}\n")
    y.write("actors:\n")
    for aid, b in actors:
        y.write(f"  - {{id: {aid}, kind: user, boundary: {b}}}\n")
    y.write("services:\n")
    for sid, kind, b, pub in services:
        y.write(f"  - {{id: {sid}, kind: {kind}, boundary: {b}, internet_facing: {str(pub).lower()}}}\n")
    y.write("data_stores:\n")
    for did, kind, b, x in stores:
        y.write(f"  - {{id: {did}, kind: {kind}, boundary: {b}, stores: [{x}]}}\n")
    y.write("data:\n")
    for xid, cls, rec in data:
        y.write(f"  - {{id: {xid}, classification: {cls}, records: {rec}}}\n")
    y.write("flows:\n")
    for fid, f, t, au, en, x in flows:
        y.write(f"  - {{id: {fid}, from: {f}, to: {t}, protocol: https, authentication: {au}, encryption: {en}, data: [{x}]}}\n")

with open(os.path.join(out, "model_pytm.py"), "w") as p:
    p.write("""import sys, time
t0 = time.perf_counter()
from pytm import TM, Actor, Server, Lambda, Datastore, Dataflow, Boundary, Data, Classification
tm = TM("generated")
tm.description = "generated benchmark model"
tm.isOrdered = False
B = {}
""")
    for bid, kind, parent in bounds:
        p.write(f"B[{bid!r}] = Boundary({bid!r})\n")
        if parent:
            p.write(f"B[{bid!r}].inBoundary = B[{parent!r}]\n")
    p.write("E = {}\nX = {}\n")
    cls_map = {"internal": "RESTRICTED", "confidential": "SENSITIVE", "restricted": "SECRET"}
    for xid, cls, rec in data:
        p.write(f"X[{xid!r}] = Data({xid!r}, classification=Classification.{cls_map[cls]})\n")
    for aid, b in actors:
        p.write(f"E[{aid!r}] = Actor({aid!r}); E[{aid!r}].inBoundary = B[{b!r}]\n")
    for sid, kind, b, pub in services:
        ctor = "Lambda" if kind == "lambda" else "Server"
        p.write(f"E[{sid!r}] = {ctor}({sid!r}); E[{sid!r}].inBoundary = B[{b!r}]\n")
    for did, kind, b, x in stores:
        p.write(f"E[{did!r}] = Datastore({did!r}); E[{did!r}].inBoundary = B[{b!r}]; E[{did!r}].storesSensitiveData = True\n")
    for fid, f, t, au, en, x in flows:
        p.write(
            f"_f = Dataflow(E[{f!r}], E[{t!r}], {fid!r}); _f.protocol = 'HTTPS'; _f.data = X[{x!r}]; "
            f"_f.isEncrypted = {en != 'none'}; _f.authenticatesSource = {au != 'none'}\n"
        )
    p.write("""t1 = time.perf_counter()
tm.resolve()
t2 = time.perf_counter()
print(f"pytm build={t1 - t0:.3f}s resolve={t2 - t1:.3f}s findings={len(tm.findings)}")
""")
print(f"wrote {out}/model.yaml and {out}/model_pytm.py: {n_act} actors, {n_svc} services, {n_sto} stores, {n_flow} flows, {len(bounds)} boundaries")
