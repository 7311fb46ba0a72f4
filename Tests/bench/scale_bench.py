#!/usr/bin/env python3
"""make bench, scale (issue #12), on make bench-data's database (run through scripts/bench-data.sh, which sets the
environment): the audit list at 10 million events beside 100,000 and deep keyset pages; p99 at 70% of the maximum in open
loop (constant_rate.py) and with and without 10 sign-ins a second; row-level security's cost (coach_app against a BYPASSRLS
role with the same grants). Rows carry CPU per request of the server and PostgreSQL and the cores other processes took."""
import argparse
import concurrent.futures
import html
import http.client
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from harness import serving  # noqa: E402
from bench_data import list_column, seal, superuser_value, tenant_events  # noqa: E402
from bench import print_rows, signed_in_opener  # noqa: E402
import questions_bench as qb  # noqa: E402
from pages_bench import TICKS, cookie_of, database_cpu_seconds, measured, peak_rss_mib, sealer_caught_up  # noqa: E402

BYPASS = "coach_app_bypass"
SEALER = ("audit_unsealed_tenants", "audit_seal(")  # the sealer's statements, left out of captured SQL
# Not the owner, whose session drives the pages: a user keeps a bounded number of sessions, the oldest ending first.
SIGN_IN_ACCOUNTS = ["editor@acme.test", "translator@acme.test", "candidate@acme.test"]


def ensure_bypass_role():
    """A login role with BYPASSRLS that has coach_app's grants by membership, in this bench cluster only."""
    qb.superuser(f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{BYPASS}') THEN
            CREATE ROLE {BYPASS} LOGIN BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE;
        END IF; END $$;
        ALTER ROLE {BYPASS} PASSWORD '{os.environ["COACH_APP_PASSWORD"]}';
        GRANT coach_app TO {BYPASS};""")


def busy_seconds():
    """CPU seconds the whole machine has spent outside idle and I/O wait."""
    with open("/proc/stat") as handle:
        user, nice, system, _idle, _iowait, irq, softirq, steal = [int(v) for v in handle.readline().split()[1:9]]
    return (user + nice + system + irq + softirq + steal) / TICKS


def client_seconds():
    """CPU of this process (the sign-in stream) and of its finished children (wrk, the constant-rate client)."""
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def run(action, server, requests_of):
    """`action`'s result with CPU per request (server, PostgreSQL) and the cores everything else used meanwhile."""
    busy, client, started = busy_seconds(), client_seconds(), time.monotonic()
    result, server_ms, database_ms = measured(action, server.pid, requests_of)
    requests, wall = requests_of(result), time.monotonic() - started
    ours = (server_ms + database_ms) * requests / 1000 + client_seconds() - client
    return result, f"CPU/request server {server_ms:.2f} ms + PostgreSQL {database_ms:.2f} ms, " \
                   f"other processes {max(0.0, busy_seconds() - busy - ours) / wall:.2f} cores", (server_ms, database_ms)


def still_signed_in(base, path, cookie):
    """Raises unless the page answers 200: wrk and the constant-rate client would count a redirect to sign-in as served."""
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie})
    if (status := connection.getresponse().status) != 200:
        raise RuntimeError(f"{path} answered {status}, so the figures would not be of the page")


def closed_loop(base, path, cookie, server, seconds):
    """wrk (8 connections) after a 3 s warm-up: (req/s, its row text, (server, PostgreSQL) CPU ms per request)."""
    qb.wrk(base + path, cookie, 3)
    (rate, p99, bad), cpu, milliseconds = run(lambda: qb.wrk(base + path, cookie, seconds), server, lambda r: r[0] * seconds)
    still_signed_in(base, path, cookie)
    return rate, f"{rate:.0f} req/s (p99 {p99:.1f} ms{f', {bad} non-2xx' if bad else ''}), {cpu}", milliseconds


