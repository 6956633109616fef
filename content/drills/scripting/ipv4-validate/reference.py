import sys

DIGITS = set("0123456789")


def valid(s):
    parts = s.split(".")
    if len(parts) != 4:
        return False
    for p in parts:
        if not p or not set(p) <= DIGITS or len(p) > 3:
            return False
        if len(p) > 1 and p[0] == "0":
            return False
        if int(p) > 255:
            return False
    return True


def main():
    text = sys.stdin.read()
    if not text:
        return
    if text.endswith("\n"):
        text = text[:-1]
    for line in text.split("\n"):
        print("valid" if valid(line) else "invalid")


main()
