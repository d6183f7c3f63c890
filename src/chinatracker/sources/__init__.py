"""Documents in: read files, folders, URLs and feeds into `Document` records.

Each input format is one module registering a `Reader` (see `base.py`); `ingest.py` runs a batch
and hands documents to the store.
"""
