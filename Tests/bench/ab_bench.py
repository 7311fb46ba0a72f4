#!/usr/bin/env python3
"""Two builds side by side on the list pages (issue #12): the server's CPU per request, before and after a change.

On this machine a page's rate and CPU per request move by 10-30% between runs of the same build (the machine itself
runs faster or slower), more than most single changes save. Here both builds serve one database at once, and wrk
loads them in alternating rounds (before, after, after, before, …), so a drift of the machine reaches both alike. Each
figure is the median over the rounds of the server's user + system CPU during the round divided by its requests, and the
same for PostgreSQL (only one server is loaded at a time, so the database's CPU in a round is that server's). Prints
Markdown."""
import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from harness import demo_database, insert_audit_events, start_server, stop_server  # noqa: E402
from bench import print_rows, signed_in_opener  # noqa: E402
from pages_bench import cookie_of, cpu_seconds, database_cpu_seconds  # noqa: E402
import questions_bench as qb  # noqa: E402

PAGES = [
    ("audit log, newest 50 of 100,000 events", "/t/acme/admin/audit", "owner@acme.test"),
    ("people list, 50 of 5,000 people", "/t/acme/admin/people", "owner@acme.test"),
    ("question list, 50 of 10,000 questions", "/t/acme/admin/questions", "owner@acme.test"),
    ("candidate dashboard, 502 past interviews", "/t/acme/", "candidate@acme.test"),
]


def round_figures(server, base, cookie, path, seconds):
    """(server CPU ms per request, PostgreSQL CPU ms per request, requests a second) of one wrk round."""
    before, database_before = cpu_seconds([server.pid]), database_cpu_seconds()
    rate, _, bad = qb.wrk(base + path, cookie, seconds)
    if bad:
        raise RuntimeError(f"{base}{path}: {bad} responses were not 2xx or 3xx")
    requests = rate * seconds
    return ((cpu_seconds([server.pid]) - before) * 1000 / requests, (database_cpu_seconds() - database_before) * 1000 / requests,
            rate)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="the release build to compare against")
    parser.add_argument("--after", required=True)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--only", default="", help="measure only pages whose label contains this")
    args = parser.parse_args()
    qb.CONNECTIONS = args.connections
    rows, started, targets = [], [], []
    with demo_database(args.after) as (env, database):
        try:
            insert_audit_events(database, 100_000)
            qb.seed_questions(database, 10_000)
            qb.seed_people(database, 5_000)
            qb.seed_interviews(database, 500)
            for name, bin_dir in (("before", args.before), ("after", args.after)):
                server, base = start_server(bin_dir, env, f"bench-ab-{name}.log")
                started.append(server)
                cookies = {email: cookie_of(signed_in_opener(base, env["DEMO_PASSWORD"], email=email)[0])
                           for email in {email for _, _, email in PAGES}}
                targets.append((server, base, cookies))
            for label, path, email in PAGES:
                if args.only not in label:
                    continue
                figures = {0: [], 1: []}
                for number in range(args.rounds):
                    for which in ((0, 1) if number % 2 == 0 else (1, 0)):
                        server, base, cookies = targets[which]
                        figures[which].append(round_figures(server, base, cookies[email], path, args.seconds))
                cpu, database, rate = ([statistics.median(figure[n] for figure in figures[which]) for which in (0, 1)] for n in range(3))
                rows.append((f"{label}, {args.connections} connections",
                             f"server CPU/request {cpu[0]:.2f} → {cpu[1]:.2f} ms ({100 * (cpu[1] / cpu[0] - 1):+.1f}%), "
                             f"PostgreSQL {database[0]:.2f} → {database[1]:.2f} ms ({100 * (database[1] / database[0] - 1):+.1f}%), "
                             f"page {rate[0]:.0f} → {rate[1]:.0f} req/s ({100 * (rate[1] / rate[0] - 1):+.1f}%; medians of "
                             f"{args.rounds} rounds)"))
        finally:
            for server in started:
                stop_server(server)
    print_rows(rows)


if __name__ == "__main__":
    main()
