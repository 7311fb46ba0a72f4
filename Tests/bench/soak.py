#!/usr/bin/env python3
"""make soak (issue #12): a release coach-server with bench-sized data gets a mixed workload: mostly page reads (audit
list, people list, question list, a candidate's dashboard), some writes (an admin creates a question; candidates start
interviews, see and answer their questions). First a closed loop at saturation finds the highest rate the server
sustains; then an open loop sends the same mix at 70% of it at a constant rate for 60 s, timing each request from
the moment it was due (so a stall shows in the latency instead of slowing the client). Reports requests, errors, p50
and p99, and the server's peak RSS and its growth from the first to the last second; for each minute, the rate
answered and the CPU per request of server, PostgreSQL and client, and each kind's latency at the start and the end.
Prints Markdown."""
import argparse
import asyncio
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from harness import insert_audit_events, psql_owner, running_server  # noqa: E402
from http_tools import Client, KeepAlivePool  # noqa: E402
from soak_workload import CANDIDATES, Session, Workload, closed_loop  # noqa: E402
from pages_bench import cpu_seconds, database_cpu_seconds  # noqa: E402
from bench import print_rows  # noqa: E402
import questions_bench as qb  # noqa: E402

async def open_loop(workload, rate, seconds, on_second):
    """Requests due at a constant `rate` (each timed from when it was due), `on_second` called every second."""
    latencies, errors, tasks = [], [], []
    started = time.monotonic()

    async def request(due, kind):
        try:
            got = await asyncio.wait_for(workload.one(kind), timeout=30)
        except Exception as error:
            got = type(error).__name__
        latencies.append((due - started, time.monotonic() - due, kind))
        if got is not None:
            errors.append(f"{kind}: {got}")

    total, next_second = int(rate * seconds), 1
    for n in range(total):
        due = started + n / rate
        if time.monotonic() - started >= next_second:
            on_second(next_second)
            next_second += 1
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(request(due, random.choices(workload.kinds, workload.weights)[0])))
    sent = time.monotonic()
    await asyncio.gather(*tasks)
    on_second(seconds)
    return latencies, errors, time.monotonic() - sent


def memory(pid):
    """RSS, its peak, and the anonymous part of RSS (heap, stacks, buffers; the rest is code and data mapped from
    files), in MiB."""
    with open(f"/proc/{pid}/status") as handle:
        status = handle.read()
    return tuple(int(re.search(rf"{key}:\s+(\d+) kB", status).group(1)) / 1024 for key in ("VmRSS", "VmHWM", "RssAnon"))


def connections(port):
    """The server's open TCP connections (ESTABLISHED, on its listening port), from /proc/net/tcp."""
    with open("/proc/net/tcp") as handle:
        rows = [line.split() for line in handle.readlines()[1:]]
    return sum(1 for row in rows if int(row[1].split(":")[1], 16) == port and row[3] == "01")


def cpu(server_pid):
    """CPU seconds so far of the server, of PostgreSQL and of this client."""
    mine = os.times()
    return cpu_seconds([server_pid]), database_cpu_seconds(), mine.user + mine.system


def other_builds():
    """How many compiler processes run besides this soak (other builds share the two cores)."""
    count = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/comm") as handle:
                count += handle.read().strip() in ("swift-frontend", "swift-build", "clang", "cc1", "ld", "ld.lld")
        except OSError:
            pass
    return count


def seed(database, password_hash_from="candidate@acme.test"):
    insert_audit_events(database, 100_000)
    qb.seed_questions(database, 10_000)
    qb.seed_people(database, 5_000)
    qb.seed_interviews(database, 500)
    psql_owner(database, f"""
        BEGIN;
        SELECT set_config('app.tenant_claim', tenant_claim((SELECT id FROM tenants WHERE slug = 'acme')), true);
        INSERT INTO users (tenant_id, email, name, role, password_hash)
        SELECT tenant_id, 'soak' || n || '@acme.test', 'Soak Candidate ' || n, 'candidate', password_hash
          FROM users, generate_series(1, {CANDIDATES}) n WHERE email = '{password_hash_from}';
        COMMIT;""")


async def soak(args, base, server_pid, owners, candidates, practising, bank):
    host, port = base.removeprefix("http://").split(":")
    workload = Workload(KeepAlivePool(host, int(port)), owners, candidates, practising, bank)
    await closed_loop(workload, args.workers, 5)  # warm-up: connections, caches, the pool
    maximum, refused = await closed_loop(workload, args.workers, args.probe_seconds)
    rate = maximum * args.share
    samples, builds = [(0, *memory(server_pid), *cpu(server_pid), connections(int(port)))], [other_builds()]

    def on_second(second):
        samples.append((second, *memory(server_pid), *cpu(server_pid), connections(int(port))))
        if second % 10 == 0:
            builds.append(other_builds())
    latencies, errors, drained = await open_loop(workload, rate, args.seconds, on_second)
    return maximum, refused, rate, latencies, errors, drained, samples, builds


def percentile(values, share):
    return values[min(len(values) - 1, int(len(values) * share))] * 1000


