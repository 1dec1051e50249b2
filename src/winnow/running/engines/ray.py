"""The Ray engine: the same stage tasks as the local engine, scheduled on a Ray cluster.

Every task is ``run_stage_task(ctx, stage, shard)`` or a plan task (``winnow.running.plan``):
it reads its inputs, writes its outputs and marker under OUT, and returns its counters.
So Ray needs nothing but the task and its small arguments, and gives back small dicts:
documents and keys never travel through Ray's object store nor through the driver.

OUT and the inputs must be reachable from every node: on one machine any folder; on a
cluster without a shared filesystem, an object store (``-o s3://bucket/run``, inputs
``s3://…``), which each worker reaches with its node's credentials and the run's
``--storage-option``s. ``address=None`` starts a local Ray with ``workers`` CPUs;
``"auto"`` or ``"ray://host:10001"`` joins an existing cluster. A task whose worker or node
dies is rerun by Ray (``TASK_RETRIES``); tasks are idempotent (files commit whole, the
marker last), so a rerun duplicates nothing.

Progress messages from inside running tasks go to a small actor (no CPU reserved) that the
driver empties at least every ``WAIT_S``; a task sends one message every half second at
most, without waiting for it to arrive. When the driver dies, Ray ends its tasks (the
local cluster's processes share the driver's fate; a cluster ends a dead driver's job).
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from winnow.errors import missing_extra
from winnow.running.engines.base import Progress, TaskFailure, call_with_sink

WAIT_S = 0.5
TASK_RETRIES = 3  # reruns of a task whose worker process or node died (not of its errors)
# where an object store is, passed from the driver to workers on every node (no secrets)
PASSED_ENV = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_DEFAULT_REGION", "AWS_REGION")


def _call(fn: Callable[..., Any], args: tuple[Any, ...], inbox: Any, index: tuple[int, int]) -> Any:
    sink = None
    if inbox is not None:

        def sink(message: dict[str, Any]) -> None:
            inbox.put.remote(index, message)  # not waited for

    return call_with_sink(fn, args, sink)


class ProgressInbox:
    """The actor that collects progress messages until the driver takes them."""

    def __init__(self) -> None:
        self.items: list[tuple[tuple[int, int], dict[str, Any]]] = []

    def put(self, index: tuple[int, int], message: dict[str, Any]) -> None:
        self.items.append((index, message))

    def take(self) -> list[tuple[tuple[int, int], dict[str, Any]]]:
        items, self.items = self.items, []
        return items


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
            from winnow.running.engines.base import WORKER_ENV

            ray.init(
                # "local": a private cluster even where another one runs on this machine
                # (without it, ray.init joins that one and refuses num_cpus)
                address=address or "local",
                num_cpus=workers if address is None else None,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
                runtime_env={
                    "env_vars": {
                        **WORKER_ENV,
                        **{k: os.environ[k] for k in PASSED_ENV if k in os.environ},
                    }
                },
            )
        self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._remote = ray.remote(max_retries=TASK_RETRIES)(_call)
        self._inbox: Any = None
        self._generation = 0  # which map() a progress message belongs to

    def map(
        self,
        fn: Callable[..., Any],
        args: Iterable[tuple[Any, ...]],
        progress: Progress | None = None,
    ) -> Iterator[Any]:
        """Run ``fn(*a)`` for every ``a``, at most two tasks per CPU in flight; results
        come back as tasks finish, failures as ``TaskFailure`` (the run goes on)."""
        ray = self._ray
        todo = list(args)
        if progress is not None and self._inbox is None:
            self._inbox = ray.remote(num_cpus=0)(ProgressInbox).remote()
        inbox = self._inbox if progress is not None else None
        self._generation += 1
        gen = self._generation
        queue = iter(range(len(todo)))
        pending: dict[Any, int] = {}
        taking = None
        for i in queue:
            pending[self._remote.remote(fn, todo[i], inbox, (gen, i))] = i
            if len(pending) >= self.workers * 2:
                break
        try:
            while pending:
                done, _ = ray.wait(list(pending), num_returns=1, timeout=WAIT_S)
                if inbox is not None and progress is not None:
                    taking = self._deliver(taking, inbox, progress)
                for ref in done:
                    i = pending.pop(ref)
                    try:
                        yield ray.get(ref)
                    except Exception as err:  # noqa: BLE001 - reported per task, the run goes on
                        cause = getattr(err, "cause", None) or err
                        text = "".join(traceback.format_exception(cause))
                        died = isinstance(err, ray.exceptions.WorkerCrashedError)
                        yield TaskFailure(todo[i], text, cause, died=died)
                    nxt = next(queue, None)
                    if nxt is not None:
                        pending[self._remote.remote(fn, todo[nxt], inbox, (gen, nxt))] = nxt
        finally:
            for ref in pending:  # the caller left early: stop what still runs
                ray.cancel(ref, force=True)

    def _deliver(self, taking: Any, inbox: Any, progress: Progress) -> Any:
        """Pass on the messages the inbox holds, never waiting for it."""
        ray = self._ray
        if taking is None:
            return inbox.take.remote()
        ready, _ = ray.wait([taking], timeout=0)
        if not ready:
            return taking
        for (gen, index), message in ray.get(taking):
            if gen == self._generation:
                progress(index, message)
        return inbox.take.remote()

    def close(self) -> None:
        if self._inbox is not None and not self._started_here:
            self._ray.kill(self._inbox)
        self._inbox = None
        if self._started_here and self._ray.is_initialized():
            self._ray.shutdown()
