"""Exports: the Word brief (DOCX), and data formats. Builds on services; no Qt."""
