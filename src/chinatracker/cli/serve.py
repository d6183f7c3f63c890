"""`chinatracker serve`: the web app (dashboard, search, documents, review) under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from chinatracker.cli.app import app, context


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
    proxy_headers: Annotated[
        bool,
        typer.Option(help="Trust X-Forwarded-* from a reverse proxy on this host (https)."),
    ] = True,
) -> None:
    """Serve the web app. Sign in with an account from `chinatracker users add`."""
    import uvicorn

    from chinatracker.web.app import create_app

    app_ctx = context(ctx)
    store = app_ctx.store
    web = create_app(store, public=public)
    mode = "public, read-only" if public else "sign-in required"
    app_ctx.err.print(
        f"serving {store.display_url} at http://{host}:{port}/ ({mode}); Ctrl-C stops",
        highlight=False,
    )
    uvicorn.run(
        web,
        host=host,
        port=port,
        log_level="info",
        proxy_headers=proxy_headers,
    )
