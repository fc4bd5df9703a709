"""The catalogues: every number sourced, every entry coherent, every rule and port name right."""

from __future__ import annotations

from importlib import resources

import pytest
from ruamel.yaml import YAML

from nornir_optics.catalog import Catalog, Limit, load_catalog
from nornir_optics.models import Breakout, Fec

CATALOG = load_catalog()


def _raw(name: str) -> object:
    text = resources.files("nornir_optics").joinpath("data", name).read_text(encoding="utf-8")
    return YAML(typ="safe", pure=True).load(text)


def _unsourced(node: object, path: str, sources: dict[str, str]) -> list[str]:
    bad: list[str] = []
    if isinstance(node, dict):
        numbers = [
            k for k, v in node.items() if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        if numbers:
            source = node.get("source")
            if source != "UNVERIFIED" and source not in sources:
                bad.append(f"{path}: {numbers} without a known source ({source!r})")
            if source == "UNVERIFIED" and not node.get("note"):
                bad.append(f"{path}: UNVERIFIED without a note saying what is missing")
        for key, value in node.items():
            bad.extend(_unsourced(value, f"{path}.{key}", sources))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, int | float) and not isinstance(value, bool):
                bad.append(f"{path}[{index}]: bare number {value}")
            bad.extend(_unsourced(value, f"{path}[{index}]", sources))
    return bad


@pytest.mark.parametrize(
    "name", ["optics.yaml", "platforms.yaml", "categories.yaml", "limits.yaml"]
)
def test_every_number_has_a_source_or_is_marked_unverified(name: str) -> None:
    sources = _raw("sources.yaml")["sources"]  # type: ignore[index]
    assert _unsourced(_raw(name), name, sources) == []


def test_a_number_without_source_is_caught() -> None:
    assert _unsourced({"x": {"value": 3}}, "t", {}) == [
        "t.x: ['value'] without a known source (None)"
    ]
    assert _unsourced({"x": {"value": 3, "source": "UNVERIFIED"}}, "t", {}) == [
        "t.x: UNVERIFIED without a note saying what is missing"
    ]


REQUIRED_OPTICS = [
    "400GBASE-DR4",
    "400G-XDR4",
    "400GBASE-FR4",
    "400G-LR4-10",
    "400GBASE-SR8",
    "400G-QSFPDD-DAC",
    "100GBASE-DR",
    "100G-FR1",
    "100G-LR1",
    "100G-CWDM4",
    "100GBASE-SR4",
    "100GBASE-LR4",
]


@pytest.mark.parametrize("name", REQUIRED_OPTICS)
def test_optic_entry_is_coherent(name: str) -> None:
    optic = CATALOG.optics[name]
    assert optic.name == name
    assert optic.form_factors
    assert any(CATALOG.cage_accepts(cage, optic) for cage in CATALOG.cages)
    assert optic.lanes >= 1
    assert optic.lanes <= int(optic.host_lanes.value or 0) or optic.fiber == "copper"
    assert optic.connector in CATALOG.connectors
    assert optic.host_fec
    assert optic.reach_m.max is not None
    assert (optic.reach_m.min or 0) < optic.reach_m.max
    for limits in (optic.tx_power_dbm, optic.rx_power_dbm):
        if limits is not None:
            assert limits.min is not None
            assert limits.max is not None
            assert limits.min < limits.max
    assert CATALOG.optic_for_alias(name.lower()) is optic
    for mode, app in optic.breakouts.items():
        assert app.leg_speed == mode.value.split("x")[1]
        assert CATALOG.supported_legs(name, mode), f"{name} {mode} has no documented leg optic"