def by_period(latencies, samples, seconds):
    """For each period: the p99 of the requests due in it, requests answered a second, CPU per answered request of the
    server, PostgreSQL and this client, and the RSS at its end. A leak shows as RSS rising in every period; a queue
    that grew once as RSS stepping up where p99 did, with the connections the client opened for it; requests that cost more as the data grows as CPU per request
    rising while the rate stays."""
    period = 60 if seconds >= 180 else max(1, seconds // 3)
    at = {sample[0]: sample for sample in samples}
    cells = []
    for start in range(0, seconds, period):
        end = min(start + period, seconds)
        due = sorted(latency for when, latency, _ in latencies if start <= when < start + period)
        answered = sum(1 for when, latency, _ in latencies if start <= when + latency < end) or 1
        first, last = at.get(start, samples[0]), at.get(end, samples[-1])
        server, database, client = ((last[n] - first[n]) * 1000 / answered for n in (4, 5, 6))
        if due:
            cells.append(f"{end} s: p99 {percentile(due, 0.99):.0f} ms, {answered / (end - start):.0f} answered/s, CPU/request "
                         f"server {server:.2f} + PostgreSQL {database:.2f} + client {client:.2f} ms, RSS {last[1]:.0f} MiB "
                         f"(anonymous {last[3]:.0f}), {last[7]} connections open")
    return f"per {period} s", "<br>".join(cells)


def by_kind(latencies, seconds):
    """p50 / p99 of each kind of request in the first and the last minute (or third) of the run."""
    period = 60 if seconds >= 180 else max(1, seconds // 3)
    cells = []
    for kind in sorted({kind for _, _, kind in latencies}):
        ends = []
        for start in (0, seconds - period):
            due = sorted(latency for when, latency, k in latencies if k == kind and start <= when < start + period)
            ends.append(f"{percentile(due, 0.5):.0f} / {percentile(due, 0.99):.0f}" if due else "none")
        cells.append(f"{kind} {ends[0]} → {ends[1]} ms")
    return f"p50 / p99 by kind, first {period} s → last {period} s", "; ".join(cells)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seconds", type=int, default=60, help="length of the constant-rate run")
    parser.add_argument("--share", type=float, default=0.7, help="the constant rate as a share of the maximum")
    parser.add_argument("--workers", type=int, default=16, help="clients of the closed loop that finds the maximum")
    parser.add_argument("--probe-seconds", type=int, default=20)
    args = parser.parse_args()
    with running_server(args.bin, "soak-server.log") as (base, env, database, server):
        seed(database)
        password = env["DEMO_PASSWORD"]
        owners = [Session(base, "owner@acme.test", password) for _ in range(6)]
        candidates = [Session(base, "candidate@acme.test", password) for _ in range(6)]
        practising = [Session(base, f"soak{n}@acme.test", password) for n in range(1, CANDIDATES + 1)]
        admin = Client(base)
        admin.sign_in("owner@acme.test", password)
        bank = re.search(r'name="bank"[^>]*><option value="([0-9a-f-]{36})"', admin.get("/t/acme/admin/questions/new").text).group(1)
        maximum, refused, rate, latencies, errors, drained, samples, builds = asyncio.run(
            soak(args, base, server.pid, owners, candidates, practising, bank))
    first, last = samples[0], samples[-1]
    period, series = by_period(latencies, samples, args.seconds)
    kinds_label, kinds_series = by_kind(latencies, args.seconds)
    latencies = sorted(latency for _, latency, _ in latencies)
    kinds = {kind: errors.count(kind) for kind in sorted(set(errors))}
    mix = ", ".join(f"{r[0]} {r[1]}%" for r in Workload.READS + Workload.WRITES)
    print_rows([
        ("machine", f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; "
                    f"compiler processes of other builds seen during the run: up to {max(builds)}"),
        ("data", "acme with 100,000 audit events, 5,000 people, 10,000 questions, 502 past interviews of the demo candidate"),
        ("mix", mix),
        (f"maximum: closed loop, {args.workers} clients, {args.probe_seconds} s", f"{maximum:.0f} req/s ({refused} unexpected answers)"),
        (f"soak: open loop at {args.share:.0%} of it for {args.seconds} s",
         f"{rate:.1f} req/s; {len(latencies)} requests, {len(errors)} errors{' ' + str(kinds) if kinds else ''}; the last answer "
         f"{drained * 1000:.0f} ms after the last request was sent"),
        ("latency from when each request was due", f"p50 {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms, "
                                                   f"max {latencies[-1] * 1000:.1f} ms"),
        ("server RSS", f"{first[1]:.0f} MiB at second 0, {last[1]:.0f} MiB at second {last[0]} ({last[1] - first[1]:+.0f} MiB); "
                       f"anonymous {first[3]:.0f} → {last[3]:.0f} MiB; peak (VmHWM) {first[2]:.0f} MiB at second 0, {last[2]:.0f} MiB at the end"),
        (f"latency, rate, CPU and RSS {period}", series),
        (kinds_label, kinds_series),
    ])
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
