"""`optics intent check`: each malformed intent gives one `FILE:LINE: what is wrong` line.

Every case below is a small intent beside a four-switch inventory. The offending line of each
YAML text carries the marker ``# <-``; the expected problem names that line.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nornir_optics.catalog import load_catalog
from nornir_optics.cli import app
from nornir_optics.exceptions import InputError
from nornir_optics.fabric import load_fabric

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_INVENTORY = ROOT / "inventory"
MARKER = "# <-"

HOSTS = """\
sw1:
  platform: arista_eos
  data: {model: DCS-7060DX5-64S}
sw2:
  platform: cisco_nxos
  data: {model: N9K-C9364D-GX2A}
sw3:
  platform: sonic
  data: {model: MSN4700}
sw4:
  platform: juniper_junos
  data: {model: QFX5220-32CD}
"""

# the validator lists the catalogue's cable assemblies in the order of data/optics.yaml
CONNECTORS = ", ".join(load_catalog().cable_assemblies)

# id -> (intent text, expected problem after "FILE:LINE: ")
CASES: dict[str, tuple[str, str]] = {
    "yaml-syntax-bad-indent": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
           optic: 400GBASE-DR4  # <-
        """,
        (
            "YAML syntax error: while parsing a block collection: expected <block end>, "
            "but found '<block mapping start>'"
        ),
    ),
    "intent-not-a-mapping": (
        """
        - a: sw1:Ethernet1/1  # <-
          z: sw2:Ethernet1/1
        """,
        "the intent must be a mapping with version and links",
    ),
    "top-level-unknown-key": (
        """
        version: 1
        linkz: []  # <-
        """,
        "top level: unknown key 'linkz' (did you mean 'links'?)",
    ),
    "link-unknown-key-cabel": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
            cabel: {length_m: 10}  # <-
        """,
        "links[0]: unknown key 'cabel' (did you mean 'cable'?)",
    ),
    "end-unknown-key": (
        """
        version: 1
        links:
          - a: {port: sw1:Ethernet1/1, optc: 400GBASE-DR4}  # <-
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,
        "links[0].a: unknown key 'optc' (did you mean 'optic'?)",
    ),
    "policy-dom-unknown-key": (
        """
        version: 1
        policy:
          dom:
            rx_margin: 2.0  # <-
        links: []
        """,
        "policy.dom: unknown key 'rx_margin' (did you mean 'rx_margin_db'?)",
    ),
    "policy-dom-override-unknown-key": (
        """
        version: 1
        policy:
          dom:
            overrides:
              - {part_number: "MMS1V00-*", rx_power_low_warn_dbm: -7.9}  # <-
        links: []
        """,
        (
            "policy.dom.overrides[0]: unknown key 'rx_power_low_warn_dbm' "
            "(did you mean 'rx_power_low_warning_dbm'?)"
        ),
    ),
    "version-missing": (
        """
        links: []  # <-
        """,
        "version is required",
    ),
    "version-2": (
        """
        version: 2  # <-
        links: []
        """,
        "version must be 1, not 2",
    ),
    "link-unknown-optic": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR5  # <-
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,
        "links[0].optic: unknown optic type '400GBASE-DR5' (did you mean '400GBASE-DR4'?)",
    ),
    "breakout-leg-unknown-optic": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            optic: 400GBASE-DR4
            breakout: 4x100G
            z:
              - {port: srv1:eth0, optic: 100GBASE-DR}
              - {port: srv2:eth0, optic: 100GBASE-XR}  # <-
              - {port: srv3:eth0, optic: 100GBASE-DR}
              - {port: srv4:eth0, optic: 100GBASE-DR}
            cable: {fiber: smf, connector: mpo12-apc-4xlc, length_m: 10}
        """,
        "links[0].z[1].optic: unknown optic type '100GBASE-XR' (did you mean '100GBASE-DR'?)",
    ),
    "breakout-leg-without-optic": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            optic: 400GBASE-DR4
            breakout: 4x100G
            z:
              - {port: srv1:eth0, optic: 100GBASE-DR}
              - {port: srv2:eth0}  # <-
              - {port: srv3:eth0, optic: 100GBASE-DR}
              - {port: srv4:eth0, optic: 100GBASE-DR}
            cable: {fiber: smf, connector: mpo12-apc-4xlc, length_m: 10}
        """,
        "links[0].z[1]: a breakout leg needs its own optic",
    ),
    "cable-length-negative": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            cable:
              fiber: smf
              connector: mpo12-apc
              length_m: -5  # <-
        """,
        "links[0].cable.length_m must be > 0, not -5",
    ),
    "cable-length-zero": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            cable:
              fiber: smf
              connector: mpo12-apc
              length_m: 0  # <-
        """,
        "links[0].cable.length_m must be > 0, not 0",
    ),
    "cable-length-not-a-number": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            cable:
              fiber: smf
              connector: mpo12-apc
              length_m: far  # <-
        """,
        "links[0].cable.length_m must be a number, not 'far'",
    ),
    "cable-fiber-om4": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            cable:
              fiber: om4  # <-
              connector: mpo12-apc
              length_m: 10
        """,
        "links[0].cable.fiber must be 'smf', 'mmf' or 'copper', not 'om4'",
    ),
    "cable-unknown-connector": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            cable:
              fiber: smf
              connector: sc-apc  # <-
              length_m: 10
        """,
        f"links[0].cable.connector must be one of {CONNECTORS}, not 'sc-apc'",
    ),
    "cable-connectors-negative": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            cable:
              fiber: smf
              connector: mpo12-apc
              length_m: 10
              connectors: -1  # <-
        """,
        "links[0].cable.connectors must be >= 0, not -1",
    ),
    "cable-connectors-fraction": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10, connectors: 1.5}  # <-
        """,
        "links[0].cable.connectors must be a whole number, not 1.5",
    ),
    "policy-fec-rs999": (
        """
        version: 1
        policy:
          fec: rs999  # <-
        links: []
        """,
        "policy.fec must be 'rs544', 'rs528', 'fc' or 'none', not 'rs999'",
    ),
    "policy-link-budget-negative": (
        """
        version: 1
        policy:
          link_budget:
            margin_db: -1  # <-
        links: []
        """,
        "policy.link_budget.margin_db must be >= 0, not -1",
    ),
    "policy-ignore-admin-down-not-bool": (
        """
        version: 1
        policy:
          dom:
            ignore_admin_down: maybe  # <-
        links: []
        """,
        "policy.dom.ignore_admin_down must be true or false, not 'maybe'",
    ),
    "breakout-3x100G": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            breakout: 3x100G  # <-
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,
        (
            "links[0].breakout must be 'none', '4x100G', '2x200G', '8x50G', '2x400G', '4x200G' or "
            "'8x100G', not '3x100G'"
        ),
    ),
    "port-ref-without-colon": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2-Ethernet1/1  # <-
            optic: 400GBASE-DR4
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,
        "links[0].z must be DEVICE:PORT, not 'sw2-Ethernet1/1'",
    ),
    "leg-port-ref-without-colon": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            optic: 400GBASE-DR4
            breakout: 4x100G
            z:
              - {port: srv1:eth0, optic: 100GBASE-DR}
              - {port: srv2-eth0, optic: 100GBASE-DR}  # <-
              - {port: srv3:eth0, optic: 100GBASE-DR}
              - {port: srv4:eth0, optic: 100GBASE-DR}
            cable: {fiber: smf, connector: mpo12-apc-4xlc, length_m: 10}
        """,
        "links[0].z[1].port must be DEVICE:PORT, not 'srv2-eth0'",
    ),
    "port-unknown-on-arista": (
        """
        version: 1
        links:
          - a: sw1:Ethernet65/1  # <-
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,
        (
            "links[0].a: sw1 (DCS-7060DX5-64S) has no port 'Ethernet65/1' "
            "(ports run Ethernet1/1 \N{HORIZONTAL ELLIPSIS} Ethernet64/1)"
        ),
    ),
    "port-unknown-on-nxos": (
        """
        version: 1
        links:
          - a: sw2:Ethernet1/65  # <-
            z: stor1:eth0
            optic: 400GBASE-DR4
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,
        (
            "links[0].a: sw2 (N9K-C9364D-GX2A) has no port 'Ethernet1/65' "
            "(ports run Ethernet1/1 \N{HORIZONTAL ELLIPSIS} Ethernet1/64)"
        ),
    ),
    "breakout-child-as-link-end": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw3:Ethernet2  # <-
            optic: 400GBASE-DR4
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,
        (
            "links[0].z: sw3:Ethernet2 is leg 2 of Ethernet0 in 4x100G breakout; "
            "links name the cage port (sw3:Ethernet0)"
        ),
    ),
    "port-used-twice": (
        """
        version: 1
        links:
          - {a: sw1:Ethernet1/1, z: sw2:Ethernet1/1, optic: 400GBASE-DR4, cable: {fiber: smf, connector: mpo12-apc, length_m: 10}}
          - a: sw1:Ethernet1/1  # <-
            z: sw4:et-0/0/0
            optic: 400GBASE-DR4
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,  # noqa: E501
        "links[1].a: sw1:Ethernet1/1 is already used by links[0].a (line 3)",
    ),
    "port-used-twice-short-name": (
        """
        version: 1
        links:
          - {a: sw1:Ethernet1/1, z: sw2:Ethernet1/1, optic: 400GBASE-DR4, cable: {fiber: smf, connector: mpo12-apc, length_m: 10}}
          - a: sw4:et-0/0/0
            z: sw2:Eth1/1  # <-
            optic: 400GBASE-DR4
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,  # noqa: E501
        "links[1].z: sw2:Ethernet1/1 is already used by links[0].z (line 3)",
    ),
    "far-end-used-twice-in-breakout": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            optic: 400GBASE-DR4
            breakout: 4x100G
            z:
              - {port: srv1:eth0, optic: 100GBASE-DR}
              - {port: srv2:eth0, optic: 100GBASE-DR}
              - {port: srv1:eth0, optic: 100GBASE-DR}  # <-
              - {port: srv4:eth0, optic: 100GBASE-DR}
            cable: {fiber: smf, connector: mpo12-apc-4xlc, length_m: 10}
        """,
        "links[0].z[2]: srv1:eth0 is already used by links[0].z[0] (line 7)",
    ),
    "breakout-3-legs-for-4x100G": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            optic: 400GBASE-DR4
            breakout: 4x100G
            z:  # <-
              - {port: srv1:eth0, optic: 100GBASE-DR}
              - {port: srv2:eth0, optic: 100GBASE-DR}
              - {port: srv3:eth0, optic: 100GBASE-DR}
            cable: {fiber: smf, connector: mpo12-apc-4xlc, length_m: 10}
        """,
        "links[0].z has 3 far end(s); breakout 4x100G needs 4",
    ),
    "unbroken-link-with-2-z-ends": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            optic: 400GBASE-DR4
            z: [{port: sw2:Ethernet1/1}, {port: sw4:et-0/0/0}]  # <-
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,
        "links[0].z has 2 far end(s); an unbroken link has 1",
    ),
    "admin-off": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            admin: off  # <-
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,
        "links[0].admin must be 'up' or 'down', not 'off'",
    ),
    "state-built": (
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            state: built  # <-
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,
        "links[0].state must be 'cabled' or 'planned', not 'built'",
    ),
    "link-without-a-end": (
        """
        version: 1
        links:
          - z: sw2:Ethernet1/1  # <-
            optic: 400GBASE-DR4
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,
        "links[0].a is required",
    ),
    "neither-end-managed": (
        """
        version: 1
        links:
          - a: srv1:eth0  # <-
            z: srv2:eth0
            optic: 400GBASE-DR4
            cable: {fiber: smf, connector: mpo12-apc, length_m: 10}
        """,
        "links[0]: neither end is a managed device (managed: sw1, sw2, sw3, sw4)",
    ),
}

CLI_CASES = (
    "yaml-syntax-bad-indent",
    "link-unknown-key-cabel",
    "port-unknown-on-arista",
    "port-used-twice",
    "neither-end-managed",
)


def _intent(text: str) -> tuple[str, int]:
    """The YAML text without its indentation, and the line (1-based) of its ``# <-`` marker."""
    body = textwrap.dedent(text).lstrip("\n")
    marked = [number for number, line in enumerate(body.splitlines(), 1) if MARKER in line]
    assert len(marked) == 1, f"a case marks exactly one line, not {marked}"
    return body, marked[0]


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    """An inventory folder of four managed switches, one per platform."""
    (tmp_path / "hosts.yaml").write_text(HOSTS, encoding="utf-8")
    return tmp_path


def _write_case(directory: Path, case: str) -> str:
    """Write the intent of ``case`` as DIR/intent.yaml; return the one problem line expected."""
    text, message = CASES[case]
    body, line = _intent(text)
    path = directory / "intent.yaml"
    path.write_text(body, encoding="utf-8")
    return f"{path}:{line}: {message}"


@pytest.mark.parametrize("case", list(CASES))
def test_malformed_intent_gives_one_problem_line(inventory: Path, case: str) -> None:
    expected = _write_case(inventory, case)
    with pytest.raises(InputError) as caught:
        load_fabric(inventory)
    assert caught.value.problems == [expected]
    assert str(caught.value) == expected


def test_misspelt_required_key_gives_one_problem_line(inventory: Path) -> None:
    body, line = _intent(
        """
        version: 1
        links:
          - a: sw1:Ethernet1/1
            z: sw2:Ethernet1/1
            optic: 400GBASE-DR4
            cabel: {fiber: smf, connector: mpo12-apc, length_m: 10}  # <-
        """
    )
    path = inventory / "intent.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_fabric(inventory)
    assert caught.value.problems == [
        f"{path}:{line}: links[0]: unknown key 'cabel' (did you mean 'cable'?)"
    ]


@pytest.mark.parametrize("case", CLI_CASES)
def test_intent_check_prints_one_line_and_exits_2(inventory: Path, case: str) -> None:
    expected = _write_case(inventory, case)
    result = CliRunner().invoke(app, ["intent", "check", "-i", str(inventory)])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [expected]
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_intent_check_reads_the_intent_option(inventory: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "plans"
    elsewhere.mkdir()
    expected = _write_case(elsewhere, "state-built")
    result = CliRunner().invoke(
        app,
        ["intent", "check", "-i", str(inventory), "--intent", str(elsewhere / "intent.yaml")],
    )
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [expected]
    assert "Traceback" not in result.output


def test_reference_intent_loads() -> None:
    fabric = load_fabric(REFERENCE_INVENTORY)
    assert fabric.intent.links
    assert len(fabric.links) == len(fabric.intent.links)


def test_reference_intent_checks_ok() -> None:
    result = CliRunner().invoke(app, ["intent", "check", "-i", str(REFERENCE_INVENTORY)])
    assert result.exit_code == 0, result.output
    assert f"{REFERENCE_INVENTORY / 'intent.yaml'}: ok" in result.output
    assert "Traceback" not in result.output
