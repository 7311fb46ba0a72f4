#!/usr/bin/env python3
"""make bench: measures a release coach-server on loopback and prints a Markdown table.

Each figure is a median of what one run saw on this machine; requests are bounded
in count and time and go only to 127.0.0.1."""
import argparse
import concurrent.futures
import html
import http.cookiejar
import os
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from harness import insert_audit_events, running_server  # noqa: E402


def signed_in_opener(base, password, email="owner@acme.test", tenant="acme"):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{base}/t/{tenant}/login").read().decode()
    token = html.unescape(re.search(r'name="_csrf" value="([^"]+)"', page).group(1))
    form = urllib.parse.urlencode({"_csrf": token, "email": email, "password": password}).encode()
    started = time.perf_counter()
    opener.open(f"{base}/t/{tenant}/login", data=form).read()
    return opener, time.perf_counter() - started


def timed(opener, url):
    started = time.perf_counter()
    with opener.open(url) as response:
        while response.read(256 * 1024):
            pass
    return time.perf_counter() - started


def load(openers, url, seconds, limit):
    """Each opener is one client looping on `url` until `seconds` pass or `limit` requests are done."""
    deadline = time.perf_counter() + seconds
    latencies = []

    def client(opener):
        mine = []
        while time.perf_counter() < deadline and len(mine) < limit:
            mine.append(timed(opener, url))
        return mine

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(len(openers)) as pool:
        for result in pool.map(client, openers):
            latencies.extend(result)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return len(latencies) / elapsed, latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99) - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    rows = []
    with running_server(args.bin, "bench-server.log") as (base, env, database, _server):
        password = env["DEMO_PASSWORD"]
        sign_ins = [signed_in_opener(base, password)[1] for _ in range(10)]
        rows.append(("sign-in (argon2id m=19456 KiB, t=2, p=1), 10 sequential", f"median {statistics.median(sign_ins) * 1000:.0f} ms"))

        openers = [signed_in_opener(base, password)[0] for _ in range(8)]
        rate, p50, p99 = load(openers, base + "/t/acme/admin", seconds=10, limit=5000)
        rows.append(("admin home, 8 clients, 10 s", f"{rate:.0f} req/s, p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"))
        anonymous = [urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())) for _ in range(8)]
        rate, p50, p99 = load(anonymous, base + "/t/acme/login", seconds=10, limit=5000)
        rows.append(("sign-in page (anonymous), 8 clients, 10 s", f"{rate:.0f} req/s, p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"))

        insert_audit_events(database, args.events)
        rows.append((f"audit log ({args.events:,} events): newest page",
                     f"median {statistics.median(timed(openers[0], base + '/t/acme/admin/audit') for _ in range(20)) * 1000:.1f} ms"))
        rows.append((f"audit log ({args.events:,} events): filtered by action",
                     f"median {statistics.median(timed(openers[0], base + '/t/acme/admin/audit?action=auth.sign_in') for _ in range(20)) * 1000:.1f} ms"))
        rows.append((f"audit log ({args.events:,} events): page 1,000 deep via keyset",
                     f"median {statistics.median(timed(openers[0], base + '/t/acme/admin/audit?before=50000') for _ in range(20)) * 1000:.1f} ms"))
        started = time.perf_counter()
        size = 0
        with openers[0].open(base + "/t/acme/admin/audit/export?format=csv") as response:
            while chunk := response.read(256 * 1024):
                size += len(chunk)
        seconds = time.perf_counter() - started
        rows.append((f"CSV export of {args.events:,} events", f"{size / seconds / 1e6:.1f} MB/s ({size / 1e6:.1f} MB in {seconds:.1f} s)"))
        started = time.perf_counter()
        verify = openers[0].open(base + "/t/acme/admin/audit/verify",
                                 data=urllib.parse.urlencode({"_csrf": csrf(openers[0], base)}).encode())
        verify.read()
        rows.append((f"chain verification of {args.events:,} events", f"{time.perf_counter() - started:.1f} s"))

    print_rows(rows)


def print_rows(rows):
    """The figures as a Markdown table, as BENCHMARKS.md quotes them."""
    print("| what | result |", flush=True)
    print("| --- | --- |")
    for what, result in rows:
        print(f"| {what} | {result} |")


def csrf(opener, base):
    page = opener.open(base + "/t/acme/admin/audit").read().decode()
    return html.unescape(re.search(r'name="_csrf" value="([^"]+)"', page).group(1))


if __name__ == "__main__":
    main()
