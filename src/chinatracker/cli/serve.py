"""`chinatracker serve`: the web app (dashboard, search, documents, review) under uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from chinatracker.cli.app import app, context

# Seconds uvicorn waits for requests in flight after SIGTERM before it closes them.
GRACEFUL_SHUTDOWN_S = 10


@app.command("serve")
def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="Read-only public site: dashboard, search and downloads for anyone, no sign-in.",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(min=1, max=64, help="Worker processes (see docs/web.md for how many)."),
    ] = 1,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            help="Addresses of the reverse proxy whose X-Forwarded-For/-Proto to trust, "
            "comma-separated (e.g. 127.0.0.1). Without it they are ignored: anyone could "
            "send them, and the sign-in throttle counts per client address.",
        ),
    ] = None,
) -> None:
    """Serve the web app. Sign in with an account from `chinatracker users add`."""
    import uvicorn

    app_ctx = context(ctx)
    store = app_ctx.store
    mode = "public, read-only" if public else "sign-in required"
    app_ctx.err.print(
        f"serving {store.display_url} at http://{host}:{port}/ ({mode}, {workers} worker"
        f"{'s' if workers > 1 else ''}); Ctrl-C stops",
        highlight=False,
    )
    # Each worker process builds its own app from these (uvicorn imports the factory by name).
    os.environ["CHINATRACKER_SERVE_DB"] = store.url
    os.environ["CHINATRACKER_SERVE_PUBLIC"] = "1" if public else ""
    store.close()
    uvicorn.run(
        "chinatracker.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
    )
