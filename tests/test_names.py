"""The one interface sort key orders every name set as each of the five keys it replaced did."""

from __future__ import annotations

import re

import pytest
from labtools import DC1_LAB

from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.names import natural_key

# The five keys before names.py, as they were (findings.natural_key, platforms/common's
# natural_key and numbers_key, the SONiC lab's natural_key, the Junos lab config's natural_key).


def _split_key(name: str) -> list[object]:  # findings, platforms/common, lab SONiC
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _tagged_key(name: str) -> tuple[object, ...]:  # lab Junos config
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", name)
        if part
    )


def _numbers_key(name: str) -> tuple[int, ...]:  # platforms/common, EOS and Junos parsers
    return tuple(int(number) for number in re.findall(r"\d+", name))


def _lab_names() -> dict[str, list[str]]:
    lab = LabRuntime(load_lab(DC1_LAB)).lab
    return {
        name: sorted({*state.interfaces, *state.breakouts, *state.modules, *state.lldp})
        for name, state in lab.devices.items()
    }


NAME_SETS = {
    **_lab_names(),
    "eos": ["Ethernet10/1", "Ethernet9/1", "Ethernet1/1", "Ethernet1/5", "Ethernet64/1"],
    "nxos": ["Ethernet1/10", "Ethernet1/2/4", "Ethernet1/2/1", "Ethernet1/2", "Ethernet1/1"],
    "junos": ["et-0/0/10", "et-0/0/2:1", "et-0/0/2", "et-0/0/2:0", "xe-0/0/4", "et-0/0/5"],
    "sonic": ["Ethernet16", "Ethernet8", "Ethernet0", "Ethernet248", "Ethernet9"],
    "mixed": ["Ethernet2", "Management1", "Port-Channel10", "Ethernet10", "Loopback0", "-", ""],
}


@pytest.mark.parametrize("names", NAME_SETS.values(), ids=NAME_SETS.keys())
def test_natural_order_is_the_old_natural_keys_order(names: list[str]) -> None:
    new = sorted(names, key=natural_key)
    assert new == sorted(names, key=_split_key)
    assert new == sorted(names, key=_tagged_key)


@pytest.mark.parametrize("names", NAME_SETS.values(), ids=NAME_SETS.keys())
def test_numbers_first_is_the_old_numbers_order(names: list[str]) -> None:
    new = sorted(names, key=lambda name: natural_key(name, numbers_first=True))
    assert new == sorted(names, key=lambda name: (_numbers_key(name), _split_key(name)))
    if len({_numbers_key(name) for name in names}) == len(names):  # no tie: the old order
        assert new == sorted(names, key=_numbers_key)
