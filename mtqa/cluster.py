"""The Dask client behind ``--workers`` and ``--scheduler``, and one task per item run on it.

Dask is imported here only, when a run asks for a cluster, so ``mtqa --help`` and serial runs never
load it. ``--workers N`` starts a local cluster of N worker processes with one thread each (a
process per core; Dask sets each worker's BLAS to one thread); ``--scheduler ADDRESS`` uses a
running cluster. A worker that dies is restarted by its nanny and its task is run again elsewhere,
up to Dask's ``distributed.scheduler.allowed-failures`` (3 by default); a task that killed that
many workers comes back as a ``LostTask``.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from mtqa.errors import InputError

RETRIES = 1  # a task that raises (mtqa's own tasks report bad input themselves) is run once more
# Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536 to hand memory back to the system
# sooner. Setting it turns off glibc's adaptive mmap threshold, so every large numpy or torch buffer is
# mapped and faulted in afresh: a 300-line QE score took 33 s on one worker against 22.5 s serially.
# None unsets it (Dask's documented override); a worker peaks some 10 % higher in exchange.
WORKER_ENVIRON = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
# No dashboard; the scheduler still serves its health and metrics routes over HTTP, on 8787 unless told
# otherwise, so two local runs at once would contend for that port: a free port on loopback instead.
SCHEDULER_HTTP = {"dashboard_address": "127.0.0.1:0"}


@dataclass(frozen=True)
class LostTask:
    """A task whose workers kept dying (out of memory, killed): it has no result."""

    message: str


@contextmanager
def dask_client(workers: int | None, scheduler: str | None, quiet: bool = False) -> Iterator[Any]:
    """A ``distributed.Client`` of the scheduler at ``scheduler``, else of a local cluster of ``workers``."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler)  # waits distributed.comm.timeouts.connect (30 s by default)
        except (OSError, TimeoutError, ValueError) as error:
            raise InputError(f"cannot reach the Dask scheduler ({error.__class__.__name__}: {error})",
                             scheduler) from None
        with client:
            yield client
        return
    if workers is None or workers < 1:
        raise InputError(f"--workers must be 1 or more, not {workers}")
    logs = logging.ERROR if quiet else logging.WARNING
    with dask.config.set(WORKER_ENVIRON), LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logs,
            scheduler_kwargs=SCHEDULER_HTTP) as cluster, Client(cluster) as client:
        yield client


def run_tasks(client: Any, task: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[int, Any]]:
    """(item's position, ``task(item)`` or a ``LostTask``) for every item, as the tasks finish."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    futures = client.map(task, items, pure=False, retries=RETRIES)
    position = {future.key: i for i, future in enumerate(futures)}
    for future in as_completed(futures):
        try:
            result = future.result()
        except KilledWorker as error:
            result = LostTask(f"the Dask workers running it died ({error})")
        yield position[future.key], result
