"""Prometheus exposition of one run: per-lane DOM, thresholds, module identity, findings.

Names carry their unit (``optics_lane_rx_power_dbm``; bias in amperes, the base unit
promtool's lint asks for, not milliamperes); labels are ``device``, ``port`` and
``lane`` only, so a module swap never makes new per-lane series: identity lives in
``optics_module_info``. Lanes a module does not use are not exported. Series per switch are
bounded by its ports and lanes (``series_bound``), never by serials or messages.

    text = exposition(fleet, findings, at=time.time(), gather_seconds=12.3)
    write_textfile(Path("/var/lib/node_exporter/textfile/optics.prom"), text)
"""

from __future__ import annotations

import os
import tempfile
from typing import TYPE_CHECKING, cast

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from nornir_optics.findings import categories
from nornir_optics.models import Severity

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from nornir_optics.checks.live import Fleet
    from nornir_optics.facts import Transceiver
    from nornir_optics.findings import Finding

LEVELS = ("high_alarm", "high_warning", "low_warning", "low_alarm")
LANE_VALUES = (
    ("rx_power_dbm", "optics_lane_rx_power", "dbm", "Received optical power of a lane"),
    ("tx_power_dbm", "optics_lane_tx_power", "dbm", "Transmitted optical power of a lane"),
    ("tx_bias_ma", "optics_lane_tx_bias", "amperes", "Laser bias current of a lane"),
)
SCALE = {"rx_power_dbm": 1.0, "tx_power_dbm": 1.0, "tx_bias_ma": 0.001}
"""Facts hold bias in mA; Prometheus wants base units (promtool's lint), so amperes."""
MODULE_VALUES = (
    ("temperature_c", "optics_module_temperature", "celsius", "Module temperature"),
    ("voltage_v", "optics_module_voltage", "volts", "Module supply voltage"),
)
INFO_LABELS = ("device", "port", "type", "vendor", "part_number", "serial", "firmware")


