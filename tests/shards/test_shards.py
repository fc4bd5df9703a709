"""Shard plans and the merge of shard results (pure: no broker, no worker)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nornir_optics.checks.live import Fleet
from nornir_optics.cli import app
from nornir_optics.redact import RedactSecrets
from nornir_optics.shards import (
    DEFAULT_QUEUE,
    ShardError,
    ShardResult,
    merge_shards,
    plan_shards,
    queue_name,
    shard_result,
)
from nornir_optics.shards.dispatch import EngineError, _counts, broker_url

NAMES = [f"leaf{n}" for n in range(1, 8)]
FACTS: Any = {"platform": "sonic", "transceivers": {}, "ports": {}}


def _result(
    index: int, facts: list[str], errors: dict[str, list[str]] | None = None
) -> ShardResult:
    return ShardResult(
        shard=index,
        worker="w@test",
        pid=1,
        seconds=0.1,
        facts=dict.fromkeys(facts, FACTS),
        errors=errors or {},
    )


def test_every_host_is_in_exactly_one_shard_and_shards_are_even() -> None:
    shards = plan_shards({DEFAULT_QUEUE: NAMES}, {DEFAULT_QUEUE: 3})
    hosts = [name for shard in shards for name in shard.hosts]
    assert sorted(hosts) == sorted(NAMES)
    assert len(hosts) == len(set(hosts))
    assert [len(shard.hosts) for shard in shards] == [3, 2, 2]
    assert [shard.index for shard in shards] == [0, 1, 2]


def test_more_shards_than_hosts_gives_one_host_each() -> None:
    shards = plan_shards({DEFAULT_QUEUE: NAMES[:2]}, {DEFAULT_QUEUE: 8})
    assert [shard.hosts for shard in shards] == [("leaf1",), ("leaf2",)]


def test_shards_per_site_queue_are_numbered_across_queues() -> None:
    queues = {queue_name("par1"): NAMES[:4], queue_name("fra2"): NAMES[4:]}
    shards = plan_shards(queues, {"optics.par1": 2, "optics.fra2": 1})
    assert [(shard.index, shard.queue, len(shard.hosts)) for shard in shards] == [
        (0, "optics.fra2", 3),
        (1, "optics.par1", 2),
        (2, "optics.par1", 2),
    ]


def test_merge_keeps_the_single_process_order_whatever_order_shards_come_back() -> None:
    shards = plan_shards({DEFAULT_QUEUE: NAMES}, {DEFAULT_QUEUE: 2})
    results = {
        1: _result(1, list(shards[1].hosts)),
        0: _result(0, list(shards[0].hosts)),
    }
    fleet = merge_shards(shards, results, NAMES)
    assert list(fleet.facts) == NAMES
    assert fleet.errors == {}


def test_a_shard_that_never_came_back_makes_its_hosts_unreachable_not_lost() -> None:
    shards = plan_shards({DEFAULT_QUEUE: NAMES}, {DEFAULT_QUEUE: 2})
    fleet = merge_shards(shards, {0: _result(0, list(shards[0].hosts))}, NAMES)
    assert set(fleet.facts) == set(shards[0].hosts)
    assert set(fleet.errors) == set(shards[1].hosts)
    category, message = fleet.errors["leaf2"]
    assert category == "unreachable"
    assert "shard 2/2 (optics)" in message
    assert "no result came back" in message


def test_a_failed_shard_says_why_for_each_of_its_hosts() -> None:
    shards = plan_shards({DEFAULT_QUEUE: NAMES[:2]}, {DEFAULT_QUEUE: 1})
    fleet = merge_shards(shards, {0: "the worker failed: RuntimeError: boom"}, NAMES)
    assert fleet.facts == {}
    assert fleet.errors["leaf1"] == (
        "unreachable",
        "not gathered: shard 1/1 (optics): the worker failed: RuntimeError: boom",
    )


def test_a_host_its_shard_left_out_is_an_error_and_errors_pass_through() -> None:
    shards = plan_shards({DEFAULT_QUEUE: NAMES[:3]}, {DEFAULT_QUEUE: 1})
    result = _result(0, ["leaf1"], {"leaf2": ["auth-failed", "login refused"]})
    fleet = merge_shards(shards, {0: result}, NAMES)
    assert list(fleet.facts) == ["leaf1"]
    assert fleet.errors["leaf2"] == ("auth-failed", "login refused")
    assert fleet.errors["leaf3"][0] == "unreachable"
    assert "returned nothing for it" in fleet.errors["leaf3"][1]


def test_a_host_no_shard_was_given_is_refused() -> None:
    shards = plan_shards({DEFAULT_QUEUE: NAMES[:2]}, {DEFAULT_QUEUE: 1})
    with pytest.raises(ShardError, match="not given: spine9"):
        merge_shards(shards, {0: _result(0, ["leaf1", "leaf2", "spine9"])}, NAMES)


def test_a_host_with_facts_and_an_error_is_refused() -> None:
    shards = plan_shards({DEFAULT_QUEUE: NAMES[:1]}, {DEFAULT_QUEUE: 1})
    with pytest.raises(ShardError, match="both facts and an error for: leaf1"):
        merge_shards(shards, {0: _result(0, ["leaf1"], {"leaf1": ["parse-error", "x"]})}, NAMES)


def test_a_shard_result_is_json_and_its_error_messages_carry_no_secret() -> None:
    redact = RedactSecrets()
    redact.add(["hunter2"])
    fleet = Fleet(
        facts={"leaf1": FACTS},
        errors={"leaf2": ("auth-failed", "login as admin/hunter2 refused")},
    )
    result = shard_result(0, "w@test", seconds=0.5, fleet=fleet, secrets=redact)
    text = json.dumps(result)
    assert "hunter2" not in text
    assert json.loads(text)["errors"]["leaf2"] == ["auth-failed", "login as admin/******** refused"]


def test_a_queue_without_a_worker_is_named_with_its_hosts() -> None:
    queues = {"optics.par1": NAMES[:2], "optics.fra2": NAMES[2:]}
    with pytest.raises(EngineError, match=r"optics\.par1 \(2 host\(s\)\)"):
        _counts(queues, {"optics.fra2": 2}, None, "redis://127.0.0.1:1/0")
    assert _counts(queues, {"optics.fra2": 2, "optics.par1": 1}, None, "x") == {
        "optics.par1": 1,
        "optics.fra2": 2,
    }
    assert _counts(queues, {"optics.fra2": 2, "optics.par1": 1}, 4, "x") == {
        "optics.par1": 4,
        "optics.fra2": 4,
    }


def test_the_broker_comes_from_the_option_the_environment_or_make_celery_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPTICS_CELERY_BROKER", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(EngineError, match="OPTICS_CELERY_BROKER"):
        broker_url(None)
    (tmp_path / ".celery").mkdir()
    (tmp_path / ".celery" / "run.json").write_text('{"broker": "redis://127.0.0.1:7/0"}')
    assert broker_url(None) == "redis://127.0.0.1:7/0"
    monkeypatch.setenv("OPTICS_CELERY_BROKER", "redis://127.0.0.1:8/0")
    assert broker_url(None) == "redis://127.0.0.1:8/0"
    assert broker_url("redis://127.0.0.1:9/0") == "redis://127.0.0.1:9/0"


def test_ask_pass_is_refused_with_the_celery_engine() -> None:
    inventory = Path(__file__).resolve().parents[2] / "inventory"
    result = CliRunner().invoke(
        app, ["audit", "-i", str(inventory), "--engine", "celery", "--ask-pass"], input="pw\n"
    )
    assert result.exit_code == 2
    assert "a password is never sent to the workers" in result.output


def test_a_broker_that_does_not_answer_is_one_line_and_exit_2() -> None:
    inventory = Path(__file__).resolve().parents[2] / "inventory"
    result = CliRunner().invoke(
        app,
        ["audit", "-i", str(inventory), "--engine", "celery"],
        env={"OPTICS_CELERY_BROKER": "redis://:s3cr3t@127.0.0.1:1/0"},
    )
    assert result.exit_code == 2
    assert "the Celery broker redis://:**@127.0.0.1:1/0 does not answer" in result.output
    assert "s3cr3t" not in result.output
