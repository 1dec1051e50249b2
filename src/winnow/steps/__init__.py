"""Per-document steps, one module per family."""
