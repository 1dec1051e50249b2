"""What can go wrong in a run, and what the run does about it (the failure model).

- A record that cannot be read, that a step raises on, or that cannot be written: it is
  quarantined (``quarantine/``, with file, position, step and error), counted in
  ``stats.json``, and the run goes on. Reruns give the same output: nothing to retry.
- A step that raises on many documents (see ``tasks.STEP_ERROR_MIN``/``SHARE``): its task
  fails with ``StepFailedError``; the step needs fixing, rerunning will not help.
- A task that raises otherwise (a bug, a lost network file system) or whose worker
  process dies (killed: the out-of-memory killer): that task fails, the other tasks go on,
  a new worker replaces a dead one; at the end the run exits with "N task(s) failed; rerun
  the same command", and the rerun redoes only the failed tasks (markers are written
  last, so finished work is kept).
- The output cannot be written (a full disk, a read-only or forbidden folder): the run
  stops at once with one line naming the path (:class:`OutputWriteError`); finished
  shards are kept, and the same command resumes once there is room.
- The driver dies (killed, the machine lost): its workers die with it; the rerun takes
  over the lock and resumes. Nothing is retried within a run.
"""

from __future__ import annotations

import errno
import re

from winnow.errors import ShardError, WinnowError
from winnow.io.writers import errno_of
from winnow.running.engines.base import TaskFailure

# errors of the place being written, not of a task: every further task would fail alike
ENVIRONMENT = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}
_ERRNO_TEXT = re.compile(r"\[Errno (\d+)\][^']*'?([^']*)'?")


class StepFailedError(WinnowError):
    """A step raised on too many documents: a bug in the step, not bad records."""


class OutputWriteError(ShardError):
    """OUT cannot be written: a full disk, a read-only or forbidden folder."""


def environment_error(err: BaseException) -> OutputWriteError | None:
    """One line for an error of the output's place (None for any other error)."""
    if not isinstance(err, OSError):
        return None
    code = errno_of(err)
    if code not in ENVIRONMENT:
        return None
    return _message(code, err.filename)


def _message(code: int, path: object) -> OutputWriteError:
    writing = code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS)
    where = (f" writing {path}" if writing else f": {path}") if path else ""
    advice = {
        errno.ENOSPC: "free some space and rerun the same command",
        errno.EDQUOT: "free some space and rerun the same command",
        errno.EROFS: "choose a writable output folder",
    }.get(code, "fix the folder's permissions or choose another output folder")
    return OutputWriteError(f"{ENVIRONMENT[code]}{where}; finished shards are kept: {advice}")


def task_environment_error(failure: TaskFailure) -> OutputWriteError | None:
    """The same for a task that failed (its exception, or its traceback's last line)."""
    if failure.exc is not None:
        return environment_error(failure.exc)
    lines = failure.error.strip().splitlines()
    found = _ERRNO_TEXT.search(lines[-1]) if lines else None
    if found and int(found.group(1)) in ENVIRONMENT:
        return _message(int(found.group(1)), found.group(2) or None)
    return None


def is_step_failure(failure: TaskFailure) -> bool:
    return isinstance(failure.exc, StepFailedError)


def one_line(failure: TaskFailure) -> str:
    """What happened to a failed task, in a line."""
    lines = failure.error.strip().splitlines()
    return lines[-1] if lines else "failed"
