"""Engines run the tasks of one stage: ``local`` (a process pool) or ``ray``."""
