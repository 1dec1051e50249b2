"""Failure points: named places in a run where a test can make it crash for real.

``WINNOW_FAULT="POINT=ACTION[,POINT=ACTION…]"`` (read once per process, so spawned workers
see it too) makes the process reaching ``POINT`` act:

- ``kill``: SIGKILL itself (the out-of-memory killer, ``kill -9`` of one process);
- ``killgroup``: SIGKILL its whole process group (``kill -9 -PGID``, a lost machine);
- ``sleep:SECONDS``: wait (a run that holds its lock; a slow task);
- ``raise``: raise ``OSError(ENOSPC)`` (a disk that fills up).

An action ending in ``@PATH`` happens once: only in the process that creates ``PATH``
first. The kill/resume tests use these to stop a run at exact places (inside a plan, after
the n-th task, in a worker at startup or mid-task) instead of racing a timer. Unset, a
point costs one dictionary lookup.
"""

from __future__ import annotations

import errno
import os
import signal
import time

_FAULTS: dict[str, str] = dict(
    item.split("=", 1) for item in os.environ.get("WINNOW_FAULT", "").split(",") if "=" in item
)


def fault(point: str) -> None:
    """Act as ``WINNOW_FAULT`` says at ``point`` (nothing when it names no action)."""
    action = _FAULTS.get(point)
    if action is None:
        return
    action, _, once = action.partition("@")
    if once:
        try:
            os.close(os.open(once, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "killgroup":
        os.killpg(os.getpgid(0), signal.SIGKILL)
    elif action.startswith("sleep:"):
        time.sleep(float(action.split(":", 1)[1]))
    elif action == "raise":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), point)
