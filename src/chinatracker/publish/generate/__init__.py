"""Build scripts for the committed data files of `publish/data/` (run by hand, not at run time)."""
