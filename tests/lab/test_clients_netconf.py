"""ncclient's RFC 6241 base operations against the Junos lab (NETCONF on its SSH port)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

DESCRIPTION = """
<config><configuration><interfaces><interface><name>et-0/0/31</name>
<description>{text}</description></interface></interfaces></configuration></config>
"""
DELETE = """
<config xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><configuration><interfaces>
<interface><name>et-0/0/31</name><description nc:operation="delete"/></interface>
</interfaces></configuration></config>
"""


def _connect(lab: dict[str, Any]) -> Any:
    from ncclient import manager  # noqa: PLC0415

    return manager.connect(
        host="127.0.0.1",
        port=lab["hosts"]["leaf4"]["port"],
        username=lab["username"],
        password=lab["password"],
        hostkey_verify=False,
        look_for_keys=False,
        allow_agent=False,
        timeout=10,
    )


@pytest.fixture
def netconf(fresh_lab: dict[str, Any]) -> Iterator[Any]:
    session = _connect(fresh_lab)
    yield session, fresh_lab
    if session.connected:
        session.close_session()


IF_31 = "//*[local-name()='interface'][*[local-name()='name']='et-0/0/31']"


def _description(reply: Any) -> str | None:
    found = reply.data_ele.xpath(f"{IF_31}/*[local-name()='description']")
    return found[0].text if found else None


def test_get_and_get_config(netconf: Any) -> None:
    session, _ = netconf
    assert session.get().data_ele.xpath(IF_31)
    running = session.get_config(source="running")
    assert _description(running) == "spine2:Ethernet1/4"
    assert _description(session.get_config(source="candidate")) == "spine2:Ethernet1/4"


def test_edit_validate_commit_and_discard(netconf: Any) -> None:
    session, _ = netconf
    session.lock(target="candidate")
    session.edit_config(target="candidate", config=DESCRIPTION.format(text="via ncclient"))
    assert _description(session.get_config(source="candidate")) == "via ncclient"
    assert _description(session.get_config(source="running")) == "spine2:Ethernet1/4"
    session.validate(source="candidate")
    session.commit()
    assert _description(session.get_config(source="running")) == "via ncclient"
    session.edit_config(target="candidate", config=DELETE)
    assert _description(session.get_config(source="candidate")) is None
    session.discard_changes()
    assert _description(session.get_config(source="candidate")) == "via ncclient"
    session.edit_config(
        target="candidate",
        config=DESCRIPTION.format(text="replaced"),
        default_operation="replace",
    )
    candidate = session.get_config(source="candidate").data_ele
    names = "//*[local-name()='interface']/*[local-name()='name']/text()"
    assert candidate.xpath(names) == ["et-0/0/31"]
    session.discard_changes()
    session.unlock(target="candidate")


def test_commit_confirmed_reverts_after_its_timeout(netconf: Any) -> None:
    session, _ = netconf
    session.edit_config(target="candidate", config=DESCRIPTION.format(text="for two seconds"))
    session.commit(confirmed=True, timeout="2")
    assert _description(session.get_config(source="running")) == "for two seconds"
    time.sleep(3)
    assert _description(session.get_config(source="running")) == "spine2:Ethernet1/4"


def test_lock_is_exclusive_and_kill_session_frees_it(netconf: Any) -> None:
    from ncclient.operations.rpc import RPCError  # noqa: PLC0415

    session, lab = netconf
    other = _connect(lab)
    other.lock(target="candidate")
    with pytest.raises(RPCError, match="locked"):
        session.lock(target="candidate")
    session.kill_session(other.session_id)
    session.lock(target="candidate")
    session.unlock(target="candidate")
    with pytest.raises(RPCError):
        session.kill_session(session.session_id)
