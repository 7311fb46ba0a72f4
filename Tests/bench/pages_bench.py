#!/usr/bin/env python3
"""make bench, list pages (issue #12): the audit log (newest 50 of 100,000 events), the people list (5,000 people), the
question list (10,000 questions) and a candidate's dashboard (500 past interviews), each driven by wrk at 8 and at 32
connections and compared with pgbench running the exact SQL one request sent (captured with log_statement) at the same
connections. Reports requests a second, p99, the ratio, and CPU per request of the server and of PostgreSQL (from
/proc, user + system time of every process), and the server's peak RSS. Prints Markdown."""
import argparse
import html
import os
import re
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from harness import insert_audit_events, running_server  # noqa: E402
from bench import print_rows, signed_in_opener  # noqa: E402
import questions_bench as qb  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    """User + system seconds of these processes so far (processes that ended are not counted)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total / TICKS


def database_cpu_seconds():
    """CPU so far of the benchmark's PostgreSQL: the postmaster (listening on COACH_DB_PORT), its live children, and
    the backends that ended (the postmaster's reaped children)."""
    out = subprocess.run(["ss", "-Hltnp", f"sport = :{os.environ['COACH_DB_PORT']}"], capture_output=True, text=True).stdout
    postmaster = int(re.search(r"pid=(\d+)", out).group(1))
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == postmaster:
                        children.append(int(entry))
            except (FileNotFoundError, ProcessLookupError):
                pass
    with open(f"/proc/{postmaster}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    reaped = (int(fields[13]) + int(fields[14])) / TICKS
    return cpu_seconds([postmaster] + children) + reaped


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as handle:
        return int(re.search(r"VmHWM:\s+(\d+) kB", handle.read()).group(1)) / 1024


def cookie_of(opener):
    jar = next(handler.cookiejar for handler in opener.handlers if hasattr(handler, "cookiejar"))
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def measured(action, server_pid, requests_of):
    """Runs `action`, returning its result with CPU ms per request for the server and for PostgreSQL."""
    server_before, database_before = cpu_seconds([server_pid]), database_cpu_seconds()
    result = action()
    requests = requests_of(result)
    server_ms = (cpu_seconds([server_pid]) - server_before) * 1000 / max(requests, 1)
    database_ms = (database_cpu_seconds() - database_before) * 1000 / max(requests, 1)
    return result, server_ms, database_ms


def settle(database):
    """After the seeding: statistics and the visibility map up to date, dirty pages written, so that no page's window
    pays for autovacuum or a checkpoint of the seeding."""
    qb.superuser("VACUUM ANALYZE", database)
    qb.superuser("CHECKPOINT")


def sealer_caught_up(database, timeout=60):
    """Waits until the server's sealer has linked every event in `database`, for at most `timeout` seconds; returns
    whether it did. A window that starts from a sealed log pays for sealing its own views (the sealer runs in the
    server, beside the requests), and never for the events an earlier load left behind."""
    deadline = time.monotonic() + timeout
    while qb.superuser("SELECT count(*) FROM audit_events WHERE seq IS NULL", database) != "0":
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)
    return True


def sealed_or_fail(database):
    """sealer_caught_up, or an error: pgbench's run of the same SQL leaves events that the page must not pay for."""
    if not sealer_caught_up(database):
        raise RuntimeError("the sealer did not catch up within a minute")


def one_round(url, cookie, script, database, server_pid, seconds):
    """The page under wrk (after a 2 s warm-up, as pgbench has), then pgbench on its SQL extended and prepared."""
    sealed_or_fail(database)
    qb.wrk(url, cookie, 2)
    (rate, p99, bad), server_ms, database_ms = measured(lambda: qb.wrk(url, cookie, seconds), server_pid,
                                                        lambda r: r[0] * seconds)
    sealed_or_fail(database)
    tps, _, sql_ms = measured(lambda: qb.pgbench(script, database, seconds), server_pid, lambda t: t * (seconds + 2))
    # The server prepares the statements a list view sends (FixedStatement), so pgbench runs the same SQL prepared
    # too: the ratio to that is the server's own overhead, with planning on neither side.
    sealed_or_fail(database)
    prepared, _, prepared_ms = measured(lambda: qb.pgbench(script, database, seconds, mode="prepared"), server_pid,
                                        lambda t: t * (seconds + 2))
    return dict(rate=rate, p99=p99, bad=bad, server_ms=server_ms, database_ms=database_ms, tps=tps, sql_ms=sql_ms,
                prepared=prepared, prepared_ms=prepared_ms, ratio=rate / tps, prepared_ratio=rate / prepared)


def round_text(rounds, statements):
    """The median round (by its ratio to pgbench) in full, and every round's two ratios."""
    median = sorted(rounds, key=lambda r: r["ratio"])[len(rounds) // 2]
    bad = sum(r["bad"] for r in rounds)
    each = ", ".join(f"{r['ratio']:.2f}/{r['prepared_ratio']:.2f}" for r in rounds)
    return (f"page {median['rate']:.0f} req/s (p99 {median['p99']:.1f} ms{f', {bad} non-2xx' if bad else ''}), "
            f"CPU/request server {median['server_ms']:.2f} ms + PostgreSQL {median['database_ms']:.2f} ms; "
            f"pgbench ({statements} statements) {median['tps']:.0f} tx/s, PostgreSQL {median['sql_ms']:.2f} ms/tx, "
            f"ratio {median['ratio']:.2f}; pgbench prepared {median['prepared']:.0f} tx/s, PostgreSQL "
            f"{median['prepared_ms']:.2f} ms/tx, ratio {median['prepared_ratio']:.2f} (median of {len(rounds)} rounds; "
            f"each round's ratios, extended/prepared: {each})")


def practice_pages(base, owner, candidate, connections):
    """Issue #11's pages: the candidate's history and current question, and the admins' progress and template pages."""
    people = owner.open(base + "/t/acme/admin/people?q=candidate%40acme.test").read().decode()
    progress = re.search(r'href="(/t/acme/admin/people/[0-9a-f-]{36}/progress)"', people).group(1)
    templates = owner.open(base + "/t/acme/admin/templates").read().decode()
    template = re.search(r'href="(/t/acme/admin/templates/[0-9a-f-]{36})"', templates).group(1)
    home = candidate.open(base + "/t/acme/").read().decode()
    start = re.search(r'action="(/t/acme/practice/start/[0-9a-f-]{36})"', home).group(1)
    token = html.unescape(re.search(r'name="_csrf" value="([^"]+)"', home).group(1))
    interview = candidate.open(base + start, data=urllib.parse.urlencode({"_csrf": token}).encode()).geturl()
    return [
        ("practice history, 25 of 502 interviews", "/t/acme/practice/history", candidate, connections),
        ("next-question page of an interview in progress", urllib.parse.urlparse(interview).path, candidate, connections),
        ("a candidate's progress, for admins", progress, owner, connections),
        ("one template's completion and scores", template, owner, connections),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", default="8,32")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--only", default="", help="run only pages whose label contains this")
    parser.add_argument("--rounds", type=int, default=3, help="page, pgbench and pgbench prepared in turn, this many times")
    args = parser.parse_args()
    rows = []
    with running_server(args.bin, "bench-pages.log") as (base, env, database, server):
        insert_audit_events(database, args.events)
        qb.seed_questions(database, 10_000)
        qb.seed_people(database, 5_000)
        qb.seed_interviews(database, 500)
        owner, _ = signed_in_opener(base, env["DEMO_PASSWORD"])
        candidate, _ = signed_in_opener(base, env["DEMO_PASSWORD"], email="candidate@acme.test")
        every = [int(c) for c in args.connections.split(",")]
        pages = [
            (f"audit log, newest 50 of {args.events:,} events", "/t/acme/admin/audit", owner, every),
            ("people list, 50 of 5,000 people", "/t/acme/admin/people", owner, every),
            ("question list, 50 of 10,000 questions", "/t/acme/admin/questions", owner, every),
            ("candidate dashboard, 502 past interviews", "/t/acme/", candidate, every),
        ]
        pages += practice_pages(base, owner, candidate, every[:1])
        settle(database)
        for label, path, opener, connection_counts in pages:
            if args.only not in label:
                continue
            script, statements = qb.captured_sql(opener, base + path)
            for connections in connection_counts:
                qb.CONNECTIONS = connections
                rounds = [one_round(base + path, cookie_of(opener), script, database, server.pid, args.seconds)
                          for _ in range(args.rounds)]
                rows.append((f"{label}, {connections} connections", round_text(rounds, statements)))
        rows.append(("server peak RSS over the whole run", f"{peak_rss_mib(server.pid):.0f} MiB"))
    print_rows(rows)


if __name__ == "__main__":
    main()
