#!/usr/bin/env python3
"""make bench, question bank: with 10,000 questions in acme, the list page (50 rows,
a search and a filter) and a question page are driven by wrk and compared with pgbench
running the exact SQL one request sent (captured with log_statement, same connections);
then the people list, the interview templates list and a candidate's dashboard (500 past interviews) the same way;
then tenantctl imports a 5,000-question file (seconds, peak memory). Prints Markdown."""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from harness import psql_owner, running_server  # noqa: E402
from bench import print_rows, signed_in_opener  # noqa: E402

WORDS = ["cache", "queue", "latency", "index", "partition", "replica", "consistency", "throughput", "retry", "timeout",
         "schema", "migration", "rollback", "deadlock", "transaction", "shard", "stream", "batch", "tenant", "session"]
CONNECTIONS = 8


def seed_questions(database, count, tenant="acme", bank="Acme interview bank", plan="enterprise"):
    """Adds `count` published questions to a tenant's bank (acme's demo bank unless told) as the operator would restore
    them (plain SQL, one go), moving the tenant to `plan` first unless it is None."""
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    upgrade = f"UPDATE tenants SET plan_id = '{plan}' WHERE slug = '{tenant}';" if plan else ""
    psql_owner(database, f"""
        BEGIN;
        {upgrade}
        SELECT set_config('app.tenant_claim', tenant_claim((SELECT id FROM tenants WHERE slug = '{tenant}')), true);
        INSERT INTO questions (tenant_id, bank_id, external_key, language, status, latest_version, published_version, updated_at)
        SELECT b.tenant_id, b.id, 'bench-' || n, 'en', 'published', 1, 1, now() - n * interval '1 minute'
          FROM question_banks b, generate_series(1, {count}) n WHERE b.name = '{bank}';
        INSERT INTO question_versions (tenant_id, question_id, number, language, prompt, level, difficulty, tags, author_name)
        SELECT q.tenant_id, q.id, 1, 'en',
               'How would you handle ' || w[1 + (n * 7) % 20] || ' and ' || w[1 + (n * 13) % 20] || ' when the '
                 || w[1 + (n * 3) % 20] || ' grows tenfold? Walk through the trade-offs (' || n || ').',
               (ARRAY['entry','junior','mid','senior','lead'])[1 + n % 5], (ARRAY['easy','medium','hard'])[1 + n % 3],
               ARRAY[w[1 + n % 20], w[1 + (n * 11) % 20]], 'Bench'
          FROM (SELECT tenant_id, id, substring(external_key FROM 7)::int AS n FROM questions WHERE external_key LIKE 'bench-%') q,
               (SELECT {words} AS w) words;
        COMMIT;""")
    psql_owner(database, "VACUUM ANALYZE questions")
    psql_owner(database, "VACUUM ANALYZE question_versions")


def seed_people(database, count, tenant="acme"):
    """Adds `count` people to a tenant, acme unless told (a fifth without a sign-in yet), as a large organisation has."""
    psql_owner(database, f"""
        BEGIN;
        SELECT set_config('app.tenant_claim', tenant_claim((SELECT id FROM tenants WHERE slug = '{tenant}')), true);
        INSERT INTO users (tenant_id, email, name, role, last_sign_in_at)
        SELECT (SELECT id FROM tenants WHERE slug = '{tenant}'), 'person' || n || '@{tenant}.test', 'Person ' || lpad(n::text, 5, '0'),
               CASE WHEN n % 10 = 0 THEN 'editor' ELSE 'candidate' END,
               CASE WHEN n % 5 = 0 THEN NULL ELSE now() - n * interval '1 hour' END
          FROM generate_series(1, {count}) n;
        COMMIT;""")
    psql_owner(database, "VACUUM ANALYZE users")


def seed_interviews(database, count):
    """Gives the demo candidate `count` completed interviews of the first template, as a candidate who practises a lot has."""
    psql_owner(database, f"""
        BEGIN;
        SELECT set_config('app.tenant_claim', tenant_claim(id), true) FROM tenants WHERE slug = 'acme';
        INSERT INTO interviews (tenant_id, template_id, user_id, status, started_at, finished_at, overall_score)
        SELECT u.tenant_id, t.id, u.id, 'completed', now() - n * interval '1 hour', now() - n * interval '1 hour' + interval '20 minutes',
               40 + (n * 37) % 60
          FROM generate_series(1, {count}) n, users u,
               LATERAL (SELECT id FROM interview_templates WHERE tenant_id = u.tenant_id ORDER BY created_at LIMIT 1) t
         WHERE u.email = 'candidate@acme.test';
        COMMIT;""")
    psql_owner(database, "VACUUM ANALYZE interviews")