class _Run:
    """A prometheus_client collector over one run's facts and findings."""

    def __init__(
        self, fleet: Fleet, findings: Iterable[Finding], at: float, gather_seconds: float | None
    ) -> None:
        self.fleet = fleet
        self.findings = list(findings)
        self.at = at
        self.gather_seconds = gather_seconds

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Every family of the run."""
        modules = [
            (device, port, module)
            for device, facts in sorted(self.fleet.facts.items())
            for port, module in sorted((facts.get("transceivers") or {}).items())
            if module.get("present")
        ]
        yield from self._lanes(modules)
        yield from self._modules(modules)
        yield from self._thresholds(modules)
        yield from self._findings()
        up = GaugeMetricFamily(
            "optics_device_up", "1 when the device could be read", labels=("device",)
        )
        for device in sorted({*self.fleet.facts, *self.fleet.errors}):
            up.add_metric((device,), float(device in self.fleet.facts))
        yield up
        yield GaugeMetricFamily(
            "optics_last_run_timestamp_seconds", "When the run gathered (Unix time)", value=self.at
        )
        if self.gather_seconds is not None:
            yield GaugeMetricFamily(
                "optics_gather_duration_seconds",
                "How long the gather took",
                value=self.gather_seconds,
            )

    def _lanes(self, modules: list[tuple[str, str, Transceiver]]) -> Iterator[GaugeMetricFamily]:
        for key, name, unit, text in LANE_VALUES:
            family = GaugeMetricFamily(
                f"{name}_{unit}", f"{text} ({unit})", labels=("device", "port", "lane")
            )
            for device, port, module in modules:
                for lane in module.get("lanes", []):
                    value = lane.get(key)
                    if lane["state"] != "unused" and isinstance(value, float | int):
                        family.add_metric((device, port, str(lane["lane"])), value * SCALE[key])
            yield family
        dark = GaugeMetricFamily(
            "optics_lane_dark",
            "1 when a used lane receives no light",
            labels=("device", "port", "lane"),
        )
        for device, port, module in modules:
            for lane in module.get("lanes", []):
                if lane["state"] in {"ok", "no_light"}:
                    dark.add_metric(
                        (device, port, str(lane["lane"])), float(lane["state"] == "no_light")
                    )
        yield dark

    def _modules(self, modules: list[tuple[str, str, Transceiver]]) -> Iterator[GaugeMetricFamily]:
        for key, name, unit, text in MODULE_VALUES:
            family = GaugeMetricFamily(
                f"{name}_{unit}", f"{text} ({unit})", labels=("device", "port")
            )
            for device, port, module in modules:
                value = module.get(key)
                if isinstance(value, float | int):
                    family.add_metric((device, port), float(value))
            yield family
        info = GaugeMetricFamily(
            "optics_module_info", "Identity of the module in a port", labels=INFO_LABELS
        )
        for device, port, module in modules:
            info.add_metric(
                (
                    device,
                    port,
                    module.get("media_type", ""),
                    module.get("vendor", ""),
                    module.get("part_number", ""),
                    module.get("serial", ""),
                    module.get("firmware", ""),
                ),
                1.0,
            )
        yield info

    def _thresholds(
        self, modules: list[tuple[str, str, Transceiver]]
    ) -> Iterator[GaugeMetricFamily]:
        for key, name, unit, text in (*LANE_VALUES, *MODULE_VALUES):
            for level in LEVELS:
                family = GaugeMetricFamily(
                    f"{name}_{level}_{unit}",
                    f"{text}: the module's {level.replace('_', ' ')} threshold ({unit})",
                    labels=("device", "port"),
                )
                for device, port, module in modules:
                    levels = cast("dict[str, dict[str, float]]", module.get("thresholds", {}))
                    value = levels.get(key, {}).get(level)
                    if isinstance(value, float | int):
                        family.add_metric((device, port), value * SCALE.get(key, 1.0))
                yield family

    def _findings(self) -> Iterator[GaugeMetricFamily]:
        counts = GaugeMetricFamily(
            "optics_findings",
            "Findings of the run by category and severity",
            labels=("category", "severity"),
        )
        tally: dict[tuple[str, str], int] = {}
        for item in self.findings:
            key = (item.category, item.severity.value)
            tally[key] = tally.get(key, 0) + 1
        for name, spec in categories().items():
            for severity in Severity:
                if (name, severity.value) in tally or severity is spec.severity:
                    counts.add_metric(
                        (name, severity.value), float(tally.get((name, severity.value), 0))
                    )
        yield counts
        per_port = GaugeMetricFamily(
            "optics_finding",
            "1 for each cause finding on a port (for per-port alerts)",
            labels=("device", "port", "category", "severity"),
        )
        seen: set[tuple[str, str, str, str]] = set()
        for item in self.findings:
            where = (item.device, item.port, item.category, item.severity.value)
            if not item.symptom and where not in seen:
                seen.add(where)
                per_port.add_metric(where, 1.0)
        yield per_port
        fade = GaugeMetricFamily(
            "optics_lane_rx_trend_db_per_day",
            "Fitted Rx slope of a fading lane (dom-trend)",
            labels=("device", "port", "lane"),
        )
        for item in self.findings:
            if item.category == "dom-trend":
                for lane in item.details.get("lanes", []):
                    fade.add_metric(
                        (item.device, item.port, str(lane["lane"])), float(lane["rx_db_per_day"])
                    )
        yield fade


def exposition(
    fleet: Fleet, findings: Iterable[Finding], *, at: float, gather_seconds: float | None = None
) -> str:
    """The Prometheus text exposition of one run."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Run(fleet, findings, at, gather_seconds))
    return generate_latest(registry).decode()


def write_textfile(path: Path, text: str) -> None:
    """Write atomically (a temp file in the same folder, then rename), for node_exporter."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)  # noqa: PTH101 - a path string from mkstemp
        os.replace(temporary, path)  # noqa: PTH105
    except BaseException:
        os.unlink(temporary)  # noqa: PTH108
        raise


def series_bound(ports: int, lanes_per_port: int) -> int:
    """The most series one switch can have (a bound, not a count).

    Per used lane 4 (Rx, Tx, bias, dark), per module 2 + 20 thresholds + 1 info, per port at
    most one per-port finding per category, plus the device family.
    """
    per_lane = len(LANE_VALUES) + 1 + 1
    per_module = len(MODULE_VALUES) + len(LEVELS) * (len(LANE_VALUES) + len(MODULE_VALUES)) + 1
    return ports * (lanes_per_port * per_lane + per_module + len(categories())) + 1
