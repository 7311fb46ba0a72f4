#!/usr/bin/env python3
"""System test: a real coach-server and a real PostgreSQL under faults (issue #12).

1. Every pooled connection is stuck behind a lock held from psql: requests beyond the pool get a 503 page soon after
   the connection wait (COACH_DB_WAIT_SECONDS) instead of hanging, and the stuck ones finish once the lock goes.
2. The server is killed with SIGKILL while admins create questions (each with its audit event in the same
   transaction): after a restart every acknowledged question is there, with its event, and nothing is half-written.
3. PostgreSQL stops for a few seconds and starts again while pages are read and questions created: requests during
   the outage get a 503 page quickly, the server recovers by itself, every acknowledged write survived, and 20
   requests at once afterwards are all answered (the pool grows back without crashing).

PostgreSQL is the cluster scripts/test.sh started (PGSOCKDIR names its folder); as root, pg_ctl runs as postgres."""
import argparse
import glob
import http.client
import os
import re
import shlex
import subprocess
import sys
import threading
import time

from harness import ROOT, Checks, demo_database, psql_owner_rows, start_server, stop_server
from http_tools import Client

WAIT = 1.5  # the server's default wait for a pooled connection (COACH_DB_WAIT_SECONDS)
OUTAGE = 4  # seconds PostgreSQL stays down


def pg_ctl(*arguments):
    bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(re.search(r"/(\d+)/bin", d).group(1)))[-1]
    command = [os.path.join(bindir, "pg_ctl"), "-D", os.environ["PGSOCKDIR"], *arguments]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def postmaster_options():
    """The options the running postmaster was started with (postmaster.opts), without the binary and its folder."""
    with open(os.path.join(os.environ["PGSOCKDIR"], "postmaster.opts")) as handle:
        words = shlex.split(handle.read())[1:]
    at = words.index("-D")
    return shlex.join(words[:at] + words[at + 2:])


class Admin:
    """A signed-in owner who creates questions."""

    def __init__(self, base, password):
        self.client = Client(base, timeout=20)
        self.client.sign_in("owner@acme.test", password)
        form = self.client.get("/t/acme/admin/questions/new").text
        self.bank = re.search(r'name="bank"[^>]*><option value="([0-9a-f-]{36})"', form).group(1)
        self.token = Client.csrf(form)

    def create(self, prompt):
        return self.client.post("/t/acme/admin/questions/new",
                                {"_csrf": self.token, "bank": self.bank, "prompt": prompt, "level": "mid", "difficulty": "medium"})


class Load:
    """Threads that create questions and read pages until stopped, recording (started, finished, kind, status, prompt)."""

    def __init__(self, admins, readers, prefix):
        self.records, self.stopping, self.threads = [], threading.Event(), []
        for n, admin in enumerate(admins):
            self.threads.append(threading.Thread(target=self.write, args=(admin, f"{prefix}-{n}")))
        for reader in readers:
            self.threads.append(threading.Thread(target=self.read, args=(reader,)))
        for thread in self.threads:
            thread.start()

    def note(self, started, kind, send, prompt=None):
        try:
            reply = send()
            status, page = reply.status, reply
        except (OSError, http.client.HTTPException) as error:
            status, page = type(error).__name__, None
        self.records.append((started, time.monotonic(), kind, status, prompt, page))

    def write(self, admin, prefix):
        n = 0
        while not self.stopping.is_set():
            prompt = f"{prefix}-{n} Describe a fault you recovered from."
            self.note(time.monotonic(), "write", lambda: admin.create(prompt), prompt)
            n += 1

    def read(self, reader):
        while not self.stopping.is_set():
            self.note(time.monotonic(), "read", lambda: reader.get("/t/acme/admin/questions"))
            time.sleep(0.02)

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)
        return self.records


def prompts_in_database(database, prefix):
    rows = psql_owner_rows(database, f"SELECT prompt FROM question_versions WHERE prompt LIKE '{prefix}-%'")
    return {row[0] for row in rows}


