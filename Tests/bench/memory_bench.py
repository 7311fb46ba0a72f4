#!/usr/bin/env python3
"""The server's resident memory under load and after a burst (issue #12): for each build, RSS after a warm-up and a
rest, after 5 and 30 s of steady load at 8 connections (a memory that grows with the request rate shows here), right
after 10 s of wrk at 256 connections on the audit list (many requests in flight at once), and 40 s later, when the server has
had time to hand freed memory back (coach-server's `returnFreedMemory`, every 30 s). Prints Markdown.

Usage: Tests/bench/memory_bench.py --bin DIR [--bin DIR ...] (from scripts/test-env.sh's environment)."""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from harness import insert_audit_events, running_server  # noqa: E402
from bench import print_rows, signed_in_opener  # noqa: E402
from pages_bench import cookie_of  # noqa: E402
import questions_bench as qb  # noqa: E402


def resident(pid):
    """RSS, its anonymous part and the peak (VmHWM), in MiB, as one cell."""
    status = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status").read().splitlines() if ":" in line)
    rollup = dict(line.split(":", 1) for line in open(f"/proc/{pid}/smaps_rollup").read().splitlines()[1:] if ":" in line)
    mib = lambda text: int(text.split()[0]) / 1024  # noqa: E731
    return f"{mib(status['VmRSS']):.1f} MiB (anonymous {mib(rollup['Anonymous']):.1f}), peak {mib(status['VmHWM']):.1f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", action="append", required=True)
    args = parser.parse_args()
    rows = []
    for bin_dir in args.bin:
        with running_server(bin_dir, "bench-memory.log") as (base, env, database, server):
            insert_audit_events(database, 100_000)
            cookie = cookie_of(signed_in_opener(base, env["DEMO_PASSWORD"])[0])
            audit = base + "/t/acme/admin/audit"
            qb.CONNECTIONS = 8
            qb.wrk(audit, cookie, 5)
            time.sleep(35)
            rows.append((f"{bin_dir}: after 5 s at 8 connections and 35 s of rest", resident(server.pid)))
            for seconds in range(5, 35, 5):
                rate, _, _ = qb.wrk(audit, cookie, 5)
                if seconds in (5, 30):
                    rows.append((f"{bin_dir}: after {seconds} s more at 8 connections ({rate:.0f} req/s)", resident(server.pid)))
            qb.CONNECTIONS = 256
            rate, p99, bad = qb.wrk(audit, cookie, 10)
            rows.append((f"{bin_dir}: right after 10 s at 256 connections ({rate:.0f} req/s, p99 {p99:.0f} ms)", resident(server.pid)))
            time.sleep(40)
            rows.append((f"{bin_dir}: 40 s later", resident(server.pid)))
    print_rows(rows)


if __name__ == "__main__":
    main()