def open_loop(base, path, cookie, server, rate, seconds):
    """Tests/bench/constant_rate.py at `rate` for `seconds` (after a 3 s warm-up): (p99, its row text)."""
    client = [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "constant_rate.py"),
              "--url", base + path, "--cookie", cookie, "--rate", str(rate), "--warm-up", "0", "--seconds"]
    subprocess.run(client + ["3"], check=True, capture_output=True)
    r, cpu, _ = run(lambda: json.loads(subprocess.run(client + [str(seconds)], check=True, capture_output=True, text=True).stdout),
                 server, lambda r: r["requests"])
    still_signed_in(base, path, cookie)
    bad = f", {r['bad']} not 200" if r["bad"] else ""
    return r["p99"], f"target {rate:.0f} req/s, achieved {r['achieved']:.0f}: p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms{bad} " \
                     f"(client lag p99 {r['lag_p99']:.1f} ms), {cpu}"


def older_link(opener, url):
    match = re.search(r'<a href="([^"]+)" rel="next">Older', opener.open(url).read().decode())
    return html.unescape(match.group(1)) if match else None


def keyset_links(opener, base, path):
    """Two pages of make bench-data's events in acme's log, as the server links them: the newest page's Older link names
    the key; moved to the newest generated event (the bench itself never signs out, make bench-data writes sign-outs)
    and to 99% down the log, each page's own Older link is the one measured. Returns (key, [(events newer, link)])."""
    first = older_link(opener, base + path)
    parts, column = urllib.parse.urlsplit(first), list_column()
    query = urllib.parse.parse_qsl(parts.query)
    key = next(k for k, v in query if v.isdigit())
    acme = "(SELECT id FROM tenants WHERE slug = 'acme')"
    newest = int(superuser_value(f"SELECT max({column}) FROM audit_events WHERE tenant_id = {acme} AND action = 'auth.sign_out'"))
    below = int(superuser_value(f"SELECT count(*) FROM audit_events WHERE tenant_id = {acme} AND {column} <= {newest}"))
    deep = int(superuser_value(f"SELECT {column} FROM audit_events WHERE tenant_id = {acme} AND {column} <= {newest} "
                               f"ORDER BY {column} DESC OFFSET {below * 99 // 100} LIMIT 1"))
    links = []
    for value in (newest + 1, deep):
        moved = [(k, str(value) if k == key else v) for k, v in query]
        links.append((tenant_events("acme", value), older_link(opener, base + parts.path + "?" + urllib.parse.urlencode(moved))))
    return key, links


def sign_in_stream(base, password, per_second, stop, outcomes):
    """Signs in `per_second` times a second (fetching the sign-in page, then posting it) until `stop` is set."""
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        due, n = time.monotonic(), 0
        while not stop.is_set():
            email = SIGN_IN_ACCOUNTS[n % len(SIGN_IN_ACCOUNTS)]
            pool.submit(lambda e=email: outcomes.append("coach_session" in cookie_of(signed_in_opener(base, password, e)[0])))
            n, due = n + 1, due + 1 / per_second
            time.sleep(max(0.0, due - time.monotonic()))


def scale_rows(base, server, cookies, seconds, rows):
    """Globex's newest page (100,000 events), acme's (10 million), and two of acme's further down, twice each in turn."""
    acme, globex = "/t/acme/admin/audit", "/t/globex/admin/audit"
    key, [(shallow_newer, shallow), (deep_newer, deep)] = keyset_links(cookies["opener"], base, acme)
    pages = [(f"audit list, newest 50 of globex's {tenant_events('globex'):,} events", globex, cookies["globex"]),
             (f"audit list, newest 50 of acme's {tenant_events('acme'):,} events", acme, cookies["acme"]),
             (f"audit list, acme, keyset ({key}=) page below the newest generated event ({shallow_newer:,} newer)", shallow, cookies["acme"]),
             (f"audit list, acme, keyset ({key}=) page 99% down ({deep_newer:,} events newer)", deep, cookies["acme"])]
    rates = {}
    for round_ in (1, 2):
        for label, path, cookie in pages:
            rate, text, _ = closed_loop(base, path, cookie, server, seconds)
            rates.setdefault(path, []).append(rate)
            rows.append((f"{label}, 8 connections, run {round_}", text))
    mean = {path: sum(r) / len(r) for path, r in rates.items()}
    rows.append(("audit list: acme's newest page over globex's (mean req/s)", f"{mean[acme] / mean[globex]:.2f}"))
    rows.append(("audit list: acme's page 99% down over its page of the newest generated events", f"{mean[deep] / mean[shallow]:.2f}"))
    rows.append(("audit list: acme's page 99% down over its newest page", f"{mean[deep] / mean[acme]:.2f}"))
    return mean[acme]


