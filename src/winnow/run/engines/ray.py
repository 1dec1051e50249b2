"""The Ray engine: the same stage tasks as the local engine, scheduled on a Ray cluster.

Every task is ``run_stage_task(ctx, stage, shard)``: it reads its inputs, writes its
outputs and marker under OUT, and returns its counters. So Ray needs nothing but the task
and its small arguments, and gives back small dicts: documents never travel through Ray's
object store. The plan between stages runs in the driver, over the key files.

OUT (and the inputs) must be readable and writable from every node: on one machine that is
any folder; on a cluster, a shared filesystem. ``address=None`` starts a local Ray with
``workers`` CPUs; ``"auto"`` or ``"ray://host:10001"`` joins an existing cluster.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from winnow.errors import missing_extra
from winnow.run.engines.base import TaskFailure


def _call(fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    return fn(*args)


class RayEngine:
    name = "ray"

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        try:
            import ray
        except ImportError:  # pragma: no cover - depends on the environment
            raise missing_extra("ray", "ray") from None
        self._ray = ray
        self._started_here = not ray.is_initialized()
        if self._started_here:
            os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # a private local cluster
            from winnow.run.engines.base import WORKER_ENV

            ray.init(
                address=address,
                num_cpus=workers if address is None else None,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
                runtime_env={"env_vars": WORKER_ENV},
            )
        self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._remote = ray.remote(max_retries=0)(_call)

    def map(self, fn: Callable[..., Any], args: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """Run ``fn(*a)`` for every ``a``, at most two tasks per CPU in flight; results
        come back as tasks finish, failures as ``TaskFailure`` (the run goes on)."""
        ray = self._ray
        queue = iter(list(args))
        pending: dict[Any, tuple[Any, ...]] = {}
        for a in queue:
            pending[self._remote.remote(fn, a)] = a
            if len(pending) >= self.workers * 2:
                break
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                a = pending.pop(ref)
                try:
                    yield ray.get(ref)
                except Exception as err:  # noqa: BLE001 - reported per task, the run goes on
                    cause = getattr(err, "cause", None) or err
                    yield TaskFailure(a, "".join(traceback.format_exception(cause)))
                nxt = next(queue, None)
                if nxt is not None:
                    pending[self._remote.remote(fn, nxt)] = nxt

    def close(self) -> None:
        if self._started_here and self._ray.is_initialized():
            self._ray.shutdown()