def superuser(sql, database="postgres"):
    """`sql` run as the cluster's superuser in `database` (no row-level security); its output, unaligned, as one
    string (a query's one value, or nothing)."""
    return subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-t", "-A", "-h", os.environ["PGSOCKDIR"],
                           "-p", os.environ["COACH_DB_PORT"], "-d", database, "-c", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


# The audit sealer's statements: it runs in the server beside the requests, and logs in the same window from its pool.
SEALER = ("audit_unsealed_tenants", "audit_seal(")


def captured_sql(opener, url, skip=SEALER):
    """The statements one request sends, with their parameters written in, as a pgbench script. Statements mentioning
    any string in `skip`, with the transactions they ran in, are left out (by default the sealer's)."""
    log = os.path.join(os.environ["PGSOCKDIR"], "server.log")
    opener.open(url).read()  # warm: the session touch, if due, happens here and not in the capture
    superuser("ALTER SYSTEM SET log_statement = 'all'")
    superuser("SELECT pg_reload_conf()")
    time.sleep(0.5)
    start = os.path.getsize(log)
    opener.open(url).read()
    time.sleep(0.5)
    superuser("ALTER SYSTEM RESET log_statement")
    superuser("SELECT pg_reload_conf()")
    with open(log, encoding="utf-8", errors="replace") as handle:
        handle.seek(start)
        lines = handle.read().splitlines()
    statements, current = [], None
    prefix = re.compile(r"^\d{4}-\d\d-\d\d \S+ \S+ \[(\d+)\] (\w+):  (.*)$")
    for line in lines:
        match = prefix.match(line)
        if not match:
            if current is not None:
                current[0] += "\n" + line
            continue
        pid, level, text = match.groups()
        statement = re.match(r"(?:execute [^:]*|statement): (.*)$", text) if level == "LOG" else None
        if statement and "pg_reload_conf" not in text and "ALTER SYSTEM" not in text:
            current = [statement.group(1), {}, pid]
            statements.append(current)
        elif level == "DETAIL" and text.startswith("parameters:") and current is not None:
            current[1] = dict(re.findall(r"\$(\d+) = (NULL|'(?:[^']|'')*')", text))
        else:
            current = None if level == "LOG" else current
    if skip:  # per backend, a statement alone or BEGIN up to its COMMIT is kept or left out whole
        kept, blocks = [], {}
        for statement in statements:
            block = blocks.setdefault(statement[2], [])
            block.append(statement)
            if block[0][0].strip().rstrip(";").upper() != "BEGIN" or statement[0].strip().rstrip(";").upper() in ("COMMIT", "ROLLBACK"):
                kept += [] if any(s in sql for sql, *_ in blocks.pop(statement[2]) for s in skip) else block
        statements = kept + [statement for block in blocks.values() for statement in block]
    script = []
    for sql, parameters, _ in statements:
        for number in sorted(parameters, key=int, reverse=True):
            sql = re.sub(rf"\${number}(?!\d)", lambda _: parameters[number], sql)
        # pgbench reads ":name" as one of its variables; "a[1:n]" means the same with a space after the colon.
        sql = re.sub(r"(?<![:]):(?=[A-Za-z_])", ": ", sql)
        script.append(sql.strip().rstrip(";") + ";")
    return "\n".join(script) + "\n", len(statements)


def wrk(url, cookie, seconds):
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-H", f"Cookie: {cookie}", url],
                         check=True, capture_output=True, text=True).stdout
    return parse_wrk(out)


