"""``dedup.*``: corpus-wide deduplication (exact, MinHash, recurring paragraphs) and the
shingles and normalisation they share."""