@pytest.mark.parametrize(
    ("name", "speed", "lanes", "reach", "connector", "fec"),
    [
        ("400GBASE-DR4", "400G", 4, 500, "mpo12-apc", (Fec.RS544,)),
        ("400G-XDR4", "400G", 4, 2000, "mpo12-apc", (Fec.RS544,)),
        ("400GBASE-FR4", "400G", 4, 2000, "lc-duplex", (Fec.RS544,)),
        ("400G-LR4-10", "400G", 4, 10000, "lc-duplex", (Fec.RS544,)),
        ("400GBASE-SR8", "400G", 8, 100, "mpo16-apc", (Fec.RS544,)),
        ("100GBASE-DR", "100G", 1, 500, "lc-duplex", (Fec.NONE,)),
        ("100G-FR1", "100G", 1, 2000, "lc-duplex", (Fec.NONE,)),
        ("100G-LR1", "100G", 1, 10000, "lc-duplex", (Fec.NONE,)),
        ("100G-CWDM4", "100G", 4, 2000, "lc-duplex", (Fec.RS528,)),
        ("100GBASE-SR4", "100G", 4, 100, "mpo12-upc", (Fec.RS528,)),
    ],
)
def test_optic_key_facts(  # noqa: PLR0913, PLR0917
    name: str, speed: str, lanes: int, reach: float, connector: str, fec: tuple[Fec, ...]
) -> None:
    optic = CATALOG.optics[name]
    assert (optic.speed, optic.lanes, optic.max_reach_m, optic.connector) == (
        speed,
        lanes,
        reach,
        connector,
    )
    assert optic.host_fec == fec


def test_dr4_breaks_out_to_four_100g_legs_and_fr4_does_not() -> None:
    assert Breakout("4x100G") in CATALOG.optics["400GBASE-DR4"].breakouts
    assert CATALOG.optics["400GBASE-FR4"].breakouts == {}


@pytest.mark.parametrize(
    ("a", "z", "status"),
    [
        *[(rule.a, rule.z, rule.status) for rule in CATALOG.compatibility if rule.breakout is None],
        *[(rule.z, rule.a, rule.status) for rule in CATALOG.compatibility if rule.breakout is None],
        ("400GBASE-DR4", "400GBASE-FR4", "incompatible"),
        ("400GBASE-DR4", "400G-LR4-10", "incompatible"),
        ("400GBASE-DR4", "400GBASE-SR8", "incompatible"),
        ("400GBASE-DR4", "100GBASE-LR4", "incompatible"),
        ("400GBASE-FR4", "400G-LR4-10", "incompatible"),
        ("100G-CWDM4", "100GBASE-LR4", "incompatible"),
        ("100GBASE-DR", "100G-CWDM4", "incompatible"),
        ("100GBASE-SR4", "100GBASE-DR", "incompatible"),
    ],
)
def test_link_compatibility(a: str, z: str, status: str) -> None:
    assert CATALOG.link_verdict(a, z).status == status


@pytest.mark.parametrize(
    ("parent", "leg", "status"),
    [
        *[(r.a, r.z, r.status) for r in CATALOG.compatibility if r.breakout is Breakout("4x100G")],
        ("400GBASE-DR4", "100G-CWDM4", "incompatible"),
        ("400GBASE-DR4", "100GBASE-LR4", "incompatible"),
        ("400GBASE-DR4", "100GBASE-SR4", "incompatible"),
        ("400GBASE-FR4", "100G-FR1", "incompatible"),
    ],
)
def test_breakout_leg_compatibility(parent: str, leg: str, status: str) -> None:
    assert CATALOG.leg_verdict(parent, Breakout("4x100G"), leg).status == status


def test_incompatibility_says_why() -> None:
    assert "smf" in CATALOG.link_verdict("400GBASE-DR4", "400GBASE-SR8").reason
    assert "CWDM" in CATALOG.link_verdict("400GBASE-DR4", "400GBASE-FR4").reason


@pytest.mark.parametrize(
    ("model", "parent", "mode", "children"),
    [
        (
            "DCS-7060DX5-64S",
            "Ethernet1/1",
            Breakout("4x100G"),
            ["Ethernet1/1", "Ethernet1/3", "Ethernet1/5", "Ethernet1/7"],
        ),
        ("DCS-7060DX5-64S", "Ethernet64/1", Breakout("2x200G"), ["Ethernet64/1", "Ethernet64/5"]),
        (
            "N9K-C9364D-GX2A",
            "Ethernet1/64",
            Breakout("4x100G"),
            ["Ethernet1/64/1", "Ethernet1/64/2", "Ethernet1/64/3", "Ethernet1/64/4"],
        ),
        (
            "MSN4700",
            "Ethernet0",
            Breakout("4x100G"),
            ["Ethernet0", "Ethernet2", "Ethernet4", "Ethernet6"],
        ),
        ("MSN4700", "Ethernet248", Breakout("2x200G"), ["Ethernet248", "Ethernet252"]),
        (
            "QFX5220-32CD",
            "et-0/0/31",
            Breakout("4x100G"),
            ["et-0/0/31:0", "et-0/0/31:1", "et-0/0/31:2", "et-0/0/31:3"],
        ),
        (
            "8201-32FH",
            "FourHundredGigabitEthernet0/0/0/5",
            Breakout("4x100G"),
            [f"HundredGigabitEthernet0/0/0/5/{leg}" for leg in range(4)],
        ),
    ],
)
def test_breakout_children_are_named_as_the_platform_names_them(
    model: str, parent: str, mode: Breakout, children: list[str]
) -> None:
    layout = CATALOG.models[model].layout
    named = [layout.leg_name(parent, mode, leg) for leg in range(1, len(children) + 1)]
    assert named == children
    for child in children:
        located = layout.locate(child)
        assert located is not None
        assert located[0].name == parent


