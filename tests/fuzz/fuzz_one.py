"""Run one fuzz target under atheris (libFuzzer): ``python fuzz_one.py TARGET [args]``.

``args`` are libFuzzer's: a corpus folder (``fuzz_targets.write_seeds`` fills one),
``-max_total_time=SECONDS``, ``-timeout=SECONDS`` (an input slower than that is a crash:
nothing may hang), ``-rss_limit_mb=MB``. A crash writes its input to ``crash-*``; add it
to ``fuzz_targets.REGRESSIONS`` as a bytes literal once fixed.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["winnow", "fuzz_targets"]):
    import fuzz_targets


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in fuzz_targets.TARGETS:
        names = ", ".join(fuzz_targets.TARGETS)
        sys.exit(f"usage: fuzz_one.py TARGET [libFuzzer args]; targets: {names}")
    target = fuzz_targets.TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