def exhausted_pool(checks, base, database, password):
    print("faults: every pooled connection waits on a lock held from psql")
    signed_in = Client(base)
    signed_in.sign_in("owner@acme.test", password)
    env = dict(os.environ, PGPASSWORD=os.environ["COACH_OWNER_PASSWORD"])
    holder = subprocess.Popen(
        ["psql", "-X", "-q", "-h", os.environ["COACH_DB_HOST"], "-p", os.environ["COACH_DB_PORT"], "-U", "coach_owner", "-d", database,
         "-c", "BEGIN", "-c", "LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE", "-c", "SELECT pg_sleep(8)", "-c", "COMMIT"],
        env=env, stdout=subprocess.DEVNULL)
    query = "SELECT count(*) FROM pg_locks WHERE relation = 'sessions'::regclass AND mode = 'AccessExclusiveLock' AND granted"
    while psql_owner_rows(database, query) != [["1"]]:
        time.sleep(0.05)
    locked_at = time.monotonic()
    results = []

    def visit():
        client = Client(base, timeout=30)
        client.cookies = dict(signed_in.cookies)
        started = time.monotonic()
        reply = client.get("/t/acme/admin")
        results.append((reply.status, time.monotonic() - started, time.monotonic() - locked_at, reply))

    visitors = [threading.Thread(target=visit) for _ in range(40)]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join(timeout=60)
    holder.wait(timeout=30)
    refused = [r for r in results if r[0] == 503]
    served = [r for r in results if r[0] == 200]
    checks.check(len(results) == 40 and len(refused) + len(served) == 40,
                 f"40 requests with 20 connections: every answer is a page or a 503 ({sorted({r[0] for r in results})})")
    checks.check(len(refused) >= 15, f"the requests beyond the pool get a 503 ({len(refused)} of 40)")
    slowest = max((r[1] for r in refused), default=0)
    checks.check(slowest < WAIT + 2.5, f"each 503 came within the {WAIT} s wait plus 2.5 s (slowest {slowest:.2f} s), not when the lock went")
    checks.check(all(r[3].headers.get("Retry-After") == "5" and "Back in a moment" in r[3].text for r in refused),
                 "each 503 is the error page with Retry-After")
    checks.check(all(r[2] >= 7 for r in served), "the requests that had a connection finished once the lock was released")
    checks.check(signed_in.get("/t/acme/admin").status == 200, "afterwards the server serves as before")


def killed_server(checks, bin_dir, env, database, running, base):
    server = running[0]
    print("faults: SIGKILL during a stream of audited writes")
    admins = [Admin(base, env["DEMO_PASSWORD"]) for _ in range(4)]
    load = Load(admins, [], "kill")
    time.sleep(2)
    killed_at = time.monotonic()
    server.kill()
    server.wait()
    records = load.stop()
    acknowledged = {r[4] for r in records if r[3] == 303}
    lost = [r for r in records if not isinstance(r[3], int) and r[0] <= killed_at]
    server, base = start_server(bin_dir, env, "faults-server.log", port=int(base.rsplit(":", 1)[1]))
    running[0] = server
    stored = prompts_in_database(database, "kill")
    print(f"  {len(acknowledged)} creations acknowledged, {len(lost)} cut off by the kill, {len(stored)} stored")
    checks.check(len(acknowledged) >= 3 and acknowledged <= stored, "every acknowledged question is there after the restart")
    checks.check(len(stored - acknowledged) <= len(lost), "nothing is stored that no request asked for")
    [[without_version, without_event, orphan_events, orphan_versions]] = psql_owner_rows(database, """
        SELECT (SELECT count(*) FROM questions q WHERE NOT EXISTS (SELECT 1 FROM question_versions v
                  WHERE v.tenant_id = q.tenant_id AND v.question_id = q.id AND v.number = q.latest_version)),
               (SELECT count(*) FROM questions q JOIN question_versions v ON v.tenant_id = q.tenant_id AND v.question_id = q.id
                 WHERE v.number = 1 AND v.prompt LIKE 'kill-%' AND NOT EXISTS (SELECT 1 FROM audit_events a
                  WHERE a.tenant_id = q.tenant_id AND a.action = 'question.created' AND lower(a.target_id) = q.id::text)),
               (SELECT count(*) FROM audit_events a WHERE a.action = 'question.created' AND NOT EXISTS (SELECT 1 FROM questions q
                  WHERE q.tenant_id = a.tenant_id AND q.id::text = lower(a.target_id))),
               (SELECT count(*) FROM question_versions v WHERE NOT EXISTS (SELECT 1 FROM questions q
                  WHERE q.tenant_id = v.tenant_id AND q.id = v.question_id))""")
    checks.check(without_version == "0" and orphan_versions == "0", "no question without its version and no version without its question")
    checks.check(without_event == "0", f"every question has its question.created audit event ({without_event} without)")
    checks.check(orphan_events == "0", f"every question.created event has its question ({orphan_events} without)")
    verify = subprocess.run([os.path.join(bin_dir, "tenantctl"), "audit", "verify", "--tenant", "acme"], env=env, capture_output=True, text=True)
    checks.check(verify.returncode == 0, f"acme's audit chain verifies ({verify.stdout.strip() or verify.stderr.strip()})")
    checks.check(admins[0].client.get("/t/acme/admin").status == 200, "the restarted server accepts the sessions signed in before the kill")