@pytest.mark.parametrize(
    ("model", "count", "first", "last", "cage"),
    [
        ("DCS-7060DX5-64S", 64, "Ethernet1/1", "Ethernet64/1", "QSFP-DD"),
        ("DCS-7060CX-32S", 32, "Ethernet1/1", "Ethernet32/1", "QSFP28"),
        ("N9K-C9364D-GX2A", 64, "Ethernet1/1", "Ethernet1/64", "QSFP-DD"),
        ("N9K-C9336C-FX2", 36, "Ethernet1/1", "Ethernet1/36", "QSFP28"),
        ("MSN4700", 32, "Ethernet0", "Ethernet248", "QSFP-DD"),
        ("QFX5220-32CD", 32, "et-0/0/0", "et-0/0/31", "QSFP-DD"),
        (
            "8201-32FH",
            32,
            "FourHundredGigabitEthernet0/0/0/0",
            "FourHundredGigabitEthernet0/0/0/31",
            "QSFP-DD",
        ),
    ],
)
def test_model_front_panels(model: str, count: int, first: str, last: str, cage: str) -> None:
    spec = CATALOG.models[model]
    assert len(spec.layout.cages) == count
    assert spec.layout.first_and_last() == (first, last)
    assert {port_range.cage for port_range in spec.ports} == {cage}
    assert spec.platform in CATALOG.platforms


@pytest.mark.parametrize(
    "platform", ["arista_eos", "cisco_nxos", "cisco_xr", "juniper_junos", "sonic"]
)
def test_every_platform_names_every_fec_mode(platform: str) -> None:
    assert set(CATALOG.platforms[platform].fec) == set(Fec)


def test_catalog_rejects_dangling_references() -> None:
    data = {
        "sources": {},
        "optics": {},
        "connectors": {},
        "cable_assemblies": {},
        "compatibility": [{"a": "400GBASE-XX", "z": "400GBASE-XX", "status": "supported"}],
        "cages": {},
        "platforms": {},
        "lane_signalling": CATALOG.lane_signalling.model_dump(),
        "speeds": list(CATALOG.speeds),
        "breakout_modes": {k: v.model_dump() for k, v in CATALOG.breakout_modes.items()},
        "form_factors": {k: v.model_dump() for k, v in CATALOG.form_factors.items()},
        "models": {},
        "limits": {},
    }
    with pytest.raises(ValueError, match="unknown optic '400GBASE-XX'"):
        Catalog.model_validate(data)


LIMITED = [
    "temperature_c",
    "voltage_v",
    "tx_power_dbm",
    "rx_power_dbm",
    "tx_bias_ma",
    "margin_db",
    "length_m",
    "fiber_loss_db_per_km",
    "connector_loss_db",
    "connector_pairs",
]


@pytest.mark.parametrize("quantity", LIMITED)
def test_every_limited_quantity_has_a_range_with_its_unit(quantity: str) -> None:
    limit = CATALOG.limit(quantity)
    assert limit.min < limit.max
    assert limit.unit
    assert limit.source == "UNVERIFIED" or limit.source in CATALOG.sources
    assert limit.source != "UNVERIFIED" or limit.note


def test_limits_cover_the_quantities_of_the_device_facts() -> None:
    from nornir_optics.facts import Thresholds  # noqa: PLC0415

    assert set(Thresholds.__annotations__) <= set(CATALOG.limits)


def test_a_limit_with_min_above_max_is_refused() -> None:
    with pytest.raises(ValueError, match=r"min 5\.0 must be below max 1\.0"):
        Limit.model_validate({"min": 5, "max": 1, "unit": "m", "source": "UNVERIFIED"})
