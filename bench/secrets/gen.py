#!/usr/bin/env python3
"""Generate a source tree with planted secrets whose answers are known.

    python3 bench/secrets/gen.py DIR [--files N] [--mb MB] [--seed S]

Writes N files (default 6,000) totalling about MB megabytes (default 250)
of Python, JavaScript, Go, Java, YAML, JSON, INI, .env, Markdown, logs and
package-lock.json files. Filler lines are code- and config-shaped text with
identifiers, numbers, commit hashes, UUIDs and prose. About one file in
three gets one planted secret of one of 11 kinds (AWS access key id and
secret key, private key, GitHub, Slack bot token, Slack webhook, Stripe
live key, JWT, password in a URL, password assignment, and a random API key
assigned to a neutral name). Decoys that are not secrets are planted too
(AWS documentation keys, template variables, placeholders, git SHAs,
UUIDs, lockfile integrity hashes).

DIR.manifest.json (beside the tree) lists every planted secret and decoy as
{"path", "line", "kind"}; paths are relative to DIR, lines 1-based.
Byte-identical output for the same arguments.
"""

import argparse
import base64
import json
import os
import random
import shutil
import string
import sys

B62 = string.ascii_letters + string.digits
B32 = string.ascii_uppercase + "234567"
HEX = "0123456789abcdef"
WORDS = (
    "user account order payment invoice session request response handler "
    "service client server config cache queue worker record item product "
    "customer address email message event stream batch job task report "
    "metric value result status error retry timeout limit offset page "
    "filter sort index query table column schema model view route path"
).split()
PROSE = (
    "the of and to in is that for it as was with be by on not he this are "
    "or his from at which but have an they you were her she there been one "
    "all we their has would when if so no will can more other its into"
).split()


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def rs(self, alphabet, n):
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def ident(self):
        r = self.r
        n = r.randint(1, 3)
        parts = [r.choice(WORDS) for _ in range(n)]
        style = r.random()
        if style < 0.5:
            return "_".join(parts)
        return parts[0] + "".join(p.capitalize() for p in parts[1:])

    def prose(self, n):
        return " ".join(self.r.choice(PROSE) for _ in range(n))

    # ------------------------------------------------------------ filler
    def filler(self, ext):
        r = self.r
        k = r.random()
        a, b = self.ident(), self.ident()
        num = r.randint(0, 100000)
        if ext == ".py":
            opts = [
                f"    {a} = {b}.get('{self.ident()}', {num})",
                f"def {a}(self, {b}, limit={num}):",
                f"    return [x for x in {a} if x.{b} > {num}]",
                f"    # {self.prose(r.randint(4, 12))}",
                f"    logger.info('{self.prose(5)} %s', {a})",
                f"    if {a} is None:",
                f"        raise ValueError('{self.prose(6)}')",
                f"from .{a} import {b}",
                f"    {a}_id = '{self.rs(HEX, 40)}'  # commit",
                f"    request_id = '{self.uuid()}'",
                "",
            ]
        elif ext in (".js", ".ts"):
            opts = [
                f"  const {a} = await {b}.find({{ id: {num} }});",
                f"function {a}({b}) {{",
                f"  return {a}.map((x) => x.{b} * {num});",
                f"  // {self.prose(r.randint(4, 12))}",
                f"  console.log(`{self.prose(4)} ${{{a}}}`);",
                "}",
                f"  if (!{a}) throw new Error('{self.prose(5)}');",
                f"import {{ {a} }} from './{b}';",
                f"  const etag = \"{self.rs(HEX, 32)}\";",
                "",
            ]
        elif ext == ".go":
            opts = [
                f"\t{a} := {b}.Get({num})",
                f"func {a.capitalize()}(ctx context.Context, {b} int) error {{",
                f"\tif err != nil {{ return fmt.Errorf(\"{self.prose(4)}: %w\", err) }}",
                f"\t// {self.prose(r.randint(4, 12))}",
                "}",
                f"\tcommit := \"{self.rs(HEX, 40)}\"",
                "",
            ]
        elif ext == ".java":
            opts = [
                f"    private final {a.capitalize()} {b};",
                f"    public int {a}(int {b}) {{ return {b} + {num}; }}",
                f"    // {self.prose(r.randint(4, 12))}",
                f"    LOG.debug(\"{self.prose(5)} {{}}\", {a});",
                "    }",
                "",
            ]
        elif ext in (".yaml", ".yml"):
            opts = [
                f"{a}: {num}",
                f"  {a}: {b}",
                f"  - name: {a}",
                f"    image: registry.local/{a}:{r.randint(1, 9)}.{r.randint(0, 20)}",
                f"# {self.prose(r.randint(4, 10))}",
                f"  revision: {self.rs(HEX, 40)}",
                f"  uid: {self.uuid()}",
            ]
        elif ext == ".ini" or ext == ".env":
            opts = [
                f"{a.upper()}={num}",
                f"{a}_host = {b}.internal",
                f"# {self.prose(r.randint(4, 10))}",
                f"{a.upper()}_ENABLED=true",
            ]
        elif ext == ".md":
            opts = [
                self.prose(r.randint(8, 20)).capitalize() + ".",
                f"## {self.prose(3).title()}",
                f"- `{a}`: {self.prose(6)}",
                "",
                f"Set `{a.upper()}` to the {self.prose(3)}.",
            ]
        elif ext == ".log":
            opts = [
                f"2026-11-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00Z INFO {a} request_id={self.uuid()} status={r.choice([200, 201, 404, 500])} took={num}ms",
                f"2026-11-{r.randint(1, 28):02d}T10:00:00Z WARN {self.prose(6)} trace={self.rs(HEX, 32)}",
            ]
        else:  # .json
            opts = [
                f'  "{a}": {num},',
                f'  "{a}": "{b}",',
                f'  "id": "{self.uuid()}",',
                f'  "description": "{self.prose(8)}",',
            ]
        return r.choice(opts)

    def uuid(self):
        h = self.rs(HEX, 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    # ------------------------------------------------------------ secrets
    def secret(self, kind, ext):
        """Lines for one planted secret; the first line is the answer line."""
        r = self.r
        q = '"'
        if kind == "aws":
            kid = "AKIA" + self.rs(B32, 16)
            sk = self.rs(B62 + "/+", 40)
            if ext in (".env", ".ini"):
                return [f"AWS_ACCESS_KEY_ID={kid}", f"AWS_SECRET_ACCESS_KEY={sk}"], ["aws-access-key-id", "aws-secret-access-key"]
            return [f"aws_access_key_id = {q}{kid}{q}", f"aws_secret_access_key = {q}{sk}{q}"], ["aws-access-key-id", "aws-secret-access-key"]
        if kind == "private-key":
            body = base64.b64encode(bytes(r.randrange(256) for _ in range(900))).decode()
            lines = ["-----BEGIN RSA PRIVATE KEY-----"] + [body[i:i + 64] for i in range(0, len(body), 64)] + ["-----END RSA PRIVATE KEY-----"]
            return lines, ["private-key"]
        if kind == "github":
            return [f"GITHUB_TOKEN = {q}ghp_{self.rs(B62, 36)}{q}"], ["github-token"]
        if kind == "slack":
            return [f"slack_bot = {q}xoxb-{r.randint(10**9, 10**10)}-{r.randint(10**11, 10**12)}-{self.rs(B62, 24)}{q}"], ["slack-token"]
        if kind == "slack-webhook":
            return [f"notify_url = {q}https://hooks.slack.com/services/T{self.rs(B32, 8)}/B{self.rs(B32, 10)}/{self.rs(B62, 24)}{q}"], ["slack-webhook"]
        if kind == "stripe":
            return [f"stripe_api = {q}sk_live_{self.rs(B62, 32)}{q}"], ["stripe-key"]
        if kind == "jwt":
            head = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
            claims = json.dumps({"sub": str(r.randint(1, 10**9)), "role": r.choice(WORDS), "iat": 1700000000 + r.randint(0, 10**7)}, separators=(",", ":"))
            body = base64.urlsafe_b64encode(claims.encode()).decode().rstrip("=")
            sig = self.rs(B62 + "-_", 43)
            return [f"auth_header = {q}Bearer {head}.{body}.{sig}{q}"], ["jwt"]
        if kind == "url-password":
            pw = self.rs(B62, 8) + r.choice("!#%^*") + self.rs(B62, 4)
            return [f"DATABASE_URL = {q}postgres://{r.choice(WORDS)}:{pw}@db-{r.randint(1, 99)}.prod.internal:5432/{r.choice(WORDS)}{q}"], ["url-password"]
        if kind == "password":
            pw = r.choice(["Winter", "Summer", "Spring", "Autumn"]) + str(r.randint(2000, 2030)) + r.choice("!@#$") + self.rs(B62, 3)
            return [f"db_password = {q}{pw}{q}"], ["password"]
        if kind == "entropy":
            return [f"partner_config = {q}{self.rs(B62, 32)}{q}"], ["high-entropy"]
        raise ValueError(kind)

    def decoy(self, ext):
        r = self.r
        opts = [
            'aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"',
            'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
            "password = os.environ['DB_PASSWORD']",
            'DATABASE_URL = "postgres://${DB_USER}:${DB_PASS}@db/app"',
            'api_key = "<your-api-key>"',
            'token = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
            f'commit_sha = "{self.rs(HEX, 40)}"',
            f'request_id = "{self.uuid()}"',
            'secret_name = "prod/payments/db"',
            "password_file = \"/run/secrets/db_password\"",
        ]
        return r.choice(opts)


KINDS = ["aws", "private-key", "github", "slack", "slack-webhook", "stripe", "jwt", "url-password", "password", "entropy"]
EXTS = [".py", ".py", ".js", ".ts", ".go", ".java", ".yaml", ".json", ".ini", ".md", ".log"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=6000)
    ap.add_argument("--mb", type=int, default=250)
    ap.add_argument("--seed", type=int, default=20261123)
    a = ap.parse_args()
    g = Gen(a.seed)
    r = g.r
    if os.path.exists(a.dir):
        shutil.rmtree(a.dir)
    os.makedirs(a.dir)
    per_file = a.mb * 1024 * 1024 // a.files
    manifest = []
    total = 0
    for i in range(a.files):
        ext = r.choice(EXTS)
        sub = f"svc{i % 40:02d}/{r.choice(['src', 'lib', 'config', 'deploy', 'docs', 'internal'])}"
        name = f"{g.ident().replace('_', '-')}-{i}{ext}"
        if i % 97 == 0:
            name = ".env"
            ext = ".env"
            sub = f"svc{i % 40:02d}/env{i}"
        if i % 211 == 0:
            name, ext = "package-lock.json", ".lock"
        rel = f"{sub}/{name}"
        lines = []
        size = 0
        target = int(per_file * r.uniform(0.3, 1.7))
        plant_at = r.randint(5, 200) if r.random() < 0.34 else -1
        decoy_at = r.randint(5, 200) if r.random() < 0.25 else -1
        if ext == ".lock":
            lines = ["{", '  "name": "app",', '  "lockfileVersion": 3,', '  "packages": {']
            while size < target:
                pkg = g.ident().replace("_", "-")
                integ = base64.b64encode(bytes(r.randrange(256) for _ in range(64))).decode()
                block = [f'    "node_modules/{pkg}": {{', f'      "version": "{r.randint(0, 9)}.{r.randint(0, 30)}.{r.randint(0, 9)}",',
                         f'      "resolved": "https://registry.npmjs.org/{pkg}/-/{pkg}-1.0.0.tgz",', f'      "integrity": "sha512-{integ}"', "    },"]
                lines += block
                size += sum(len(x) + 1 for x in block)
            lines += ["  }", "}"]
        else:
            while size < target:
                if len(lines) + 1 == plant_at:
                    kind = r.choice(KINDS)
                    sl, kinds = g.secret(kind, ext)
                    for j, k in enumerate(kinds):
                        manifest.append({"path": rel, "line": len(lines) + 1 + j, "kind": k})
                    lines += sl
                    size += sum(len(x) + 1 for x in sl)
                    continue
                if len(lines) + 1 == decoy_at:
                    d = g.decoy(ext)
                    manifest.append({"path": rel, "line": len(lines) + 1, "kind": "decoy"})
                    lines.append(d)
                    size += len(d) + 1
                    continue
                line = g.filler(ext)
                lines.append(line)
                size += len(line) + 1
        os.makedirs(os.path.join(a.dir, sub), exist_ok=True)
        with open(os.path.join(a.dir, rel), "w") as f:
            f.write("\n".join(lines) + "\n")
        total += size
    # Beside the tree, not in it, so no tool scans the answers.
    with open(a.dir.rstrip("/") + ".manifest.json", "w") as f:
        json.dump({"seed": a.seed, "files": a.files, "bytes": total, "planted": manifest}, f, indent=1)
    secrets = sum(1 for m in manifest if m["kind"] != "decoy")
    decoys = len(manifest) - secrets
    print(f"wrote {a.files} files, {total / 1048576:.0f} MB, {secrets} planted secrets, {decoys} decoys into {a.dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