def beside_sign_ins(base, password, action):
    """Runs action() while 10 sign-ins a second go on: (its result, sign-ins that succeeded, sign-ins)."""
    stop, outcomes = threading.Event(), []
    stream = threading.Thread(target=sign_in_stream, args=(base, password, 10, stop, outcomes))
    stream.start()
    try:
        result = action()
    finally:
        stop.set()
        stream.join()
    return result, sum(outcomes), len(outcomes)


def open_loop_rows(base, server, password, cookie, maximum, seconds, shares, rows):
    """What sign-ins cost alone; the audit list at 70% of `maximum` in open loop; then at each share of it with and
    without 10 sign-ins a second, alternating."""
    audit = "/t/acme/admin/audit"
    sealer_caught_up(os.environ["COACH_DB_NAME"])  # the window that follows is not charged for an earlier load
    (_, ok, sent), text, _ = run(lambda: beside_sign_ins(base, password, lambda: time.sleep(seconds)), server, lambda r: r[2])
    rows.append((f"10 sign-ins a second alone (sign-in page, then the post), {seconds} s",
                 text.replace("request", "sign-in") + f"; {ok} of {sent} succeeded"))
    _, text = open_loop(base, audit, cookie, server, 0.7 * maximum, seconds)
    rows.append((f"audit list (acme), open loop at 70% of the measured maximum ({maximum:.0f} req/s), {seconds} s", text))
    for share in shares:
        p99s = {False: [], True: []}
        for with_sign_ins in (False, True, False, True):
            sealer_caught_up(os.environ["COACH_DB_NAME"])
            page = lambda: open_loop(base, audit, cookie, server, share * maximum, seconds)  # noqa: E731
            (p99, text), ok, sent = beside_sign_ins(base, password, page) if with_sign_ins else (page(), 0, 0)
            p99s[with_sign_ins].append(p99)
            rows.append((f"audit list (acme), open loop at {share:.0%} of the maximum, "
                         f"{'with 10 sign-ins a second' if with_sign_ins else 'no sign-ins'}",
                         text + (f"; {ok} of {sent} sign-ins succeeded" if with_sign_ins else "")))
        rows.append((f"page p99 at {share:.0%} with sign-ins minus without (mean of two each)",
                     f"{(sum(p99s[True]) - sum(p99s[False])) / 2:+.1f} ms"))