def at_once(client, count):
    """The statuses of `count` requests for the admin home sent at the same moment, each on its own connection."""
    answers, start = [], threading.Barrier(count)

    def one():
        start.wait()
        answers.append(client.get("/t/acme/admin").status)
    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def restarted_database(checks, database, base, password):
    print("faults: PostgreSQL stops for 4 s and starts again under load")
    probe = Admin(base, password).client
    load = Load([Admin(base, password) for _ in range(3)], [Admin(base, password).client for _ in range(2)], "restart")
    time.sleep(2)
    options = postmaster_options()
    pg_ctl("stop", "-m", "fast", "-w")
    down = time.monotonic()
    ready = probe.get("/readyz")
    checks.check(ready.status == 503 and ready.seconds < WAIT + 1.5, f"/readyz says 503 while the database is down ({ready.seconds:.2f} s)")
    time.sleep(1)
    burst = at_once(probe, 20)
    checks.check(burst == [503] * 20 and probe.get("/healthz").status == 200,
                 f"20 requests at once during the outage each get a 503 and the server stays up ({sorted(map(str, burst))})")
    time.sleep(max(0.0, OUTAGE - (time.monotonic() - down)))
    starting = time.monotonic()
    pg_ctl("start", "-w", "-t", "60", "-l", os.path.join(os.environ["PGSOCKDIR"], "server.log"), "-o", options)
    up = time.monotonic()
    recovered = None
    while time.monotonic() < up + 15:
        if probe.get("/t/acme/admin").status == 200:
            recovered = time.monotonic()
            break
        time.sleep(0.1)
    time.sleep(1)
    records = load.stop()
    checks.check(recovered is not None and recovered - up <= 5,
                 f"the server recovered by itself {recovered - up if recovered else float('inf'):.2f} s after PostgreSQL was back")
    during = [r for r in records if down <= r[0] and r[1] <= starting]
    quickest = max((r[1] - r[0] for r in during), default=0)
    checks.check(len(during) >= 3 and all(r[3] == 503 for r in during) and quickest < WAIT + 1.5,
                 f"requests during the outage got a 503 within {WAIT + 1.5} s ({len(during)} requests: "
                 f"{sorted({str(r[3]) for r in during})}, the slowest in {quickest:.2f} s)")
    slowest = max((r[1] - r[0] for r in records), default=0)
    slow = [f"{r[2]} at {r[0] - down:+.2f} s took {r[1] - r[0]:.2f} s ({r[3]})" for r in records if r[1] - r[0] >= WAIT + 3.5]
    checks.check(slowest < WAIT + 3.5, f"no request hung: none took {WAIT + 3.5} s or more (slowest {slowest:.2f} s; {slow[:4]})")
    statuses = sorted({str(r[3]) for r in records})
    checks.check(set(statuses) <= {"200", "303", "503"}, f"every answer was a page, a redirect or a 503, never a 500 or a dropped connection ({statuses})")
    pages = [r[5] for r in records if r[3] == 503]
    checks.check(all(p.headers.get("Retry-After") == "5" and "cannot reach its database" in p.text for p in pages), "each 503 is the error page with Retry-After")
    acknowledged = {r[4] for r in records if r[3] == 303}
    missing = acknowledged - prompts_in_database(database, "restart")
    checks.check(len(acknowledged) >= 3 and not missing, f"every acknowledged write is there afterwards ({len(acknowledged)} acknowledged, {len(missing)} missing)")
    checks.check(probe.get("/readyz").status == 200, "/readyz says ready again")
    # The pool may come back from the outage with fewer connections than before; 20 requests at once make it open
    # more. postgres-nio 1.33's pool stops the process (a failed precondition) when it is asked for a new connection
    # while it holds fewer than its minimum, which can happen after an outage: coach-server sets no minimum.
    answers = at_once(probe, 20)
    checks.check(answers == [200] * 20 and probe.get("/healthz").status == 200,
                 f"20 requests at once after the outage are all answered and the server is still up ({sorted(map(str, answers))})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--only", choices=["pool", "kill", "restart"], help="run one of the three")
    args = parser.parse_args()
    checks = Checks("faults")
    open(os.path.join(ROOT, ".data", "faults-server.log"), "w").close()
    with demo_database(args.bin) as (env, database):
        server, base = start_server(args.bin, env, "faults-server.log")
        running = [server]  # killed_server replaces it with the restarted one
        try:
            if args.only in (None, "pool"):
                exhausted_pool(checks, base, database, env["DEMO_PASSWORD"])
            if args.only in (None, "kill"):
                killed_server(checks, args.bin, env, database, running, base)
            if args.only in (None, "restart"):
                restarted_database(checks, database, base, env["DEMO_PASSWORD"])
        finally:
            stop_server(running[0])
    sys.exit(checks.finish())


if __name__ == "__main__":
    main()
