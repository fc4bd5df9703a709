"""The client of the shard engine: send the shards, wait for them, merge one fleet.

``optics audit --engine celery`` calls :func:`gather_on_celery` where one process would call
:func:`nornir_optics.session.gather_hosts`: same hosts (targets and far ends), same order, so
the audit of the merged fleet is the report one process gives. The client sends host names
and inventory paths only; each worker reads the inventory and the credentials itself.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kombu.exceptions import OperationalError
from kombu.utils.url import maybe_sanitize_url
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from nornir_optics.exceptions import OpticsError
from nornir_optics.shards import (
    DEFAULT_QUEUE,
    Shard,
    ShardRequest,
    ShardResult,
    merge_shards,
    plan_shards,
    queue_name,
)
from nornir_optics.shards.app import BROKER_ENV, CAPACITY, TASK, make_app
from nornir_optics.transform import host_value

if TYPE_CHECKING:
    from collections.abc import Sequence

    from celery import Celery
    from celery.result import AsyncResult
    from nornir.core import Nornir

    from nornir_optics.checks.live import Fleet

logger = logging.getLogger(__name__)

RUN_FILE = Path(".celery") / "run.json"
"""Where ``make celery-up`` writes the broker it started (the client's last resort)."""
DEFAULT_TIMEOUT_S = 900.0
INSPECT_TIMEOUT_S = 1.0
POLL_S = 0.1


class EngineError(OpticsError):
    """The shard engine cannot run: no broker, or no worker on a queue that has hosts."""


@dataclass(frozen=True, slots=True)
class CeleryOptions:
    """How the client reaches the workers and splits the fleet."""

    broker: str | None = None
    shards: int | None = None
    queue_by: str | None = None
    timeout: float = DEFAULT_TIMEOUT_S
    workers: int | None = None
    transport: str | None = None
    """``netmiko`` or ``napalm`` for every host (``--transport``); None: each host's data."""


def broker_url(given: str | None) -> str:
    """``--broker``, else ``$OPTICS_CELERY_BROKER``, else the broker of ``make celery-up``."""
    if given:
        return given
    if os.environ.get(BROKER_ENV):
        return os.environ[BROKER_ENV]
    if RUN_FILE.is_file():
        return str(json.loads(RUN_FILE.read_text(encoding="utf-8"))["broker"])
    msg = (
        f"--engine celery needs a broker: set {BROKER_ENV} (redis://HOST:PORT/DB) "
        f"or start one with make celery-up ({RUN_FILE} not found)"
    )
    raise EngineError(msg)


def consumers(app: Celery) -> dict[str, int]:
    """Worker processes per queue, summed over the workers that answer within a second."""
    replies: list[dict[str, Any]] = (
        app.control.broadcast(CAPACITY, reply=True, timeout=INSPECT_TIMEOUT_S) or []
    )
    found: dict[str, int] = defaultdict(int)
    for reply in replies:
        for answer in reply.values():
            for queue in answer.get("queues", []):
                found[str(queue)] += int(answer.get("concurrency", 1))
    return dict(found)


def _queues(nr: Nornir, names: Sequence[str], queue_by: str | None) -> dict[str, list[str]]:
    hosts = nr.inventory.hosts
    queues: dict[str, list[str]] = defaultdict(list)
    for name in names:
        queue = queue_name(host_value(hosts[name], queue_by)) if queue_by else DEFAULT_QUEUE
        queues[queue].append(name)
    return dict(queues)


def _counts(
    queues: dict[str, list[str]], found: dict[str, int], shards: int | None, where: str
) -> dict[str, int]:
    idle = sorted(queue for queue in queues if found.get(queue, 0) == 0)
    if idle:
        listed = ", ".join(f"{queue} ({len(queues[queue])} host(s))" for queue in idle)
        msg = (
            f"no Celery worker consumes {listed} on {where}; start one with "
            f"celery -A nornir_optics.shards.app worker -Q {idle[0]} (or make celery-up)"
        )
        raise EngineError(msg)
    return {queue: shards or found[queue] for queue in queues}


def _failure(result: AsyncResult) -> str:
    error = result.result
    text = str(error).strip().splitlines()
    return f"the worker failed: {type(error).__name__}: {text[0] if text else ''}".rstrip(": ")


def _wait(
    pending: dict[int, AsyncResult],
    shards: Sequence[Shard],
    timeout: float,
    progress: Progress,
) -> dict[int, ShardResult | str]:
    task = progress.add_task("gather", total=sum(len(shard.hosts) for shard in shards))
    results: dict[int, ShardResult | str] = {}
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for index, result in list(pending.items()):
            if not result.ready():
                continue
            del pending[index]
            if result.successful():
                results[index] = result.get(propagate=False)
            else:
                results[index] = _failure(result)
            result.forget()
            progress.advance(task, len(shards[index].hosts))
        if pending:
            time.sleep(POLL_S)
    for index, result in pending.items():
        results[index] = f"no result within {timeout:.0f} s"
        result.revoke()
    return results


def gather_on_celery(
    nr: Nornir,
    names: Sequence[str],
    source: tuple[Path, Path | None],
    options: CeleryOptions,
    *,
    show_progress: bool = False,
) -> Fleet:
    """Gather ``names`` on the Celery workers, one task per shard; the merged fleet."""
    broker = broker_url(options.broker)
    app = make_app(broker)
    try:
        return _gather(app, maybe_sanitize_url(broker), nr, names, source, options, show_progress)
    finally:
        app.close()


def _gather(  # noqa: PLR0913, PLR0917 - gather_on_celery's arguments and its app
    app: Celery,
    where: str,
    nr: Nornir,
    names: Sequence[str],
    source: tuple[Path, Path | None],
    options: CeleryOptions,
    show_progress: bool,
) -> Fleet:
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0.2, interval_step=0.2)
    except OperationalError as exc:
        msg = f"the Celery broker {where} does not answer ({exc}); make celery-up starts one"
        raise EngineError(msg) from None
    found = consumers(app)
    if not found:
        msg = f"no Celery worker answers on {where} (make celery-up starts two)"
        raise EngineError(msg)
    queues = _queues(nr, names, options.queue_by)
    shards = plan_shards(queues, _counts(queues, found, options.shards, where))
    inventory, config = source
    started = time.monotonic()
    logger.info("gathering %d device(s) in %d shard(s) on %s", len(names), len(shards), where)
    pending: dict[int, AsyncResult] = {}
    for shard in shards:
        request = ShardRequest(
            shard=shard.index,
            of=len(shards),
            inventory=str(inventory.resolve()),
            config=str(config.resolve()) if config else None,
            hosts=list(shard.hosts),
            workers=options.workers,
            transport=options.transport,
        )
        pending[shard.index] = app.send_task(TASK, args=[request], queue=shard.queue)
    with Progress(
        TextColumn("gathering"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        disable=not show_progress,
    ) as progress:
        results = _wait(pending, shards, options.timeout, progress)
    fleet = merge_shards(shards, results, names)
    logger.info(
        "gathered in %.1f s on %d shard(s): %d device(s) read, %d not",
        time.monotonic() - started,
        len(shards),
        len(fleet.facts),
        len(fleet.errors),
    )
    return fleet