def parse_wrk(out):
    """wrk --latency's output as (requests per second, p99 in ms, non-2xx/3xx responses)."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p99_ms, int(bad.group(1)) if bad else 0


def pgbench(script, database, seconds, user="coach_app", mode="extended"):
    """pgbench's transactions a second on `script`. `mode` "extended" parses and plans every statement each time, as
    one-off queries are; "prepared" prepares each once per connection, as the server's fixed statements are."""
    pg_bin = sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: int(v))[-1]
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as handle:
        handle.write(script)
    env = dict(os.environ, PGHOST="127.0.0.1", PGPORT=os.environ["COACH_DB_PORT"], PGUSER=user, PGPASSWORD=os.environ["COACH_APP_PASSWORD"],
               PGOPTIONS="-c jit=off")  # as the server's connections (Database)
    command = [f"/usr/lib/postgresql/{pg_bin}/bin/pgbench", "-n", "-M", mode, "-c", str(CONNECTIONS), "-j", "2", "-f", handle.name, database]
    warm = subprocess.run(command + ["-T", "2"], capture_output=True, text=True, env=env)  # warm-up
    if warm.returncode != 0:
        raise RuntimeError(f"pgbench refused the captured script: {warm.stderr[-800:]}\n--- script ---\n{script}")
    out = subprocess.run(command + ["-T", str(seconds)], check=True, capture_output=True, text=True, env=env).stdout
    os.unlink(handle.name)
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def import_file(bin_dir, env, count):
    """Writes a `count`-question file in our JSON format, then times tenantctl importing it and reads its peak RSS."""
    questions = [{"externalKey": f"import-{n}", "category": [], "language": "en", "content": {
        "prompt": f"Describe how you would design the {WORDS[n % 20]} layer of a service handling {n} requests a second.",
        "level": "senior", "difficulty": ["easy", "medium", "hard"][n % 3], "tags": [WORDS[n % 20], WORDS[(n * 7) % 20]],
        "keywords": [WORDS[(n * 3) % 20]], "hint": "Start from the read and write paths.",
        "sampleAnswer": "A good answer names the bottleneck, measures it, and chooses a design with its trade-offs.",
        "criteria": [{"name": "Trade-offs", "weight": 60}, {"name": "Clarity", "weight": 40}]}} for n in range(1, count + 1)]
    path = os.path.join(tempfile.gettempdir(), f"bench-import-{count}.json")
    with open(path, "w") as handle:
        json.dump({"format": "interview-coach-questions", "version": 1, "questions": questions}, handle)
    results = {}
    for mode in ("--dry-run", None):
        command = [os.path.join(bin_dir, "tenantctl"), "bank", "import", "--tenant", "acme", "--bank", "Acme interview bank", "--file", path]
        started = time.perf_counter()
        with tempfile.TemporaryFile() as out:  # a file, not a pipe: the dry run prints a line per question
            process = subprocess.Popen(command + ([mode] if mode else []), env=env, stdout=out, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(process.pid, 0)
            out.seek(0)
            output = out.read().decode()
        if status != 0 or f"{count} new" not in output.splitlines()[-1 if mode is None else -2]:
            raise RuntimeError(f"import failed: {output[-500:]}")
        results[mode or "apply"] = (time.perf_counter() - started, usage.ru_maxrss / 1024)
    size = os.path.getsize(path) / 1e6
    os.unlink(path)
    return results, size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--interviews", type=int, default=500)
    args = parser.parse_args()
    rows = []
    with running_server(args.bin, "bench-questions.log") as (base, env, database, _server):
        seed_questions(database, args.questions)
        seed_people(database, args.people)
        seed_interviews(database, args.interviews)
        opener, _ = signed_in_opener(base, env["DEMO_PASSWORD"])
        jar = next(handler.cookiejar for handler in opener.handlers if hasattr(handler, "cookiejar"))
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        question = re.search(r'href="(/t/acme/admin/questions/[0-9a-f-]{36})"', opener.open(base + "/t/acme/admin/questions?q=cache").read().decode())
        pages = [
            ("question list: search “cache”, difficulty hard, 50 rows", "/t/acme/admin/questions?q=cache&difficulty=hard"),
            ("question page", question.group(1)),
            (f"people list: role candidate, sorted by last sign-in, 50 rows ({args.people:,} people)", "/t/acme/admin/people?role=candidate&sort=last_sign_in"),
            ("interview templates list (4 templates)", "/t/acme/admin/templates"),
        ]
        candidate, _ = signed_in_opener(base, env["DEMO_PASSWORD"], email="candidate@acme.test")
        candidate_jar = next(handler.cookiejar for handler in candidate.handlers if hasattr(handler, "cookiejar"))
        candidate_cookie = "; ".join(f"{c.name}={c.value}" for c in candidate_jar)
        runs = [(label, path, opener, cookie) for label, path in pages]
        runs.append((f"candidate dashboard ({args.interviews + 2:,} past interviews, newest 10 listed)", "/t/acme/", candidate, candidate_cookie))
        for label, path, client, client_cookie in runs:
            script, statements = captured_sql(client, base + path)
            rate, p99, bad = wrk(base + path, client_cookie, args.seconds)
            tps = pgbench(script, database, args.seconds)
            suffix = "" if "people" in label or "interview" in label else f" ({args.questions:,} questions)"
            rows.append((f"{label}{suffix}, {CONNECTIONS} connections, {args.seconds} s",
                         f"server {rate:.0f} req/s (p99 {p99:.1f} ms{', ' + str(bad) + ' non-2xx' if bad else ''}); "
                         f"pgbench on its {statements} statements {tps:.0f} tx/s; ratio {rate / tps:.2f}"))
        results, size = import_file(args.bin, env, 5_000)
        for mode, label in (("--dry-run", "dry run"), ("apply", "import")):
            seconds, peak = results[mode]
            rows.append((f"tenantctl bank import, 5,000 questions ({size:.1f} MB JSON): {label}", f"{seconds:.1f} s, peak RSS {peak:.0f} MiB"))
    print_rows(rows)


if __name__ == "__main__":
    main()
