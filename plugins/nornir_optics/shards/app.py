r"""The Celery app of the shard engine and the one task its workers run: gather a shard.

Start a worker on a machine that can reach the shard's devices::

    OPTICS_CELERY_BROKER=redis://127.0.0.1:6379/0 \\
        celery -A nornir_optics.shards.app worker -Q optics --concurrency 1

Settings, all from the worker's (or the client's) environment:

* ``OPTICS_CELERY_BROKER``: the broker URL (``redis://`` or ``rediss://``); the result backend
  is ``OPTICS_CELERY_BACKEND``, else the broker's URL.
* ``OPTICS_CELERY_VISIBILITY_S``: seconds before a shard whose worker vanished (its machine
  died without a word) is handed to another worker (default 300: longer than a shard takes,
  or a slow shard is gathered twice; the client keeps one result per shard either way). The
  workers look for such shards every 10 s (or half the timeout, if shorter).
* ``OPTICS_WORKER_INVENTORY``, ``OPTICS_WORKER_CONFIG``: this worker's own inventory folder
  and Nornir config, instead of the paths the client named (a site's worker with its own
  copy). Credentials come from them and from the worker's environment (``OPTICS_PASSWORD``
  ...), exactly as for ``optics audit`` in one process; a task message holds host names and
  paths, never a secret.
* ``OPTICS_SHARD_HOLD`` (tests only): a folder; the first delivery of each shard writes its
  process id there and waits for a ``release`` file, so a test can kill the process that holds
  a shard. Redeliveries do not wait.

A shard is acknowledged only when it is done (``acks_late``), and requeued when the process
running it dies (``reject_on_worker_lost``): a killed worker's shard is gathered again by
another, and since the client keeps one result per shard, no device is lost or counted twice.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from celery import Celery
from celery.worker.control import inspect_command

from nornir_optics.checks.live import Fleet
from nornir_optics.exceptions import OpticsError
from nornir_optics.nornir_config import open_nornir
from nornir_optics.redact import REDACT
from nornir_optics.session import gather_hosts
from nornir_optics.shards import DEFAULT_QUEUE, LOST_CATEGORY, ShardResult, shard_result

if TYPE_CHECKING:
    from celery import Task

    from nornir_optics.shards import ShardRequest

TASK = "optics.gather_shard"
CAPACITY = "optics_capacity"
BROKER_ENV = "OPTICS_CELERY_BROKER"
BACKEND_ENV = "OPTICS_CELERY_BACKEND"
VISIBILITY_ENV = "OPTICS_CELERY_VISIBILITY_S"
HOLD_ENV = "OPTICS_SHARD_HOLD"
DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
DEFAULT_VISIBILITY_S = 300.0
RESTORE_INTERVAL_S = 10
HOLD_LIMIT_S = 120.0
RESULT_EXPIRES_S = 86400


def make_app(broker: str | None = None, backend: str | None = None) -> Celery:
    """A Celery app on ``broker`` (default: the environment's), JSON only, late acks."""
    broker = broker or os.environ.get(BROKER_ENV) or DEFAULT_BROKER
    backend = backend or os.environ.get(BACKEND_ENV) or broker
    visibility = float(os.environ.get(VISIBILITY_ENV) or DEFAULT_VISIBILITY_S)
    app = Celery("nornir_optics", broker=broker, backend=backend)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_accept_content=["json"],
        task_default_queue=DEFAULT_QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": visibility,
            "unacked_restore_interval": min(RESTORE_INTERVAL_S, max(1, int(visibility / 2))),
            "unacked_restore_throttle": 1,
        },
        result_expires=RESULT_EXPIRES_S,
        worker_hijack_root_logger=False,
    )
    app.task(name=TASK, bind=True, acks_late=True, reject_on_worker_lost=True)(gather_shard)
    return app


@inspect_command(name=CAPACITY)  # type: ignore[untyped-decorator]
def optics_capacity(state: Any) -> dict[str, Any]:  # noqa: ANN401 - Celery's worker state
    """The queues this worker consumes and its pool size, in one reply (one broadcast)."""
    consumer = state.consumer
    queues = (
        [queue.name for queue in consumer.task_consumer.queues] if consumer.task_consumer else []
    )
    return {"queues": queues, "concurrency": int(consumer.pool.limit or 1)}


def _hold(task_id: str) -> None:
    folder = os.environ.get(HOLD_ENV)
    if not folder:
        return
    marker = Path(folder) / f"{task_id}.pid"
    first = not marker.exists()
    with marker.open("a", encoding="utf-8") as out:
        out.write(f"{os.getpid()}\n")
    release = Path(folder) / "release"
    deadline = time.monotonic() + HOLD_LIMIT_S
    while first and not release.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def _paths(request: ShardRequest) -> tuple[Path, Path | None]:
    inventory = os.environ.get("OPTICS_WORKER_INVENTORY") or request["inventory"]
    config = os.environ.get("OPTICS_WORKER_CONFIG") or request["config"]
    return Path(inventory), Path(config) if config else None


def gather_shard(self: Task, request: ShardRequest) -> ShardResult:
    """Gather one shard's hosts from this worker's inventory and credentials; JSON facts."""
    started = time.monotonic()
    worker = str(self.request.hostname or socket.gethostname())
    _hold(str(self.request.id))
    inventory, config = _paths(request)
    try:
        nr = open_nornir(inventory, config=config, workers=request["workers"])[0]
    except OpticsError as exc:  # the worker's inventory cannot be read: the whole shard
        why = f"worker {worker}: {'; '.join(str(exc).splitlines())}"
        lost = dict.fromkeys(request["hosts"], (LOST_CATEGORY, why))
        fleet = Fleet(facts={}, errors=lost)
        return shard_result(request["shard"], worker, seconds=0.0, fleet=fleet, secrets=REDACT)
    known = [name for name in request["hosts"] if name in nr.inventory.hosts]
    fleet = gather_hosts(nr, known, transport=request.get("transport"))
    for name in request["hosts"]:
        if name not in nr.inventory.hosts:
            fleet.errors[name] = (
                LOST_CATEGORY,
                f"worker {worker}: no host {name} in its inventory {config or inventory}",
            )
    seconds = time.monotonic() - started
    return shard_result(request["shard"], worker, seconds=seconds, fleet=fleet, secrets=REDACT)


app = make_app()
"""The workers' app (``celery -A nornir_optics.shards.app worker``)."""
