"""Shards of a gather: which hosts each worker reads, and one fleet from what they send back.

Pure (no Celery, no sockets): :func:`plan_shards` splits the hosts of a gather into shards,
one queue per site when the fleet is routed by site; :func:`merge_shards` turns the shards'
JSON results into one :class:`~nornir_optics.checks.live.Fleet` in the order of the
single-process gather, so the fleet-wide checks (duplicate serials, far ends, link budget) run
once, on the merged fleet, and the report is the one a single process gives. Every host of
every shard comes back exactly once: a host a shard did not return is an ``unreachable``
error, a host no shard was given is refused (:class:`ShardError`), never silently kept.

The Celery side is :mod:`nornir_optics.shards.app` (the worker's task) and
:mod:`nornir_optics.shards.dispatch` (the client); docs/celery.md says how to run them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, NotRequired, TypedDict

from nornir_optics.checks.live import Fleet
from nornir_optics.exceptions import OpticsError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from nornir_optics.facts import DeviceFacts
    from nornir_optics.redact import RedactSecrets

DEFAULT_QUEUE = "optics"
"""The queue of every shard when the fleet is not routed by site (workers: ``-Q optics``)."""
LOST_CATEGORY = "unreachable"
"""The category of a host whose shard never came back: its state could not be found out."""
_QUEUE_WORD = re.compile(r"[^A-Za-z0-9_.-]+")


class ShardError(OpticsError):
    """A shard's result does not fit its request (a host it was never given)."""


class ShardRequest(TypedDict):
    """What a task message carries: names and paths, never a credential."""

    shard: int
    of: int
    inventory: str
    config: str | None
    hosts: list[str]
    workers: int | None
    transport: NotRequired[str | None]


class ShardResult(TypedDict):
    """What a worker sends back: the shard's facts and errors, JSON only."""

    shard: int
    worker: str
    pid: int
    seconds: float
    facts: dict[str, DeviceFacts]
    errors: dict[str, list[str]]


@dataclass(frozen=True, slots=True)
class Shard:
    """One task: its index among all shards, its queue and its hosts (inventory order)."""

    index: int
    queue: str
    hosts: tuple[str, ...]


def queue_name(site: object) -> str:
    """The queue of a site's shards.

    >>> queue_name("dc1"), queue_name(None), queue_name("Paris East")
    ('optics.dc1', 'optics', 'optics.Paris_East')
    """
    if site is None or str(site).strip() == "":
        return DEFAULT_QUEUE
    return f"{DEFAULT_QUEUE}.{_QUEUE_WORD.sub('_', str(site).strip())}"


def plan_shards(queues: Mapping[str, Sequence[str]], counts: Mapping[str, int]) -> list[Shard]:
    """Split each queue's hosts into ``counts[queue]`` shards (at most one per host).

    Hosts are dealt round-robin in the order given, so shards of a fleet come out even in size
    and in mix of platforms; queues are taken in name order, so a plan is the same every run.

    >>> [s.hosts for s in plan_shards({"optics": ["a", "b", "c"]}, {"optics": 2})]
    [('a', 'c'), ('b',)]
    >>> [(s.index, s.queue) for s in plan_shards({"optics.x": ["a"], "optics.w": ["b"]}, {})]
    [(0, 'optics.w'), (1, 'optics.x')]
    """
    shards: list[Shard] = []
    for queue in sorted(queues):
        hosts = list(queues[queue])
        count = max(1, min(counts.get(queue, 1), len(hosts)))
        for part in range(count):
            if hosts[part::count]:
                shards.append(Shard(len(shards), queue, tuple(hosts[part::count])))
    return shards


def merge_shards(
    shards: Sequence[Shard],
    results: Mapping[int, ShardResult | str],
    order: Sequence[str],
) -> Fleet:
    """One fleet from the shards' results (a string: why that shard never came back).

    Facts and errors are keyed in ``order`` (the single-process gather's inventory order), so
    the audit of the merged fleet is the audit of one process. A host missing from its
    shard's result, or whose shard failed, is an ``unreachable`` error saying so.
    """
    facts: dict[str, DeviceFacts] = {}
    errors: dict[str, tuple[str, str]] = {}
    for shard in shards:
        wanted = set(shard.hosts)
        result = results.get(shard.index, "no result came back")
        label = f"shard {shard.index + 1}/{len(shards)} ({shard.queue})"
        if isinstance(result, str):
            for name in shard.hosts:
                errors[name] = (LOST_CATEGORY, f"not gathered: {label}: {result}")
            continue
        got = set(result["facts"]) | set(result["errors"])
        stray = sorted(got - wanted)
        if stray:
            msg = f"{label} returned host(s) it was not given: {', '.join(stray)}"
            raise ShardError(msg)
        both = sorted(set(result["facts"]) & set(result["errors"]))
        if both:
            msg = f"{label} returned both facts and an error for: {', '.join(both)}"
            raise ShardError(msg)
        facts.update(result["facts"])
        errors.update(
            {name: (category, message) for name, (category, message) in result["errors"].items()}
        )
        for name in sorted(wanted - got):
            errors[name] = (LOST_CATEGORY, f"not gathered: {label} returned nothing for it")
    rank = {name: index for index, name in enumerate(order)}
    late = len(rank)
    ordered = sorted(facts, key=lambda name: (rank.get(name, late), name))
    return Fleet(
        facts={name: facts[name] for name in ordered},
        errors=dict(sorted(errors.items())),
    )


def shard_result(
    shard: int, worker: str, *, seconds: float, fleet: Fleet, secrets: RedactSecrets
) -> ShardResult:
    """A shard's fleet as its JSON result, every error message with the known secrets masked."""
    return ShardResult(
        shard=shard,
        worker=worker,
        pid=os.getpid(),
        seconds=round(seconds, 3),
        facts=fleet.facts,
        errors={
            name: [category, secrets.redact(message)]
            for name, (category, message) in fleet.errors.items()
        },
    )
