#!/usr/bin/env python3
"""One build, two definitions of the database's objects: runs SQL file A, then B, then B, then A…, before each wrk round
on each page (8 connections), and prints the medians of the server's and PostgreSQL's CPU per request and of the rate.
For a change that is all in the database (a function rewritten, an index), where two builds side by side
(ab_bench.py) cannot differ. Run in a bench cluster's environment (scripts/bench-data.sh sets it); the files run as
the superuser, and B is left in place at the end.

    sql_ab_bench.py --bin DIR --a before.sql --b after.sql --page /t/acme/admin/audit --page /t/acme/admin/questions
"""
import argparse
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from harness import serving  # noqa: E402
from bench import print_rows, signed_in_opener  # noqa: E402
from pages_bench import cookie_of  # noqa: E402
from ab_bench import round_figures  # noqa: E402
import questions_bench as qb  # noqa: E402


def apply(path):
    subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", os.environ["PGSOCKDIR"],
                    "-p", os.environ["COACH_DB_PORT"], "-d", os.environ["COACH_DB_NAME"], "-f", path], check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--a", required=True)
    parser.add_argument("--b", required=True)
    parser.add_argument("--page", action="append", required=True)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    rows = []
    with serving(args.bin, "sql-ab.log", dict(os.environ, COACH_SECURE_COOKIES="false")) as (base, server):
        cookie = cookie_of(signed_in_opener(base, os.environ["DEMO_PASSWORD"])[0])
        for path in args.page:
            figures = {args.a: [], args.b: []}
            for number in range(args.rounds):
                for variant in (args.a, args.b) if number % 2 == 0 else (args.b, args.a):
                    apply(variant)
                    qb.wrk(base + path, cookie, 1)  # every connection plans the new definition
                    figures[variant].append(round_figures(server, base, cookie, path, args.seconds))
            a, b = ([statistics.median(f[n] for f in figures[v]) for n in range(3)] for v in (args.a, args.b))
            rows.append((f"{path}, A → B (medians of {args.rounds} rounds each)",
                         f"server CPU/request {a[0]:.2f} → {b[0]:.2f} ms, PostgreSQL {a[1]:.2f} → {b[1]:.2f} ms "
                         f"({100 * (b[1] / a[1] - 1):+.1f}%), {a[2]:.0f} → {b[2]:.0f} req/s ({100 * (b[2] / a[2] - 1):+.1f}%)"))
    apply(args.b)
    print_rows(rows)


if __name__ == "__main__":
    main()
