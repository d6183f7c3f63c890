"""Engines that run extraction over the store: in-process, or spread over a Dask cluster."""
