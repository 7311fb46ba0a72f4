#!/usr/bin/env python3
"""make soak (issue #12): a release coach-server with bench-sized data gets a mixed workload: mostly page reads (audit
list, people list, question list, a candidate's dashboard), some writes (an admin creates a question; candidates start
interviews, see and answer their questions). First a closed loop at saturation finds the highest rate the server
sustains; then an open loop sends the same mix at 70% of it at a constant rate for 60 s, timing each request from
the moment it was due (so a stall shows in the latency instead of slowing the client). Reports requests, errors, p50
and p99, and the server's peak RSS and its growth from the first to the last second. Prints Markdown."""
import argparse
import asyncio
import os
import random
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from harness import insert_audit_events, psql_owner, running_server  # noqa: E402
from http_tools import Client, KeepAlivePool  # noqa: E402
from bench import print_rows  # noqa: E402
import questions_bench as qb  # noqa: E402

ANSWER = ("In my last role our checkout latency doubled after a release. I set up a dashboard, found the slow query, "
          "added an index and a cache for the price lookup, and rolled it out behind a flag. The result was a p99 "
          "under 200 ms again and a runbook the team still uses.")
CANDIDATES = 24


class Session:
    """One signed-in person: cookie header and CSRF token; a candidate also walks through interviews."""

    def __init__(self, base, email, password):
        client = Client(base)
        client.sign_in(email, password)
        self.cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        home = client.get("/t/acme/")
        page = home.text if home.status == 200 else client.get("/t/acme/admin").text
        self.token = Client.csrf(page)
        starts = re.findall(r'action="(/t/acme/practice/start/[0-9a-f-]{36})"', page)
        self.start = starts[0] if starts else None
        self.state, self.busy = None, False


def quote(text):
    return urllib.parse.quote_plus(text)


def unexpected(status, expected):
    return None if status == expected else status


class Workload:
    """The mix, by weight: what each request is, whose session it uses and which status it must get."""

    READS = [("audit list", 22, "/t/acme/admin/audit", "owner"), ("people list", 20, "/t/acme/admin/people", "owner"),
             ("question list", 20, "/t/acme/admin/questions", "owner"), ("candidate dashboard", 23, "/t/acme/", "candidate")]
    WRITES = [("create a question", 7), ("practice step", 8)]

    def __init__(self, pool, owners, candidates, practising, bank):
        self.pool, self.owners, self.candidates, self.practising, self.bank = pool, owners, candidates, practising, bank
        self.kinds = [r[0] for r in self.READS] + [w[0] for w in self.WRITES]
        self.weights = [r[1] for r in self.READS] + [w[1] for w in self.WRITES]
        self.created = 0

    async def one(self, kind):
        """Sends one request of `kind`; returns the status it got if that is not the one it should get, else None."""
        for label, _, path, who in self.READS:
            if label == kind:
                session = random.choice(self.owners if who == "owner" else self.candidates)
                return unexpected((await self.pool.send("GET", path, session.cookie))[0], 200)
        if kind == "create a question":
            self.created += 1
            owner = random.choice(self.owners)
            form = {"_csrf": quote(owner.token), "bank": self.bank, "level": "mid", "difficulty": "medium",
                    "prompt": quote(f"Soak question {self.created}: how do you keep a service steady under load?")}
            return unexpected((await self.pool.send("POST", "/t/acme/admin/questions/new", owner.cookie, form))[0], 303)
        return await self.practice_step()

    async def practice_step(self):
        """The next step of an idle candidate's interview: start one, show its question, or answer it."""
        idle = [c for c in self.practising if not c.busy]
        if not idle:
            return await self.one("candidate dashboard")
        candidate = random.choice(idle)
        candidate.busy = True
        try:
            if candidate.state is None:
                status, headers, _ = await self.pool.send("POST", candidate.start, candidate.cookie, {"_csrf": quote(candidate.token)})
                candidate.state = ("show", headers.get("location", "")) if status == 303 else None
                return unexpected(status, 303)
            if candidate.state[0] == "show":
                status, _, content = await self.pool.send("GET", candidate.state[1], candidate.cookie)
                if status != 200:
                    return status  # shown again on the next step
                position = re.search(rb'name="position" value="(\d+)"', content)
                candidate.state = ("answer", candidate.state[1], position.group(1).decode()) if position else None
                return unexpected(status, 200)
            _, path, position = candidate.state
            form = {"_csrf": quote(candidate.token), "position": position, "response": quote(ANSWER)}
            status, _, _ = await self.pool.send("POST", path + "/answer", candidate.cookie, form)
            candidate.state = ("show", path)
            return unexpected(status, 303)
        finally:
            candidate.busy = False


async def closed_loop(workload, workers, seconds):
    """`workers` clients each sending the next request as soon as the last one is answered; returns requests a second."""
    done, failed, deadline = 0, 0, time.monotonic() + seconds

    async def worker():
        nonlocal done, failed
        while time.monotonic() < deadline:
            kind = random.choices(workload.kinds, workload.weights)[0]
            try:
                ok = await workload.one(kind) is None
            except Exception:
                ok = False
            done, failed = done + ok, failed + (not ok)
    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(workers)))
    return done / (time.monotonic() - started), failed


async def open_loop(workload, rate, seconds, on_second):
    """Requests due at a constant `rate` (each timed from when it was due), `on_second` called every second."""
    latencies, errors, tasks = [], [], []
    started = time.monotonic()

    async def request(due, kind):
        try:
            got = await asyncio.wait_for(workload.one(kind), timeout=30)
        except Exception as error:
            got = type(error).__name__
        latencies.append((due - started, time.monotonic() - due))
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
    with open(f"/proc/{pid}/status") as handle:
        status = handle.read()
    return tuple(int(re.search(rf"{key}:\s+(\d+) kB", status).group(1)) / 1024 for key in ("VmRSS", "VmHWM"))


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
    samples, builds = [(0, *memory(server_pid))], [other_builds()]

    def on_second(second):
        samples.append((second, *memory(server_pid)))
        if second % 10 == 0:
            builds.append(other_builds())
    latencies, errors, drained = await open_loop(workload, rate, args.seconds, on_second)
    return maximum, refused, rate, latencies, errors, drained, samples, builds


def percentile(values, share):
    return values[min(len(values) - 1, int(len(values) * share))] * 1000


def by_period(latencies, samples, seconds):
    """p99 of the requests due in each period and the RSS at its end, so a leak (RSS rising in every period) can be
    told from a queue that grew once (RSS stepping up where p99 did, then flat)."""
    period = 60 if seconds >= 180 else max(1, seconds // 3)
    rss = {second: resident for second, resident, _ in samples}
    cells = []
    for start in range(0, seconds, period):
        due = sorted(latency for at, latency in latencies if start <= at < start + period)
        end = min(start + period, seconds)
        if due:
            cells.append(f"{end} s: p99 {percentile(due, 0.99):.0f} ms, RSS {rss.get(end, samples[-1][1]):.0f} MiB")
    return f"per {period} s", "; ".join(cells)


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
    latencies = sorted(latency for _, latency in latencies)
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
                       f"peak (VmHWM) {first[2]:.0f} MiB at second 0, {last[2]:.0f} MiB at the end"),
        (f"latency and RSS {period}", series),
    ])
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
