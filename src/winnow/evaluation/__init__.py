"""Scorers for winnow's quality gates (tests/eval) and benchmarks (bench/)."""
