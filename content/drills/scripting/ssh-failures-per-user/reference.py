import re
import sys
from collections import Counter

SYSLOG = re.compile(r"^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} (.*)$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\S* (.*)$")
PROGRAM = re.compile(r"^\S+ ([^\[:]+)(?:\[\d+\])?: (.*)$")
REPEAT = re.compile(r"^message repeated (\d+) times: \[ (.*?)\]?$")


def main():
    counts = Counter()
    for line in sys.stdin.read().split("\n"):
        m = SYSLOG.match(line) or ISO.match(line)
        if not m:
            continue
        p = PROGRAM.match(m.group(1))
        if not p or p.group(1) not in ("sshd", "sshd-session"):
            continue
        msg, weight = p.group(2), 1
        r = REPEAT.match(msg)
        if r:
            weight, msg = int(r.group(1)), r.group(2)
        if not msg.startswith("Failed ") or " for " not in msg:
            continue
        who = msg.split(" for ", 1)[1]
        if who.startswith("invalid user "):
            who = who[len("invalid user "):]
        if " from " not in who:
            continue
        user = who.rsplit(" from ", 1)[0]
        counts[user] += weight
    for user, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(user, n)


main()
