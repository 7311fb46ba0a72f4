#!/usr/bin/env python3
"""System test: a real coach-server streams an export of 100,000 audit events
while its own peak memory (VmHWM) stays far below the size of the export; 200 keep-alive
connections left open after a signed-in page each hold little memory; then it is
sent SIGTERM in the middle of a second export: it stops accepting connections, the
export in flight still arrives whole, and the process exits 0."""
import argparse
import html
import http.client
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from harness import Checks, insert_audit_events, running_server

EVENTS = 100_000


def status_bytes(pid, key):
    """A size from /proc/PID/status (VmHWM: peak resident; RssAnon: resident heap, stacks and buffers), in bytes."""
    with open(f"/proc/{pid}/status") as status:
        return next((int(line.split()[1]) * 1024 for line in status if line.startswith(key + ":")), 0)


def idle_connections(checks, jar, base, server, count=200):
    """Opens `count` keep-alive connections, loads the audit list once on each and leaves them open: what the server
    holds for an idle connection. It kept the async frames of its deepest request (about 50 KiB) until a request ran in
    a task of its own."""
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    address = urllib.parse.urlsplit(base)
    host, port = address.hostname, address.port

    def page(connection):
        connection.request("GET", "/t/acme/admin/audit", headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return response.status

    warm = [http.client.HTTPConnection(host, port) for _ in range(8)]
    for connection in warm * 4:
        page(connection)
    for connection in warm:
        connection.close()
    time.sleep(1)
    before = status_bytes(server.pid, "RssAnon")
    connections = [http.client.HTTPConnection(host, port) for _ in range(count)]
    statuses = [page(connection) for connection in connections]
    time.sleep(1)
    per_connection = (status_bytes(server.pid, "RssAnon") - before) / count
    for connection in connections:
        connection.close()
    print(f"  {count} idle connections after a page each: {per_connection / 1024:.0f} KiB each")
    checks.check(statuses == [200] * count, f"the audit list loaded on each of {count} connections")
    checks.check(per_connection < 48 * 1024, f"an idle connection holds less than 48 KiB ({per_connection / 1024:.0f} KiB)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    args = parser.parse_args()
    checks = Checks("export-memory")
    # glibc gives each thread that allocates its own arena (up to 8 per core), so a request that lands on a fresh
    # thread can raise the peak by tens of MB that say nothing about buffering. Two arenas keep the measure about the
    # export: a server that buffered it would still grow by its size.
    os.environ["MALLOC_ARENA_MAX"] = "2"
    with running_server(args.bin, "export-server.log") as (base, env, database, server):
        insert_audit_events(database, EVENTS, padding=900)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        login = opener.open(base + "/t/acme/login").read().decode()
        token = html.unescape(re.search(r'name="_csrf" value="([^"]+)"', login).group(1))
        form = urllib.parse.urlencode({"_csrf": token, "email": "owner@acme.test", "password": env["DEMO_PASSWORD"]}).encode()
        admin = opener.open(base + "/t/acme/login", data=form)
        checks.check(admin.url.endswith("/t/acme/admin"), "signed in as the owner")

        # Warm up every code path with a small export, then measure the big one.
        opener.open(base + "/t/acme/admin/audit/export?format=csv&action=tenant.created").read()
        before = status_bytes(server.pid, "VmHWM")
        response = opener.open(base + "/t/acme/admin/audit/export?format=csv")
        size, lines = 0, 0
        while True:
            chunk = response.read(64 * 1024)
            if not chunk:
                break
            size += len(chunk)
            lines += chunk.count(b"\r\n")
        growth = status_bytes(server.pid, "VmHWM") - before
        print(f"  export of {size:,} bytes; server peak memory grew by {growth:,} bytes")
        checks.check(response.headers.get("Content-Type", "").startswith("text/csv"), "the export is CSV")
        checks.check(lines >= EVENTS + 1, f"every event is exported ({lines - 1:,} rows)")
        checks.check(size > 80_000_000, "the export is large enough to show buffering")
        checks.check(growth < size // 4, "the server's peak memory grew by less than a quarter of the export")
        idle_connections(checks, jar, base, server)
        graceful_shutdown(checks, opener, base, server)
    sys.exit(checks.finish())


def refuses(base):
    """True when a new TCP connection to the server is refused."""
    host, port = base.removeprefix("http://").split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
        return False
    except OSError:
        return True


def graceful_shutdown(checks, opener, base, server):
    response = opener.open(base + "/t/acme/admin/audit/export?format=csv")
    first = response.read(1024 * 1024)
    server.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 5
    while not refuses(base) and time.monotonic() < deadline:
        time.sleep(0.1)
    checks.check(refuses(base), "after SIGTERM the server accepts no new connection (within 5 s)")
    lines = first.count(b"\r\n")
    while chunk := response.read(256 * 1024):
        lines += chunk.count(b"\r\n")
        time.sleep(0.001)
    checks.check(lines >= EVENTS + 1, f"the export in flight at SIGTERM still arrived whole ({lines - 1:,} rows)")
    try:
        code = server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        code = None
    checks.check(code == 0, f"the server then exited by itself with status 0 (status {code})")


if __name__ == "__main__":
    main()
