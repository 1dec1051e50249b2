"""Corpus-wide deduplication steps."""
