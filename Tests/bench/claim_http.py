#!/usr/bin/env python3
"""What the signed tenant claim costs on the audit list page over HTTP: one release coach-server, one database with
100,000 events, wrk on /t/acme/admin/audit, alternating between the migrated policies (claim verified by app_tenant())
and the same policies trusting the claim's tenant without checking it. Prints a Markdown table."""
import argparse
import http.cookiejar
import html
import re
import subprocess
import sys
import urllib.parse
import urllib.request

sys.path.insert(0, __file__.rsplit("/", 3)[0] + "/Tests/browser")
from harness import insert_audit_events, psql_owner, running_server  # noqa: E402


def policies(expression):
    """SQL that points every tenant policy at `expression`, the tenant a statement may see."""
    quoted = expression.replace("'", "''")
    return f"""
DO $$
DECLARE t regclass;
BEGIN
    FOR t IN SELECT polrelid::regclass FROM pg_policy WHERE polname = 'tenant_isolation' LOOP
        EXECUTE format('ALTER POLICY tenant_isolation ON %s USING (tenant_id = (SELECT {quoted})) WITH CHECK (tenant_id = (SELECT {quoted}))', t);
    END LOOP;
END $$;
ALTER POLICY tenant_self ON tenants USING (id = (SELECT {expression})) WITH CHECK (id = (SELECT {expression}));
"""


BARE = policies("nullif(split_part(current_setting('app.tenant_claim', true), '.', 1), '')::uuid")
CLAIM = policies("public.app_tenant()")


def session_cookie(base, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/t/acme/login").read().decode()
    token = html.unescape(re.search(r'name="_csrf" value="([^"]+)"', page).group(1))
    form = urllib.parse.urlencode({"_csrf": token, "email": "owner@acme.test", "password": password}).encode()
    opener.open(base + "/t/acme/login", data=form).read()
    return next(c.value for c in jar if c.name == "coach_session")


def wrk(url, cookie, connections, seconds):
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Cookie: coach_session={cookie}", url],
                         check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    return rate, float(p99.group(1)) * scale


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    results = {"claim": [], "bare": []}
    with running_server(args.bin, "claim-http-server.log") as (base, env, database, _server):
        insert_audit_events(database, args.events)
        cookie = session_cookie(base, env["DEMO_PASSWORD"])
        url = base + "/t/acme/admin/audit"
        for variant in ["claim", "bare", "claim", "bare"]:
            psql_owner(database, CLAIM if variant == "claim" else BARE)
            wrk(url, cookie, args.connections, 3)  # warm-up
            results[variant].append(wrk(url, cookie, args.connections, args.seconds))
    print(f"| policies | audit list page, {args.connections} connections, 2 × {args.seconds} s | p99 |")
    print("| --- | --- | --- |")
    for variant, label in [("bare", "claim's tenant trusted unchecked"), ("claim", "claim verified by app_tenant()")]:
        rates = [r for r, _ in results[variant]]
        p99s = [p for _, p in results[variant]]
        print(f"| {label} | {sum(rates) / len(rates):.0f} req/s ({', '.join(f'{r:.0f}' for r in rates)}) | {max(p99s):.1f} ms |")
    claim = sum(r for r, _ in results["claim"]) / 2
    bare = sum(r for r, _ in results["bare"]) / 2
    print(f"\nClaim cost on the page: {(1 - claim / bare) * 100:.1f} % of throughput.")


if __name__ == "__main__":
    main()
