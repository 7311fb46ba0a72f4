#!/usr/bin/env python3
"""What PostgreSQL spends on each statement of N sign-ins (sign-in page, the post and the admin home it lands on) or N
views of one page, from `log_min_duration_statement = 0`: the time of each statement's parse, bind and execute added
up, per sign-in or view, costliest first. Run in a bench cluster's environment (scripts/bench-data.sh sets it).

    statement_costs.py --bin DIR --sign-ins 20
    statement_costs.py --bin DIR --page /t/acme/admin/audit --views 200
"""
import argparse
import collections
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from harness import serving  # noqa: E402
from bench import signed_in_opener  # noqa: E402
import questions_bench as qb  # noqa: E402

DURATION = re.compile(r"duration: ([\d.]+) ms\s+(?:(?:execute|bind|parse) [^:]*|statement): (.*)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--sign-ins", type=int, default=0)
    parser.add_argument("--page", default="/t/acme/admin/audit")
    parser.add_argument("--views", type=int, default=0)
    args = parser.parse_args()
    count, password = args.sign_ins or args.views, os.environ["DEMO_PASSWORD"]
    log = os.path.join(os.environ["PGSOCKDIR"], "server.log")
    with serving(args.bin, "statement-costs.log", dict(os.environ, COACH_SECURE_COOKIES="false")) as (base, _):
        opener = signed_in_opener(base, password)[0]
        act = (lambda: signed_in_opener(base, password)) if args.sign_ins else (lambda: opener.open(base + args.page).read())
        for _ in range(min(count, 20)):  # every pooled connection prepares its statements
            act()
        time.sleep(2)
        qb.superuser("ALTER SYSTEM SET log_min_duration_statement = 0")
        qb.superuser("SELECT pg_reload_conf()")
        time.sleep(0.5)
        start = os.path.getsize(log)
        try:
            for _ in range(count):
                act()
            time.sleep(1.5)
        finally:
            qb.superuser("ALTER SYSTEM RESET log_min_duration_statement")
            qb.superuser("SELECT pg_reload_conf()")
    with open(log, encoding="utf-8", errors="replace") as handle:
        handle.seek(start)
        text = handle.read()
    totals, counts = collections.defaultdict(float), collections.Counter()
    for match in DURATION.finditer(text):
        key = re.sub(r"\s+", " ", match.group(2))[:110]
        totals[key] += float(match.group(1))
        counts[key] += 1
    unit = "sign-in" if args.sign_ins else "view"
    for key, total in sorted(totals.items(), key=lambda kv: -kv[1])[:25]:
        print(f"{total / count:8.3f} ms/{unit}  {counts[key] / count:4.1f} lines  {key}")  # parse, bind, execute: a line each
    print(f"total {sum(totals.values()) / count:.3f} ms per {unit} (log lines of every session, the sealer's included)")


if __name__ == "__main__":
    main()
