#!/usr/bin/env python3
"""Audited requests in one tenant against the same requests spread over many tenants (#12).

Every view of the audit log appends an `audit.read` event in the request's transaction. Before migration 0011 the
chain trigger held the tenant's lock until COMMIT, so one tenant's audited requests ran one at a time; now events
commit unsealed and the background sealer links them. This measures the audit list page with N wrk connections that
all belong to one tenant, then with one connection for each of N tenants, reports the ratio, and checks that every
tenant's chain is whole and verifies afterwards, with how long the sealer took to catch up.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from harness import psql_owner, running_server  # noqa: E402
from bench import print_rows, signed_in_opener  # noqa: E402
from pages_bench import cookie_of, cpu_seconds, database_cpu_seconds  # noqa: E402
import questions_bench as qb  # noqa: E402

def make_tenants(bin_dir, env, database, count):
    """Creates `count` tenants whose owners sign in with the demo password (copied from acme's owner)."""
    for n in range(count):
        subprocess.run([os.path.join(bin_dir, "tenantctl"), "tenant", "create", "--slug", f"bench{n}", "--name", f"Bench {n}",
                        "--owner-email", f"owner@bench{n}.test"], check=True, env=env, stdout=subprocess.DEVNULL)
    psql_owner(database, f"""
        DO $$
        DECLARE
            acme uuid := (SELECT id FROM tenants WHERE slug = 'acme');
            known text;
            t uuid;
        BEGIN
            PERFORM set_config('app.tenant_claim', tenant_claim(acme), true);
            SELECT password_hash INTO known FROM users WHERE tenant_id = acme AND email = 'owner@acme.test';
            FOR t IN SELECT id FROM tenants WHERE slug LIKE 'bench%' LOOP
                PERFORM set_config('app.tenant_claim', tenant_claim(t), true);
                UPDATE users SET password_hash = known, must_change_password = false WHERE tenant_id = t;
            END LOOP;
        END $$;""")


def wrk_over(base, paths, cookies, seconds):
    """One wrk process and connection per (path, cookie) at once; returns the summed req/s, the worst p99 and non-2xx."""
    procs = [subprocess.Popen(["wrk", "-t1", "-c1", f"-d{seconds}s", "--latency", "-H", f"Cookie: {cookie}", base + path],
                              stdout=subprocess.PIPE, text=True) for path, cookie in zip(paths, cookies)]
    results = [qb.parse_wrk(proc.communicate()[0]) for proc in procs]
    return sum(r[0] for r in results), max(r[1] for r in results), sum(r[2] for r in results)


def unsealed(database):
    """Tenants with events not sealed yet, from the sealer's own work list."""
    out = subprocess.run(
        ["psql", "-X", "-At", "-h", os.environ["COACH_DB_HOST"], "-p", os.environ["COACH_DB_PORT"], "-U", "coach_owner", "-d", database,
         "-c", "SELECT count(*) FROM audit_unsealed_tenants()"],
        check=True, capture_output=True, text=True, env=dict(os.environ, PGPASSWORD=os.environ["COACH_OWNER_PASSWORD"])).stdout
    return int(out.split()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    rows = []
    with running_server(args.bin, "bench-audit-writes.log") as (base, env, database, server):
        make_tenants(args.bin, env, database, args.connections)
        password = env["DEMO_PASSWORD"]
        one = [cookie_of(signed_in_opener(base, password)[0]) for _ in range(args.connections)]
        spread = [cookie_of(signed_in_opener(base, password, email=f"owner@bench{n}.test", tenant=f"bench{n}")[0])
                  for n in range(args.connections)]
        results = {}
        for label, cookies, paths in [
            ("one tenant", one, ["/t/acme/admin/audit"] * args.connections),
            (f"{args.connections} tenants", spread, [f"/t/bench{n}/admin/audit" for n in range(args.connections)]),
        ]:
            wrk_over(base, paths, cookies, 2)  # warm-up
            server_before, database_before = cpu_seconds([server.pid]), database_cpu_seconds()
            rate, p99, bad = wrk_over(base, paths, cookies, args.seconds)
            requests = rate * args.seconds
            server_ms = (cpu_seconds([server.pid]) - server_before) * 1000 / requests
            database_ms = (database_cpu_seconds() - database_before) * 1000 / requests
            started = time.perf_counter()
            while unsealed(database) > 0 and time.perf_counter() - started < 30:
                time.sleep(0.05)
            catch_up = time.perf_counter() - started
            results[label] = rate
            rows.append((f"audit list (each view appends audit.read), {args.connections} connections, {label}, {args.seconds} s",
                         f"{rate:.0f} req/s, p99 {p99:.1f} ms{', ' + str(bad) + ' non-2xx' if bad else ''}; CPU/request server "
                         f"{server_ms:.2f} ms + PostgreSQL {database_ms:.2f} ms; sealer caught up {catch_up:.2f} s after the run"))
        ratio = results["one tenant"] / results[f"{args.connections} tenants"]
        rows.append(("one tenant ÷ spread over tenants (issue: ≥ 0.80)", f"{ratio:.2f}"))
        verified = []
        for slug in ["acme", "bench0", f"bench{args.connections - 1}"]:
            out = subprocess.run([os.path.join(args.bin, "tenantctl"), "audit", "verify", "--tenant", slug], env=env,
                                 capture_output=True, text=True)
            verified.append(out.stdout.strip() or out.stderr.strip())
        rows.append(("tenantctl audit verify afterwards", "; ".join(verified)))
    print_rows(rows)


if __name__ == "__main__":
    main()
