import sys

B32 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def alnum(ch):
    return ch.isascii() and ch.isalnum()


def main():
    text = sys.stdin.read()
    for n, line in enumerate(text.split("\n"), start=1):
        i = 0
        while i + 20 <= len(line):
            w = line[i:i + 20]
            before = line[i - 1] if i > 0 else " "
            after = line[i + 20] if i + 20 < len(line) else " "
            if (w[:4] in ("AKIA", "ASIA") and not alnum(before) and not alnum(after)
                    and set(w[4:]) <= B32):
                if "EXAMPLE" not in w and len(set(w[4:])) > 1:
                    kind = "temporary" if w.startswith("ASIA") else "long-term"
                    print(n, kind, w)
                i += 20
            else:
                i += 1


main()
