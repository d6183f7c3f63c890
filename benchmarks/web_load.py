"""Web load benchmark: the app under concurrent clients on loopback, signed in and public.

    python benchmarks/web_load.py                        # 800 documents, 8 s per level
    python benchmarks/web_load.py --workers 2            # `serve --workers 2`
    python benchmarks/web_load.py --docs 200 --seconds 4 # a quick look

It builds a store of synthetic articles (ingested, extracted, resolved, with one analyst), runs
`chinatracker serve` on 127.0.0.1 as a separate process, and drives it with 1, 10 and 50
clients, each looping over the dashboard, a search and a document (the public site: dashboard,
search and the dashboard API), for `--seconds` or `--max-requests` per level, whichever comes
first. Each mix runs without and then with a batch writing (a process that ingests and
extracts more articles into the same store for the whole level). It prints requests/s,
p50/p95/p99 latency, errors, and the ratio of throughput to the one-client level.

Loopback only: the server listens on 127.0.0.1 and the clients connect there; nothing else is
contacted. The generator shares the machine with the server, as the issue's figures did.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from common import machine, percentile

from chinatracker.config import Settings
from chinatracker.extract.pipeline import Extractor
from chinatracker.resolve.runner import run_resolve
from chinatracker.scale.engines import EngineOptions, get_engine
from chinatracker.scale.synthetic import write_jsonl
from chinatracker.sources.ingest import ingest
from chinatracker.store.database import Store
from chinatracker.web import accounts

HOST = "127.0.0.1"
USER, PASSWORD = "ana", "analyst-password-1"
LOGIN_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
SEARCHES = ("masks", "ventilators", "navy", "military", "vaccine doses", "hospital")


def build_store(folder: Path, docs: int) -> Path:
    db = folder / "load.sqlite"
    corpus = folder / "articles.jsonl"
    write_jsonl(corpus, docs, seed=1)
    store = Store(str(db))
    try:
        ingest([str(corpus)], store, Settings(db=str(db)))
        get_engine("local")(store, Extractor(), EngineOptions())
        run_resolve(store)
        with store.transaction() as session:
            accounts.add_user(session, USER, "analyst", PASSWORD, by="benchmark")
    finally:
        store.close()
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, public: bool, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "chinatracker", "--db", str(db), "serve", "--host", HOST,
               "--port", str(port), "--workers", str(workers)]  # fmt: skip
    if public:
        command.append("--public")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/dashboard", timeout=2)
            return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 60 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def sign_in(base: str) -> dict[str, str]:
    with httpx.Client(base_url=base) as client:
        page = client.get("/login")
        token = LOGIN_TOKEN.search(page.text)
        assert token, "no login form"
        response = client.post(
            "/login", data={"name": USER, "password": PASSWORD, "csrf_token": token.group(1)}
        )
        assert response.status_code in (200, 303), response.status_code
        return dict(client.cookies)


def document_ids(db: Path) -> list[int]:
    import sqlite3

    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM documents LIMIT 200")]


def urls(public: bool, documents: list[int], i: int) -> str:
    """The i-th request of a client: dashboard, search, then a document (or the dashboard API)."""
    step = i % 3
    if step == 0:
        return "/dashboard"
    if step == 1:
        return f"/search?q={SEARCHES[i // 3 % len(SEARCHES)]}"
    if public:
        return "/api/dashboard?limit=20"
    return f"/documents/{documents[i // 3 % len(documents)]}"


@dataclass
class Level:
    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: dict[int, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


async def run_level(
    base: str,
    clients: int,
    cookies: dict[str, str],
    public: bool,
    documents: list[int],
    seconds: float,
    max_requests: int,
) -> Level:
    level = Level(clients)
    deadline = time.monotonic() + seconds
    sent = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(number: int, http: httpx.AsyncClient) -> None:
        nonlocal sent
        i = number
        while time.monotonic() < deadline and sent < max_requests:
            sent += 1
            started = time.perf_counter()
            try:
                response = await http.get(urls(public, documents, i))
                status = response.status_code
            except httpx.HTTPError:
                status = 0
            if status == 200:
                level.latencies.append(time.perf_counter() - started)
            else:
                level.errors[status] = level.errors.get(status, 0) + 1
            i += 1

    begun = time.monotonic()
    async with httpx.AsyncClient(base_url=base, cookies=cookies, limits=limits, timeout=60) as http:
        await asyncio.gather(*(client(n, http) for n in range(clients)))
    level.seconds = time.monotonic() - begun
    return level


class Writer:
    """A batch writing while the clients read: ingest and extract fresh articles in a loop."""

    def __init__(self, db: Path, folder: Path) -> None:
        self.db, self.folder = db, folder
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Writer:
        script = (
            "import sys, itertools\n"
            "from pathlib import Path\n"
            "from chinatracker.config import Settings\n"
            "from chinatracker.extract.pipeline import Extractor\n"
            "from chinatracker.scale.engines import EngineOptions, get_engine\n"
            "from chinatracker.scale.synthetic import write_jsonl\n"
            "from chinatracker.sources.ingest import ingest\n"
            "from chinatracker.store.database import Store\n"
            "db, folder = sys.argv[1], Path(sys.argv[2])\n"
            "store = Store(db)\n"
            "for seed in itertools.count(1000 + __import__('os').getpid()):\n"
            "    batch = folder / f'batch-{seed}.jsonl'\n"
            "    write_jsonl(batch, 100, seed=seed)\n"
            "    ingest([str(batch)], store, Settings(db=db))\n"
            "    get_engine('local')(store, Extractor(), EngineOptions())\n"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", script, str(self.db), str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)  # let it start writing
        return self

    def __exit__(self, *_exc: object) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait()


def report(title: str, levels: list[Level]) -> None:
    base = levels[0].rate or 1.0
    print(f"\n{title}")
    print(f"{'clients':>7}  {'req/s':>7}  {'ratio':>5}  {'p50 ms':>7}  {'p95 ms':>7}  "
          f"{'p99 ms':>7}  {'ok':>6}  errors")  # fmt: skip
    for level in levels:
        ms = [v * 1000 for v in level.latencies] or [0.0]
        errors = ", ".join(f"{k or 'conn'}: {v}" for k, v in sorted(level.errors.items()))
        print(
            f"{level.clients:>7}  {level.rate:7.1f}  {level.rate / base:5.2f}  "
            f"{percentile(ms, 50):7.0f}  {percentile(ms, 95):7.0f}  {percentile(ms, 99):7.0f}  "
            f"{len(level.latencies):>6}  {errors or '-'}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=800, help="synthetic articles in the store")
    parser.add_argument("--seconds", type=float, default=8.0, help="per level")
    parser.add_argument("--max-requests", type=int, default=5000, help="per level")
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--workers", type=int, default=1, help="serve --workers")
    parser.add_argument("--modes", default="signed-in,public")
    parser.add_argument("--no-writer", action="store_true", help="skip the runs with a writer")
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    print(machine(), flush=True)
    print(f"web_load: {args.docs} documents, {args.seconds:g} s or {args.max_requests} requests "
          f"per level, serve --workers {args.workers}", flush=True)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="web-load-") as tmp:
        folder = Path(tmp)
        started = time.monotonic()
        db = build_store(folder, args.docs)
        print(f"store built in {time.monotonic() - started:.0f} s", flush=True)
        documents = document_ids(db)
        for mode in args.modes.split(","):
            public = mode == "public"
            for writing in (False,) if args.no_writer else (False, True):
                process, base = start_server(db, public, args.workers)
                try:
                    cookies = {} if public else sign_in(base)
                    levels = []
                    with Writer(db, folder) if writing else nullcontext():
                        for clients in counts:
                            levels.append(
                                asyncio.run(
                                    run_level(base, clients, cookies, public, documents,
                                              args.seconds, args.max_requests)
                                )
                            )  # fmt: skip
                finally:
                    stop(process)
                title = f"{mode}, {'with a batch writing' if writing else 'no writer'}"
                report(title, levels)


if __name__ == "__main__":
    main()
