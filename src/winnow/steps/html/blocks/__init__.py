"""The block extractor: HTML → blocks with layout features → the main-text blocks."""