def rls_rows(bin_dir, env, opener, seconds, rows, rounds=2):
    """The same pages from a server connecting as coach_app and from one connecting as the BYPASSRLS role, in turn,
    `rounds` times in the order ABBA ABBA (so a drift over the run, such as the first round after VACUUM, weighs on
    both alike); then pgbench on the SQL one request of each sent (captured), as each role in turn."""
    pages = (("audit list, newest 50 (acme)", "/t/acme/admin/audit"), ("question list, newest 50 (acme)", "/t/acme/admin/questions"))
    rates, cpu, scripts = {}, {}, {}
    roles = [("coach_app", BYPASS)[(i + i // 2) % 2] for i in range(2 * rounds)]
    for role in roles:
        with serving(bin_dir, "bench-scale-rls.log", dict(env, COACH_APP_USER=role)) as (base, server):
            for label, path in pages:
                scripts[label] = scripts.get(label) or qb.captured_sql(opener, base + path, skip=SEALER)
                rate, text, milliseconds = closed_loop(base, path, cookie_of(opener), server, seconds)
                rates.setdefault((label, role), []).append(rate)
                cpu.setdefault((label, role), []).append(milliseconds)
                rows.append((f"{label} as {role}, 8 connections", text))
    for (label, _), role in [(page, role) for page in pages for role in ("coach_app", BYPASS) * 2]:
        (script, statements), before = scripts[label], database_cpu_seconds()
        tps = qb.pgbench(script, env["COACH_DB_NAME"], seconds, user=role)
        rates.setdefault((label + ", its SQL", role), []).append(tps)
        rows.append((f"{label}: pgbench on its {statements} statements as {role}, 8 connections",
                     f"{tps:.0f} tx/s, PostgreSQL {(database_cpu_seconds() - before) * 1000 / (tps * (seconds + 2)):.2f} ms/tx"))
    for label in [label for label, _ in pages] + [label + ", its SQL" for label, _ in pages]:
        (with_rls, without) = [sum(rates[(label, role)]) / len(rates[(label, role)]) for role in ("coach_app", BYPASS)]
        rows.append((f"row-level security's cost, {label}",
                     f"{with_rls:.0f} /s with, {without:.0f} without: {(1 - with_rls / without) * 100:+.1f} %"))
    for label, _ in pages:  # RLS changes only PostgreSQL's work: its extra CPU against the whole page's, less noisy than rates
        (server_ms, with_ms), (_, without_ms) = [[sum(c) / len(c) for c in zip(*cpu[(label, role)])] for role in ("coach_app", BYPASS)]
        rows.append((f"row-level security's cost, {label}, by CPU", f"PostgreSQL {with_ms:.2f} ms/request with, {without_ms:.2f} "
                     f"without: {(with_ms - without_ms) / (server_ms + with_ms) * 100:+.1f} % of the page's CPU"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seconds", type=int, default=10, help="each closed-loop (wrk) run")
    parser.add_argument("--open-seconds", type=int, default=20, help="each open-loop run")
    parser.add_argument("--burst-shares", default="0.25,0.5,0.7", help="shares of the maximum for the sign-in comparison")
    parser.add_argument("--rls-only", action="store_true", help="only row-level security's cost (with and without)")
    parser.add_argument("--rls-rounds", type=int, default=2, help="servers with and without row-level security, in turn")
    args = parser.parse_args()
    password, rows = os.environ["DEMO_PASSWORD"], []
    ensure_bypass_role()
    env = dict(os.environ, COACH_SECURE_COOKIES="false")
    rows.append(("machine", f"{os.cpu_count()} cores, {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB, "
                            f"load average {os.getloadavg()[0]:.2f} at start"))
    sealed = seal(args.bin, os.environ["COACH_DB_NAME"])  # make bench-data normally leaves nothing to seal
    rows += [("sealer, at start", sealed)] if sealed else []
    with serving(args.bin, "bench-scale.log", env) as (base, server):
        opener = signed_in_opener(base, password)[0]
        cookies = {"opener": opener, "acme": cookie_of(opener),
                   "globex": cookie_of(signed_in_opener(base, password, "owner@globex.test", "globex")[0])}
        if not args.rls_only:
            maximum = scale_rows(base, server, cookies, args.seconds, rows)
            shares = [float(s) for s in args.burst_shares.split(",")]
            open_loop_rows(base, server, password, cookies["acme"], maximum, args.open_seconds, shares, rows)
            rows.append(("server peak RSS", f"{peak_rss_mib(server.pid):.0f} MiB"))
    rls_rows(args.bin, env, cookies["opener"], args.seconds, rows, args.rls_rounds)
    print_rows(rows)


if __name__ == "__main__":
    main()
