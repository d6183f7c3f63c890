"""A throwaway PostgreSQL cluster on loopback, for tests and benchmarks on one machine.

Teams run a real server (see docs/scaling.md); this starts a private one from the Debian
`postgresql` package's binaries in a temporary folder and removes it afterwards. `initdb` and
`postgres` refuse to run as root, so as root they run as the `postgres` user the package creates.
Durability settings are off: the data is thrown away.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chinatracker.errors import StoreError

BINARIES = Path("/usr/lib/postgresql")
FAST_UNSAFE = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def postgres_bin() -> Path | None:
    """The newest installed server's bin folder, or None."""
    found = [p.parent for p in BINARIES.glob("*/bin/pg_ctl") if p.parts[-3].isdigit()]
    return max(found, key=lambda p: int(p.parts[-2]), default=None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def temporary_cluster(*, settings: str = FAST_UNSAFE) -> Iterator[str]:
    """Start a cluster, yield its admin URL (role `chinatracker`, database `postgres`), stop it."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise StoreError(f"no PostgreSQL server under {BINARIES} (apt-get install postgresql)")
    run_dir = Path(tempfile.mkdtemp(prefix="chinatracker-pg-"))
    as_owner: list[str] = []
    if os.geteuid() == 0:
        try:
            shutil.chown(run_dir, "postgres", "postgres")
        except LookupError as exc:
            shutil.rmtree(run_dir, ignore_errors=True)
            raise StoreError("running as root needs the `postgres` user to start a server") from exc
        as_owner = ["runuser", "-u", "postgres", "--"]
    data, port = run_dir / "data", free_port()
    pg_ctl = [*as_owner, str(bin_dir / "pg_ctl"), "-D", str(data)]
    try:
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "chinatracker"]
        _run([*as_owner, *initdb, "--auth=trust", "-E", "UTF8", "--no-locale"])
        options = f"-h 127.0.0.1 -p {port} -k {run_dir} {settings}"
        _run([*pg_ctl, "-l", str(run_dir / "server.log"), "-w", "-s", "-o", options, "start"])
        yield f"postgresql://chinatracker@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "-s", "stop"], check=False, capture_output=True)
        shutil.rmtree(run_dir, ignore_errors=True)


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise StoreError(f"cannot start PostgreSQL ({command[-1]}): {detail.strip()}") from exc


def create_database(admin_url: str, name: str) -> str:
    """Create an empty database and return its URL."""
    _admin(admin_url, "CREATE DATABASE {}", name)
    return database_url(admin_url, name)


def drop_database(admin_url: str, name: str) -> None:
    _admin(admin_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


def database_url(admin_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _admin(admin_url: str, statement: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL(statement).format(sql.Identifier(name)))
