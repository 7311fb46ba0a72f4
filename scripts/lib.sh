#!/usr/bin/env bash
# Shared helpers for the Makefile's scripts. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/.data"
SYSTEM_PACKAGES=(postgresql openssl libpq-dev libargon2-dev libcmark-dev libqrencode-dev libssl-dev pkg-config
                 chromium chromium-driver python3-venv nginx)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the Debian packages the build, the database, the browser test and the two-instance test (nginx) need.
ensure_system_packages() {
    local missing=()
    for p in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if ((${#missing[@]})); then
        [[ $(id -u) -eq 0 ]] || die "missing packages ${missing[*]}; run as root or install them"
        log "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# A Python virtualenv with Selenium for the browser test.
ensure_python_env() {
    local venv="$DATA/venv"
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import selenium, zxcvbn' 2>/dev/null; then
        log "creating Python environment for the browser test"
        mkdir -p "$DATA"
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q --disable-pip-version-check 'selenium>=4.20,<5' 'zxcvbn==4.5.0'
    fi
}

# The 30,000 most common passwords (from zxcvbn's frequency lists), one per line, for the password policy.
ensure_common_passwords() {
    local file="$DATA/common-passwords.txt"
    if [[ ! -s "$file" ]]; then
        ensure_python_env
        "$DATA/venv/bin/python" -c 'from zxcvbn.frequency_lists import FREQUENCY_LISTS as F; print("\n".join(F["passwords"]))' > "$file.tmp"
        mv "$file.tmp" "$file"
    fi
    export COACH_COMMON_PASSWORDS="$file"
}

pg_bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [[ -n "$d" ]] || die "PostgreSQL server binaries not found"
    echo "$d"
}

as_postgres() { runuser -u postgres -- "$@"; }

# The folder a cluster lives in: inside the project when the postgres user can
# reach it, otherwise under /var/lib with a link from the project.
cluster_dir() {
    local name="$1"
    mkdir -p "$DATA"
    if as_postgres test -x "$DATA"; then
        echo "$DATA/$name"
    else
        local hash; hash=$(echo -n "$ROOT" | sha256sum | cut -c1-12)
        local real="/var/lib/coach-pg/$hash-$name"
        mkdir -p "$real"; chown postgres:postgres "$real"; ln -sfn "$real" "$DATA/$name"
        echo "$real"
    fi
}

# Generates the cluster's role passwords, the app secret, the data key and the tenant-claim key once each.
ensure_secrets() {
    local file="$1"
    (
        umask 077
        touch "$file"
        grep -q '^COACH_OWNER_PASSWORD=' "$file" || echo "COACH_OWNER_PASSWORD=$(openssl rand -hex 24)" >> "$file"
        grep -q '^COACH_APP_PASSWORD=' "$file" || echo "COACH_APP_PASSWORD=$(openssl rand -hex 24)" >> "$file"
        grep -q '^COACH_SECRET_KEY=' "$file" || echo "COACH_SECRET_KEY=$(openssl rand -base64 32 | tr -d '\n')" >> "$file"
        grep -q '^COACH_DATA_KEYS=' "$file" || echo "COACH_DATA_KEYS='1=$(openssl rand -base64 32 | tr -d '\n')'" >> "$file"
        grep -q '^COACH_TENANT_CLAIM_KEY=' "$file" || echo "COACH_TENANT_CLAIM_KEY=$(openssl rand -base64 32 | tr -d '\n')" >> "$file"
    )
    set -a; source "$file"; set +a
}

# Starts (creating if needed) a private cluster on loopback: start_cluster NAME PORT. PG_FSYNC=off and
# PG_MAX_CONNECTIONS=N (default 200) tune it for tests.
start_cluster() {
    local name="$1" port="$2" bin dir
    bin=$(pg_bindir)
    dir=$(cluster_dir "$name")
    if [[ ! -f "$dir/PG_VERSION" ]]; then
        log "creating PostgreSQL cluster in $dir"
        mkdir -p "$dir"; chown postgres:postgres "$dir"; chmod 700 "$dir"
        as_postgres "$bin/initdb" -D "$dir" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        log "starting PostgreSQL on 127.0.0.1:$port"
        as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c max_connections=${PG_MAX_CONNECTIONS:-200} -c fsync=${PG_FSYNC:-on} ${PG_EXTRA_OPTIONS:-}" >/dev/null
    fi
    export PGSOCKDIR="$dir" PGPORTNUM="$port"
}

stop_cluster() {
    local name="$1" bin dir
    bin=$(pg_bindir)
    dir="$DATA/$name"
    [[ -f "$dir/PG_VERSION" ]] || return 0
    as_postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

superuser_psql() {
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -h "$PGSOCKDIR" -p "$PGPORTNUM" -U postgres -d postgres "$@"
}

# Creates the three roles (idempotently) and the database: bootstrap_database DBNAME.
bootstrap_database() {
    local db="$1"
    superuser_psql <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coach_owner') THEN
        CREATE ROLE coach_owner LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coach_app') THEN
        CREATE ROLE coach_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coach_lookup') THEN
        CREATE ROLE coach_lookup NOLOGIN BYPASSRLS NOSUPERUSER;
    END IF;
END
\$\$;
ALTER ROLE coach_owner PASSWORD '$COACH_OWNER_PASSWORD';
ALTER ROLE coach_app PASSWORD '$COACH_APP_PASSWORD';
GRANT coach_lookup TO coach_owner;
SQL
    if ! superuser_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
        superuser_psql -c "CREATE DATABASE $db OWNER coach_owner"
    fi
    superuser_psql -d "$db" -c "REVOKE ALL ON DATABASE $db FROM PUBLIC; GRANT CONNECT ON DATABASE $db TO coach_app; REVOKE CREATE ON SCHEMA public FROM PUBLIC"
}

# Environment the server, tenantctl and the tests read.
export_database_env() {
    local db="$1"
    export COACH_DB_HOST=127.0.0.1 COACH_DB_PORT="$PGPORTNUM" COACH_DB_NAME="$db"
    export COACH_MIGRATIONS_DIR="$ROOT/migrations" COACH_TEMPLATES_DIR="$ROOT/Templates" COACH_PUBLIC_DIR="$ROOT/Public"
    export COACH_DEMO_DIR="$ROOT/scripts/demo"
}

build_products() {
    log "building (the first build takes several minutes)"
    (cd "$ROOT" && swift build "$@")
}
