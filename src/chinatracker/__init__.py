"""China Security Tracker: from articles to source-linked facts to a published tracker."""

__version__ = "0.1.0"
