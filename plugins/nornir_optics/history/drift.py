"""What changed between two recorded runs. Pure: two snapshots in, a list of changes out.

Kinds: ``module-inserted``, ``module-removed``, ``module-swapped`` (same port, other serial),
``module-moved`` (a serial now at another port or device; the removal and insertion it
explains are not repeated), ``module-changed`` (same serial, other type, part number or
firmware), ``finding-appeared``, ``finding-cleared``, ``oper-changed`` and ``lane-rx`` (a
lane's Rx moved by more than ``policy.drift.rx_db``, or went dark or came back; not reported
on a port whose module changed, since the new module explains it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from nornir_optics.names import natural_key

if TYPE_CHECKING:
    from nornir_optics.facts import Transceiver
    from nornir_optics.history.store import Snapshot

Scalar = str | float | int | None
IDENTITY_CHANGES = ("media_type", "part_number", "firmware")


@dataclass(frozen=True)
class Change:
    """One difference between two runs, on a device, port and (for lanes) lane."""

    kind: str
    device: str
    port: str
    lane: int | None
    before: Scalar
    after: Scalar
    message: str

    def to_dict(self) -> dict[str, Scalar]:
        """As JSON."""
        return asdict(self)

    def sort_key(self) -> tuple[object, ...]:
        """Device, port in natural order, lane, kind."""
        return (self.device, natural_key(self.port), self.lane or 0, self.kind)


def _modules(snapshot: Snapshot) -> dict[tuple[str, str], Transceiver]:
    return {
        (device, port): module
        for device, facts in snapshot.fleet.facts.items()
        for port, module in (facts.get("transceivers") or {}).items()
        if module.get("present")
    }


def drift(before: Snapshot, after: Snapshot, *, rx_db: float) -> list[Change]:
    """Every change from ``before`` to ``after``, sorted by device, port, lane."""
    changes: list[Change] = []
    old, new = _modules(before), _modules(after)
    changed_ports = _module_changes(old, new, changes)
    _findings(before, after, changes)
    _oper(before, after, changes)
    for key in sorted(old.keys() & new.keys()):
        if key not in changed_ports:
            _lanes(key, old[key], new[key], rx_db, changes)
    return sorted(changes, key=Change.sort_key)


def _serial(module: Transceiver | None) -> str | None:
    return module.get("serial") if module else None


def _module_changes(
    old: dict[tuple[str, str], Transceiver],
    new: dict[tuple[str, str], Transceiver],
    changes: list[Change],
) -> set[tuple[str, str]]:
    """Inserted, removed, swapped, moved and changed modules; the ports they touch."""
    where_old = {_serial(m): key for key, m in old.items() if _serial(m)}
    where_new = {_serial(m): key for key, m in new.items() if _serial(m)}
    moved = {
        serial: (where_old[serial], place)
        for serial, place in where_new.items()
        if serial in where_old and where_old[serial] != place
    }
    for serial, (source, target) in sorted(moved.items(), key=lambda item: str(item[0])):
        changes.append(
            Change(
                "module-moved",
                target[0],
                target[1],
                None,
                f"{source[0]}:{source[1]}",
                f"{target[0]}:{target[1]}",
                f"module {serial} moved from {source[0]}:{source[1]} to {target[0]}:{target[1]}",
            )
        )
    gone = {source for source, _ in moved.values()}
    arrived = {target for _, target in moved.values()}
    touched: set[tuple[str, str]] = gone | arrived
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key), new.get(key)
        device, port = key
        was_serial, now_serial = _serial(was), _serial(now)
        left_explained = was is None or was_serial in moved
        came_explained = now is None or now_serial in moved
        if left_explained and came_explained:
            continue
        touched.add(key)
        if was is None and now is not None:
            changes.append(
                Change(
                    "module-inserted",
                    device,
                    port,
                    None,
                    None,
                    now_serial,
                    f"{device}:{port}: a {now.get('media_type', 'module')} inserted "
                    f"(serial {now_serial})",
                )
            )
        elif now is None and was is not None:
            changes.append(
                Change(
                    "module-removed",
                    device,
                    port,
                    None,
                    was_serial,
                    None,
                    f"{device}:{port}: module removed (serial {was_serial})",
                )
            )
        elif was is not None and now is not None and was_serial != now_serial:
            changes.append(
                Change(
                    "module-swapped",
                    device,
                    port,
                    None,
                    was_serial,
                    now_serial,
                    f"{device}:{port}: module swapped, serial {was_serial} -> {now_serial}",
                )
            )
        else:
            touched.discard(key)
            for field in IDENTITY_CHANGES:
                a = was.get(field) if was else None
                b = now.get(field) if now else None
                if a != b:
                    touched.add(key)
                    changes.append(
                        Change(
                            "module-changed",
                            device,
                            port,
                            None,
                            a,  # type: ignore[arg-type]
                            b,  # type: ignore[arg-type]
                            f"{device}:{port}: {field.replace('_', ' ')} {a} -> {b} "
                            f"(serial {now_serial})",
                        )
                    )
    return touched


def _findings(before: Snapshot, after: Snapshot, changes: list[Change]) -> None:
    def keyed(snapshot: Snapshot) -> dict[tuple[str, str, str], str]:
        return {
            (f.device, f.port, f.category): f.message for f in snapshot.findings if not f.symptom
        }

    old, new = keyed(before), keyed(after)
    for key in sorted(old.keys() ^ new.keys()):
        device, port, category = key
        appeared = key in new
        changes.append(
            Change(
                "finding-appeared" if appeared else "finding-cleared",
                device,
                port,
                None,
                None if appeared else category,
                category if appeared else None,
                f"{category} {'appeared' if appeared else 'cleared'}: "
                f"{new[key] if appeared else old[key]}",
            )
        )


def _oper(before: Snapshot, after: Snapshot, changes: list[Change]) -> None:
    for device in sorted(before.fleet.facts.keys() & after.fleet.facts.keys()):
        old = before.fleet.facts[device].get("ports") or {}
        new = after.fleet.facts[device].get("ports") or {}
        for name in sorted(old.keys() & new.keys(), key=natural_key):
            a, b = old[name].get("oper"), new[name].get("oper")
            if a and b and a != b:
                changes.append(
                    Change("oper-changed", device, name, None, a, b, f"{device}:{name} {a} -> {b}")
                )


def _lanes(
    key: tuple[str, str],
    was: Transceiver,
    now: Transceiver,
    rx_db: float,
    changes: list[Change],
) -> None:
    device, port = key
    old = {lane["lane"]: lane for lane in was.get("lanes", [])}
    for lane in now.get("lanes", []):
        previous = old.get(lane["lane"])
        if previous is None or "unused" in {lane["state"], previous["state"]}:
            continue
        a, b = previous.get("rx_power_dbm"), lane.get("rx_power_dbm")
        if a is None and b is None:
            continue
        if a is not None and b is not None and abs(b - a) <= rx_db:
            continue
        text = (
            f"Rx {a:.2f} -> {b:.2f} dBm ({b - a:+.2f} dB)"
            if a is not None and b is not None
            else f"Rx {'no light' if a is None else f'{a:.2f} dBm'} -> "
            f"{'no light' if b is None else f'{b:.2f} dBm'}"
        )
        changes.append(
            Change(
                "lane-rx",
                device,
                port,
                lane["lane"],
                a,
                b,
                f"{device}:{port} lane {lane['lane']}: {text}",
            )
        )
