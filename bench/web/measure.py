"""Start-up time and per-page latency of `barraiser serve`.

Start-up: from spawning the process to the first complete 200 response for
the dashboard (so it includes opening the database and rendering the page
from a year of history), the median and worst of 10 starts.

Pages: wrk (2 threads, SECS seconds, --latency) against each page, at 4
connections (a person with several tabs open) and at 16 (a stress level no
single user reaches); p50 and p99 come from wrk's latency distribution. wrk
and the server share the machine's cores, as they would on a laptop.
"""
import http.client
import re
import socket
import statistics
import subprocess
import sys
import time

PAGES = ["/", "/questions", "/review", "/star", "/tm", "/script", "/mock", "/tools"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request("GET", path)
    r = c.getresponse()
    r.read()
    c.close()
    return r.status


def start(binary, db):
    port = free_port()
    t0 = time.perf_counter()
    p = subprocess.Popen(
        [binary, "serve", "--port", str(port), "--db", db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while True:
        try:
            if get(port, "/") == 200:
                return p, port, time.perf_counter() - t0
        except OSError:
            time.sleep(0.0005)
        if p.poll() is not None:
            sys.exit(f"serve exited with {p.returncode}")
        if time.perf_counter() - t0 > 10:
            p.kill()
            sys.exit("serve did not answer within 10 s")


def stop(p):
    p.terminate()
    p.wait(timeout=10)


def ms(text):
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v


def main():
    binary, db, secs = sys.argv[1], sys.argv[2], sys.argv[3]
    starts = []
    for _ in range(10):
        p, _, t = start(binary, db)
        starts.append(t * 1000)
        stop(p)
    print(f"start-up to first dashboard: median {statistics.median(starts):.1f} ms, "
          f"worst {max(starts):.1f} ms (10 starts)")

    p, port, _ = start(binary, db)
    try:
        print("\n| page | status | connections | requests/s | p50 ms | p99 ms |")
        print("|---|---:|---:|---:|---:|---:|")
        for page in PAGES:
            status = get(port, page)
            for conns in (4, 16):
                out = subprocess.run(
                    ["wrk", "-t2", f"-c{conns}", f"-d{secs}s", "--latency",
                     f"http://127.0.0.1:{port}{page}"],
                    capture_output=True, text=True, check=True,
                ).stdout
                rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
                p50 = ms(re.search(r"\s50%\s+(\S+)", out).group(1))
                p99 = ms(re.search(r"\s99%\s+(\S+)", out).group(1))
                non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
                bad = f" ({non2xx.group(1)} non-2xx)" if non2xx else ""
                print(f"| `{page}` | {status}{bad} | {conns} | {float(rps):,.0f} | {p50:.2f} | {p99:.2f} |")
    finally:
        stop(p)


if __name__ == "__main__":
    main()
