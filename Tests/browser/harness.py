"""Shared pieces of the out-of-process tests: a fresh database cloned from the
migrated template, the demo tenants, and a real coach-server on a free port.
Reads the COACH_* variables that scripts/test.sh exports."""
import contextlib
import os
import secrets
import socket
import subprocess
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Checks:
    """Counts results and prints the closing 'N passed, N failed' line."""

    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def check(self, condition, message):
        if condition:
            self.passed += 1
            print(f"  ok   {message}")
        else:
            self.failed += 1
            print(f"  FAIL {message}")

    def finish(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def psql_owner(database, sql):
    env = dict(os.environ, PGPASSWORD=os.environ["COACH_OWNER_PASSWORD"])
    subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", os.environ["COACH_DB_HOST"], "-p", os.environ["COACH_DB_PORT"],
         "-U", "coach_owner", "-d", database, "-c", sql],
        check=True, env=env, stdout=subprocess.DEVNULL)


def insert_audit_events(database, count, padding=0):
    """Appends `count` failed sign-in events to acme's audit log as the operator would (claim minted by the owner), and
    seals them into the chain, so that a benchmark does not measure the server's sealer catching up on them."""
    claim = "SELECT set_config('app.tenant_claim', tenant_claim((SELECT id FROM tenants WHERE slug = 'acme')), true)"
    psql_owner(database, f"""
        BEGIN;
        {claim};
        INSERT INTO audit_events (tenant_id, actor_label, action, outcome, details, prev_hash, hash)
        SELECT (SELECT id FROM tenants WHERE slug = 'acme'), 'load@acme.test', 'auth.sign_in_failed', 'failure',
               jsonb_build_object('n', n::text, 'padding', repeat('x', {padding})), '', ''
          FROM generate_series(1, {count}) n;
        COMMIT;
        BEGIN;
        {claim};
        SELECT audit_seal((SELECT id FROM tenants WHERE slug = 'acme'), {count} + 1000);
        COMMIT;""")
    psql_owner(database, "VACUUM ANALYZE audit_events")


def chromium(width, height):
    """A headless Chromium with its window at width x height."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}", "--disable-gpu"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def navigate(driver, click, seconds=15):
    """Runs click() and waits until a new document has replaced the current one.

    The old page is marked with a token in its window object; a new page has no token.
    Reading the mark instead of holding an element avoids Chromium's "node does not
    belong to the document" errors when a click navigates before the driver answers."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait
    driver.execute_script("window.__coachOldPage = true")
    try:
        click()
    except WebDriverException as error:
        if "does not belong to the document" not in str(error):
            raise

    def replaced(_driver):
        try:
            return driver.execute_script(
                "return !window.__coachOldPage && document.readyState === 'complete'")
        except WebDriverException:
            return False  # the page is between documents
    WebDriverWait(driver, seconds).until(replaced)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


