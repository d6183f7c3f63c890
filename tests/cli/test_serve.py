"""`chinatracker serve` as a real server process: forwarded headers, workers and SIGTERM."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from chinatracker.store.database import Store
from chinatracker.web import accounts

LOGIN_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(db: Path, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "chinatracker", "--db", str(db), "serve", "--port", str(port),
         *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(f"{base}/login", timeout=1)
            return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the server did not start")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "serve.sqlite"
    store = Store(str(path))
    with store.transaction() as session:
        accounts.add_user(session, "ana", "analyst", "analyst-password-1", by="test")
    store.close()
    return path


@pytest.fixture
def server(db: Path) -> Iterator[str]:
    process, base = start(db)
    yield base
    process.send_signal(signal.SIGTERM)
    process.wait(30)


def wrong_sign_in(client: httpx.Client, base: str, forwarded_for: str) -> int:
    page = client.get(f"{base}/login")
    token = LOGIN_TOKEN.search(page.text)
    assert token
    response = client.post(
        f"{base}/login",
        data={"name": "ana", "password": "guess", "csrf_token": token.group(1)},
        headers={"X-Forwarded-For": forwarded_for},
    )
    return response.status_code


def test_a_rotating_x_forwarded_for_does_not_escape_the_sign_in_throttle(server: str) -> None:
    """By default no proxy is trusted: the client is the socket's address, whatever it says."""
    with httpx.Client() as client:
        statuses = [wrong_sign_in(client, server, f"10.0.{i // 250}.{i % 250}") for i in range(21)]
    assert statuses[:20] == [401] * 20
    assert statuses[20] == 429


def test_sigterm_stops_the_server_promptly(db: Path) -> None:
    process, base = start(db, "--workers", "2")
    assert httpx.get(f"{base}/login").status_code == 200
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 0
    assert time.monotonic() - started < 15
