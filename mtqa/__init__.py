"""mtqa: cross-lingual machine-translation quality checks, offline."""

__version__ = "0.1.0"