@contextlib.contextmanager
def running_server(bin_dir, log_name):
    """Yields (base_url, env, database, server process) for a fresh database with the demo tenants."""
    database = "system_" + secrets.token_hex(6)
    psql_owner("postgres", f"CREATE DATABASE {database} TEMPLATE {os.environ['COACH_DB_NAME']} OWNER coach_owner")
    env = dict(os.environ, COACH_DB_NAME=database, COACH_SECURE_COOKIES="false", DEMO_PASSWORD="system-test-" + secrets.token_hex(8))
    server = None
    try:
        subprocess.run([os.path.join(bin_dir, "tenantctl"), "demo", "--password-env", "DEMO_PASSWORD"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        log = open(os.path.join(ROOT, ".data", log_name), "w")
        server = subprocess.Popen([os.path.join(bin_dir, "coach-server"), "--port", str(port)], env=env, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        if not wait_for(base + "/healthz"):
            raise RuntimeError(f"coach-server did not start; see .data/{log_name}")
        yield base, env, database, server
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        drop_database(database)


def drop_database(database, seconds=20):
    """Drops the test database once the stopped server's connections have closed; the owner
    may not terminate coach_app's backends, so it waits for them instead of forcing."""
    deadline = time.time() + seconds
    while True:
        try:
            psql_owner("postgres", f"DROP DATABASE IF EXISTS {database}")
            return
        except subprocess.CalledProcessError:
            if time.time() > deadline:
                raise
            time.sleep(0.5)


@contextlib.contextmanager
def serving(bin_dir, log_name, env):
    """Yields (base_url, server process) for a coach-server started with `env` against the database it names (an
    existing one, such as the scale benchmark's), logging to a fresh .data/`log_name`, and stops it afterwards."""
    open(os.path.join(ROOT, ".data", log_name), "w").close()
    server, base = start_server(bin_dir, env, log_name)
    try:
        yield base, server
    finally:
        stop_server(server)


# Several servers on one database, and servers stopped and started by a test (issue #12: two instances behind nginx,
# and the fault tests; nginx and a plain HTTP client are in http_tools.py).

def psql_owner_rows(database, sql, tenant="acme"):
    """Rows of one query as the schema owner with `tenant` (a slug) claimed for the session, each a list of strings."""
    env = dict(os.environ, PGPASSWORD=os.environ["COACH_OWNER_PASSWORD"])
    claim = f"SELECT FROM (SELECT set_config('app.tenant_claim', tenant_claim((SELECT id FROM tenants WHERE slug = '{tenant}')), false)) c"
    out = subprocess.run(
        ["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-h", os.environ["COACH_DB_HOST"],
         "-p", os.environ["COACH_DB_PORT"], "-U", "coach_owner", "-d", database, "-c", claim, "-c", sql],
        check=True, env=env, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def start_server(bin_dir, env, log_name, port=None):
    """Starts coach-server with `env` on `port` (a free one by default), appending to .data/`log_name`, and waits for
    /healthz. Returns (process, base_url)."""
    port = port or free_port()
    log = open(os.path.join(ROOT, ".data", log_name), "a")
    server = subprocess.Popen([os.path.join(bin_dir, "coach-server"), "--port", str(port)], env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    if not wait_for(base + "/healthz"):
        server.kill()
        server.wait()
        raise RuntimeError(f"coach-server did not start; see .data/{log_name}")
    return server, base


def stop_server(server):
    """SIGTERM, then SIGKILL if it has not exited within 10 seconds."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextlib.contextmanager
def demo_database(bin_dir):
    """Yields (env, database): a fresh database cloned from the template with the demo tenants, and the server's
    environment for it. Dropped afterwards."""
    database = "system_" + secrets.token_hex(6)
    psql_owner("postgres", f"CREATE DATABASE {database} TEMPLATE {os.environ['COACH_DB_NAME']} OWNER coach_owner")
    env = dict(os.environ, COACH_DB_NAME=database, COACH_SECURE_COOKIES="false", DEMO_PASSWORD="system-test-" + secrets.token_hex(8))
    try:
        subprocess.run([os.path.join(bin_dir, "tenantctl"), "demo", "--password-env", "DEMO_PASSWORD"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        yield env, database
    finally:
        drop_database(database)


@contextlib.contextmanager
def running_servers(bin_dir, log_name, count=2, extra_env=None):
    """Yields (bases, env, database, processes): `count` coach-servers sharing one fresh database with the demo tenants,
    logging to .data/`log_name`-1.log, -2.log, …"""
    with demo_database(bin_dir) as (env, database):
        env.update(extra_env or {})
        started = []
        try:
            for n in range(count):
                path = os.path.join(ROOT, ".data", f"{log_name}-{n + 1}.log")
                open(path, "w").close()
                started.append(start_server(bin_dir, env, os.path.basename(path)))
            yield [base for _, base in started], env, database, [server for server, _ in started]
        finally:
            for server, _ in started:
                stop_server(server)
