"""Casefile: build evidence out of documents, offline."""

__version__ = "0.1.0"
