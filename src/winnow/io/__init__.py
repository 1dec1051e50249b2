"""Readers and writers: where documents come from and where they go."""
