"""The app's routes, one module per page family; each has its pages and its `/api/` twin.

Each module defines two routers: `pages` (HTML and downloads, left out of the OpenAPI schema)
and `api` (mounted under `/api/`). `web.app.create_app` registers them all.
"""
