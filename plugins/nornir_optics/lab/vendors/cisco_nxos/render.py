"""NX-OS show output rendered from a simulated switch's state.

Every layout follows a real capture under ``shared/fixtures/real/cisco_nxos/`` (named at each
renderer); where no capture exists the layout is inferred from NX-OS documentation and said so.
"""

from __future__ import annotations

import json
import time
import zlib
from typing import TYPE_CHECKING

from netutils.interface import abbreviated_interface_name

from nornir_optics.catalog import load_catalog, speed_gbps
from nornir_optics.models import Breakout, Fec

if TYPE_CHECKING:
    from collections.abc import Iterator

    from nornir_optics.catalog import Catalog, OpticType
    from nornir_optics.lab.state import (
        ConfigSnapshot,
        DeviceState,
        InterfaceConfig,
        Levels,
        Module,
    )

DASHES = "-" * 80
DOM_RULE = "    " + "-" * 76
NOTE = "    Note: ++  high-alarm; +  high-warning; --  low-alarm; -  low-warning"
# End column (after the indent) of each threshold's number in a DOM row: high alarm, low alarm,
# high warning, low warning (genie_400g_qdd_dr4_per_lane.raw, ntc_10g_dom.raw).
THRESHOLD_ENDS = (34, 46, 58, 72)
FLAG_END = 26
CISCO_PART = {"400GBASE-DR4": "10-3320-01", "400GBASE-FR4": "10-3321-01"}
HOST_CODE = {
    "400GAUI-8": "400GAUI-8 C2M (Annex 120E)",
    "200GAUI-4": "200GAUI-4 C2M (Annex 120E)",
    "100GAUI-2": "100GAUI-2 C2M (Annex 135G)",
    "CAUI-4": "CAUI-4 C2M (Annex 83E)",
}


NXOS_ABBREVIATIONS = {"Ethernet": "Eth", "Management": "mgmt"}
"""Where NX-OS prints other short names than netutils' (``Et1/1``, ``Ma0``): ``Eth1/1`` in
every table of the real captures (genie_status4.raw, ntc_status.raw), ``mgmt0`` for the
management port."""


MBPS_PER_GBPS = 1000


def speed_of_mbps(value: str) -> str | None:
    """The catalogue speed an NX-OS ``speed <Mb/s>`` value names (None: not one)."""
    return next(
        (s for s in load_catalog().speeds if str(speed_gbps(s) * MBPS_PER_GBPS) == value), None
    )


def short(name: str) -> str:
    """``Ethernet1/1/2`` -> ``Eth1/1/2``, as NX-OS tables print interfaces.

    >>> short("Ethernet1/64"), short("mgmt0"), short("port-channel10")
    ('Eth1/64', 'mgmt0', 'Po10')
    """
    return abbreviated_interface_name(name, addl_reverse_map=NXOS_ABBREVIATIONS)


def interfaces_in_order(device: DeviceState) -> list[str]:
    """Current interfaces, in front-panel order with breakout children under their cage."""
    names: list[str] = []
    for cage in device.model.layout.cages:
        names.extend(device.children(cage))
    return names


def module_of(device: DeviceState, interface: str) -> tuple[Module | None, list[int]]:
    """The module behind an interface and the media lanes (1-based) that interface carries."""
    parent = device.parent_of(interface)
    if parent is None:
        return None, []
    cage, leg = parent
    module = device.modules.get(cage)
    if module is None:
        return None, []
    legs = len(device.children(cage))
    share = max(module.media_lanes // legs, 1)
    first = (leg - 1) * share + 1
    lanes = [n for n in range(first, first + share) if n <= module.media_lanes]
    return module, lanes


def transceiver_type(module: Module) -> str:
    """The type NX-OS prints for a module: ``400GBASE-DR4`` in a QSFP-DD -> ``QSFP-DD-400G-DR4``.

    >>> from types import SimpleNamespace
    >>> transceiver_type(SimpleNamespace(optic="400GBASE-FR4", form_factor="QSFP-DD"))
    'QSFP-DD-400G-FR4'
    """
    rate, _, pmd = module.optic.partition("BASE-")
    prefix = "QSFP" if module.form_factor == "QSFP28" else module.form_factor
    return f"{prefix}-{rate}-{pmd}" if pmd else module.optic


def _identifier(form_factor: str) -> str:
    """The SFF-8024 identifier a module of that shell reports, as NX-OS prints it (``0x18``)."""
    shell = load_catalog().form_factors.get(form_factor)
    code = shell.identifier if shell and shell.identifier is not None else 0x18
    return f"0x{code:02x}"


def _cisco_coded(module: Module) -> bool:
    return module.vendor.upper().startswith("CISCO")


def _number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def _identity_lines(module: Module, optic: OpticType | None) -> list[str]:
    """The module's EEPROM lines (genie_400g_qdd_dr4_per_lane.raw, ntc_400g_qdd_fr4.raw)."""
    seed = zlib.crc32(module.serial.encode())
    rate = optic.lane_rate_gbps.value if optic and optic.lane_rate_gbps.value else 106.25
    lines = [
        "    transceiver is present",
        f"    type is {transceiver_type(module)}",
        f"    name is {module.vendor}",
        f"    part number is {module.part_number}",
        f"    revision is {module.revision}",
        f"    serial number is {module.serial}",
        f"    nominal bitrate is {round(rate * module.media_lanes * 1000)} MBit/sec per channel",
        f"    cisco id is {_identifier(module.form_factor)}",
    ]
    if _cisco_coded(module):
        lines += [
            f"    cisco part number is {CISCO_PART.get(module.optic, '10-3320-01')}",
            f"    cisco product id is {module.part_number}",
            "    cisco version id is V01",
        ]
    lines.append(f"    firmware version is {module.firmware}")
    if optic is not None and optic.reach_m.max:
        kind = "SMF" if optic.fiber == "smf" else "OM4" if optic.fiber == "mmf" else "copper"
        lines.append(f"    Link length {kind} is {_number(optic.reach_m.max / 1000)} km")
    wavelength = optic.wavelength_nm if optic else None
    if wavelength is not None and (wavelength.nominal or wavelength.min):
        # A CWDM module (FR4) has no single nominal: NX-OS prints ~1301 nm and 6.5 nm
        # (ntc_400g_qdd_fr4.raw), i.e. about the middle of the band.
        low, high = wavelength.min or 0.0, wavelength.max or 0.0
        nominal = wavelength.nominal or round((low + high) / 2)
        tolerance = high - wavelength.nominal if wavelength.nominal and high else 6.5
        lines += [
            f"    Nominal transmitter wavelength is {nominal:.2f} nm",
            f"    Wavelength tolerance is {tolerance:.3f} nm",
        ]
    host_lanes = int(optic.host_lanes.value or 8) if optic else 8
    thresholds = module.thresholds
    max_power = optic.max_power_w.value if optic and optic.max_power_w else 12.0
    lines += [
        f"    host lane count is {host_lanes}",
        f"    media lane count is {module.media_lanes}",
        f"    max module temperature is {thresholds.temperature_c.high_warning:.0f} deg C",
        f"    min module temperature is {thresholds.temperature_c.low_warning:.0f} deg C",
        f"    min operational voltage is {thresholds.voltage_v.low_warning:.2f} V",
        f"    vendor OUI is {'447c7f' if 'INNOLIGHT' in module.vendor.upper() else '000000'}",
        f"    date code is {20 + seed % 5:02d}{1 + seed % 12:02d}{1 + seed % 28:02d}",
    ]
    if _cisco_coded(module):
        lines.append("    clei code is CMUIAUPCAA")
    lines += [
        f"    power class is 6 ({max_power:.1f} W maximum)",
        f"    max power is {max_power:.2f} W",
        "    near-end lanes used none",
        f"    far-end lane code for {host_lanes} lanes Undefined",
        f"    media interface is {_media_interface(optic)}",
        f"    Advertising code is Optical Interfaces: {'SMF' if _smf(optic) else 'MMF'}",
        f"    Host electrical interface code is {_host_code(optic)}",
        f"    media interface advertising code is {_advertised(module.optic)}",
    ]
    return lines


def _smf(optic: OpticType | None) -> bool:
    return optic is None or optic.fiber == "smf"


def _media_interface(optic: OpticType | None) -> str:
    if optic is None or optic.fiber == "smf":
        return "1310 nm EML"
    return "850 nm VCSEL" if optic.fiber == "mmf" else "copper cable unequalized"


def _host_code(optic: OpticType | None) -> str:
    if optic is None:
        return "Undefined"
    return HOST_CODE.get(optic.host_interface, optic.host_interface)


def _advertised(optic: str) -> str:
    # The DR4 capture reads "400GBASE-DR4 (Cl 124)"; FR4 reads "400G-FR4" (ntc_400g_qdd_fr4.raw).
    return f"{optic} (Cl 124)" if optic == "400GBASE-DR4" else optic.replace("GBASE-", "G-")


def _flag(value: float | None, levels: Levels) -> str:
    if value is None:
        return ""
    if value > levels.high_alarm:
        return "++"
    if value > levels.high_warning:
        return "+"
    if value < levels.low_alarm:
        return "--"
    if value < levels.low_warning:
        return "-"
    return ""


def dom_row(label: str, value: float | None, unit: str, levels: Levels) -> str:
    """One row of a DOM table, in NX-OS's fixed columns (genie_400g_qdd_dr4_per_lane.raw).

    >>> from nornir_optics.lab.state import Levels
    >>> dom_row("Rx Power", None, "dBm", Levels(6.99, 3.99, -5.9, -9.91))
    '    Rx Power          N/A         6.99 dBm   -9.91 dBm    3.99 dBm     -5.90 dBm'
    """
    if value is not None and round(value, 2) == 0:
        value = 0.0  # no "-0.00"
    row = f"{label:<11}" + (f"{value:8.2f} {unit}" if value is not None else f"{'N/A':>10}")
    flag = _flag(value, levels)
    if flag:
        row = row.ljust(FLAG_END - len(flag)) + flag
    order = (levels.high_alarm, levels.low_alarm, levels.high_warning, levels.low_warning)
    for end, threshold in zip(THRESHOLD_ENDS, order, strict=True):
        number = f"{threshold:.2f}"
        row = row.ljust(end - len(number)) + f"{number} {unit}"
    return "    " + row


def _lane_block(module: Module, lane: int) -> list[str]:
    """One ``Lane Number:N Network Lane`` block (genie_400g_qdd_dr4_per_lane.raw)."""
    reading = module.lane(lane)
    limits = module.thresholds
    return [
        f"Lane Number:{lane} Network Lane",
        DOM_RULE,
        "                Current              Alarms                  Warnings",
        "                Measurement     High        Low         High          Low",
        DOM_RULE,
        dom_row("Temperature", module.temperature_c, "C", limits.temperature_c),
        dom_row("Voltage", module.voltage_v, "V", limits.voltage_v),
        dom_row("Current", reading.tx_bias_ma, "mA", limits.tx_bias_ma),
        dom_row("Tx Power", reading.tx_power_dbm, "dBm", limits.tx_power_dbm),
        dom_row("Rx Power", reading.rx_power_dbm, "dBm", limits.rx_power_dbm),
        "    Transmit Fault Count = 0",
        DOM_RULE,
        NOTE,
    ]


def transceiver(device: DeviceState, catalog: Catalog, names: list[str], *, details: bool) -> str:
    """``show interface transceiver [details]``: one block per interface, blank-line separated.

    Breakout children each show the cage's module; with ``details`` a child shows only the media
    lanes it carries (inferred: no capture of a broken-out QSFP-DD was found).
    """
    blocks: list[str] = []
    for name in names:
        module, lanes = module_of(device, name)
        if module is None:
            blocks.append(f"{name}\n    transceiver is not present\n")
            continue
        lines = [name, *_identity_lines(module, catalog.optic(module.optic))]
        if details:
            for lane in lanes:
                lines += ["", *_lane_block(module, lane)]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def transceiver_json(device: DeviceState, names: list[str]) -> str:
    """``show interface transceiver | json`` (keys as NX-API's TABLE_interface/ROW_interface)."""
    rows: list[dict[str, object]] = []
    for name in names:
        module, _ = module_of(device, name)
        if module is None:
            rows.append({"interface": name, "sfp": "not present"})
            continue
        rows.append(
            {
                "interface": name,
                "sfp": "present",
                "type": transceiver_type(module),
                "name": module.vendor,
                "partnum": module.part_number,
                "rev": module.revision,
                "serialnum": module.serial,
            }
        )
    return json.dumps({"TABLE_interface": {"ROW_interface": rows}}) + "\n"


def _status_of(device: DeviceState, name: str) -> tuple[str, bool]:
    config = device.interfaces[name]
    oper = device.oper.get(name)
    module, _ = module_of(device, name)
    if not config.admin_up:
        return "disabled", False
    if module is None:
        return "xcvrAbsen", False
    if oper is not None and oper.up:
        return "connected", True
    return "notconnec", False


def _speed_text(config: InterfaceConfig, up: bool, module: Module | None) -> str:
    if config.speed:
        return config.speed
    if up and module is not None:
        return module.optic.split("BASE", 1)[0]
    return "auto"


def status(device: DeviceState, names: list[str], *, with_mgmt: bool) -> str:
    """``show interface status`` (genie_100g_sr1_2.raw: untruncated Type; ntc_status.raw)."""
    lines = [
        "",
        DASHES,
        "Port          Name               Status    Vlan      Duplex  Speed   Type",
    ]
    lines.append(DASHES)
    if with_mgmt:
        lines.append(f"{'mgmt0':<14}{'--':<19}{'connected':<10}{'routed':<10}full    1000    --")
    for name in names:
        config = device.interfaces[name]
        state, up = _status_of(device, name)
        module, _ = module_of(device, name)
        kind = transceiver_type(module) if module else "--"
        description = (config.description or "--")[:18]
        speed = _speed_text(config, up, module)
        duplex = "full" if up else "auto"
        lines.append(
            f"{short(name):<14}{description:<19}{state:<10}{'routed':<10}"
            f"{duplex:<8}{speed:<8}{kind}"
        )
    return "\n".join(lines) + "\n"


def status_json(device: DeviceState, names: list[str]) -> str:
    """``show interface status | json``."""
    rows = []
    for name in names:
        config = device.interfaces[name]
        state, up = _status_of(device, name)
        module, _ = module_of(device, name)
        rows.append(
            {
                "interface": name,
                "name": config.description,
                "state": state,
                "vlan": "routed",
                "duplex": "full" if up else "auto",
                "speed": _speed_text(config, up, module),
                "type": transceiver_type(module) if module else "--",
            }
        )
    return json.dumps({"TABLE_interface": {"ROW_interface": rows}}) + "\n"


def breakout(device: DeviceState, catalog: Catalog) -> str:
    """``show interface breakout`` (ntc_10g_4x.raw): broken-out cages only."""
    keywords = catalog.platforms[device.platform].breakout
    lines = ["", DASHES, "Parent                     Breakout Map    Breakout Ports", DASHES]
    for cage, mode in device.breakouts.items():
        if mode is Breakout.NONE:
            continue
        keyword = keywords[mode].keyword if mode in keywords else mode.value
        children = device.children(cage)
        ports = f"{short(cage)}/1-{len(children)}"
        lines.append(f"{short(cage):<27}{keyword or mode.value:<16}{ports}")
    return "\n".join(lines) + "\n"


def _model_words(device: DeviceState) -> str:
    return device.model.name.removeprefix("N9K-")


def inventory_rows(device: DeviceState) -> Iterator[tuple[str, str, str, str, str]]:
    """(name, description, PID, VID, SN) rows of ``show inventory``, chassis first."""
    chassis = f"Nexus9000 {_model_words(device)} Chassis"
    yield ('"Chassis"', chassis, device.model.name, "V01", device.serial)
    yield ('"Slot 1"', "64x400G QSFP-DD Ethernet Module", device.model.name, "V01", device.serial)
    for n in (1, 2):
        serial = f"ART{zlib.crc32(f'{device.serial}:psu{n}'.encode()) % 10**8:08d}"
        yield (f'"Power Supply {n}"', f"{chassis} Power Supply", "NXA-PAC-2KW-PI", "V01", serial)
    for n in range(1, 7):
        yield (f'"Fan {n}"', f"{chassis} Fan Module", "NXA-FAN-160CFM-PI", "V01", "N/A")
    for cage in device.model.layout.cages:
        module = device.modules.get(cage)
        if module is None:
            continue
        if _cisco_coded(module):
            yield (cage, module.vendor, module.part_number, "V01", module.serial)
        else:
            yield (cage, module.vendor, "", module.part_number, module.serial)


def inventory(device: DeviceState) -> str:
    """``show inventory`` (ntc_inventory2.raw; a third-party optic has a blank PID)."""
    blocks = []
    for name, descr, pid, vid, serial in inventory_rows(device):
        head = f"NAME: {name},  DESCR: "
        head += f'"{descr}"' if name.startswith('"') else descr
        blocks.append(f"{head}\nPID: {pid:<20},  VID: {vid:<4},  SN: {serial}\n")
    return "\n".join(blocks)


def inventory_json(device: DeviceState) -> str:
    """``show inventory | json`` (NX-API keys; napalm nxos_ssh reads ``serialnum`` of Chassis)."""
    rows = [
        {"name": name, "desc": descr, "productid": pid, "vendorid": vid, "serialnum": serial}
        for name, descr, pid, vid, serial in inventory_rows(device)
    ]
    return json.dumps({"TABLE_inv": {"ROW_inv": rows}}) + "\n"


def _uptime(device: DeviceState) -> tuple[int, int, int, int]:
    seconds = max(int(time.time() - device.boot_time), 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    return days, hours, minutes, seconds


def _image(version: str) -> str:
    return "nxos64-cs." + version.replace("(", ".").replace(")", ".") + "M.bin"


def version(device: DeviceState) -> str:
    """``show version`` (layout of NX-OS 10.x as napalm nxos_ssh parses it; inferred)."""
    days, hours, minutes, seconds = _uptime(device)
    model = _model_words(device)
    return "\n".join(
        [
            "Cisco Nexus Operating System (NX-OS) Software",
            "TAC support: http://www.cisco.com/tac",
            "Documents: http://www.cisco.com/en/US/products/ps9372/tsd_products_support_series_home.html",
            "Copyright (c) 2002-2023, Cisco Systems, Inc. All rights reserved.",
            "The copyrights to certain works contained herein are owned by",
            "other third parties and are used and distributed under license.",
            "Some parts of this software are covered under the GNU Public",
            "License. A copy of the license is available at",
            "http://www.gnu.org/licenses/gpl.html.",
            "",
            "Software",
            "  BIOS: version 01.08",
            f"  NXOS: version {device.version}",
            "  BIOS compile time:  08/10/2022",
            f"  NXOS image file is: bootflash:///{_image(device.version)}",
            "  NXOS compile time:  9/26/2023 7:00:00 [09/26/2023 15:23:55]",
            "",
            "",
            "Hardware",
            f"  cisco Nexus9000 {model} Chassis ",
            "  Intel(R) Xeon(R) CPU D-1633N @ 2.50GHz with 32718124 kB of memory.",
            f"  Processor Board ID {device.serial}",
            "",
            f"  Device name: {device.hostname}",
            "  bootflash: 115343360 kB",
            "",
            (
                f"Kernel uptime is {days} day(s), {hours} hour(s), {minutes} minute(s), "
                f"{seconds} second(s)"
            ),
            "",
            "Last reset at 160310 usecs after " + _stamp(device.boot_time),
            "",
            "  Reason: Reset Requested by CLI command reload",
            f"  System version: {device.version}",
            "  Service: ",
            "",
            "plugin",
            "  Core Plugin, Ethernet Plugin",
            "",
            "Active Package(s):",
            "",
        ]
    )


def version_json(device: DeviceState) -> str:
    """``show version | json`` (NX-API key names)."""
    days, hours, minutes, seconds = _uptime(device)
    data = {
        "header_str": "Cisco Nexus Operating System (NX-OS) Software",
        "bios_ver_str": "01.08",
        "kickstart_ver_str": device.version,
        "nxos_ver_str": device.version,
        "bios_cmpl_time": "08/10/2022",
        "kick_file_name": f"bootflash:///{_image(device.version)}",
        "nxos_file_name": f"bootflash:///{_image(device.version)}",
        "chassis_id": f"Nexus9000 {_model_words(device)} Chassis",
        "cpu_name": "Intel(R) Xeon(R) CPU D-1633N @ 2.50GHz",
        "memory": 32718124,
        "mem_type": "kB",
        "proc_board_id": device.serial,
        "host_name": device.hostname,
        "bootflash_size": 115343360,
        "kern_uptm_days": days,
        "kern_uptm_hrs": hours,
        "kern_uptm_mins": minutes,
        "kern_uptm_secs": seconds,
        "rr_usecs": 160310,
        "rr_ctime": _stamp(device.boot_time),
        "rr_reason": "Reset Requested by CLI command reload",
        "rr_sys_ver": device.version,
        "rr_service": "",
        "plugins": "Core Plugin, Ethernet Plugin",
        "manufacturer": "Cisco Systems, Inc.",
    }
    return json.dumps(data) + "\n"


def flapped_ago(device: DeviceState, name: str) -> str:
    """``Last link flapped`` as NX-OS prints it.

    ``HH:MM:SS`` within a day, ``1d02h`` within a week, else ``7week(s) 1day(s)``.
    """
    seconds = max(int(time.time() - device.last_change(name)), 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days >= 7:
        return f"{days // 7}week(s) {days % 7}day(s)"
    if days:
        return f"{days}d{hours:02d}h"
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def _stamp(when: float) -> str:
    return time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(when)).replace(" 0", "  ", 1)


def fec_line(catalog: Catalog, fec: Fec | None) -> str | None:
    """The interface line for a FEC setting, from the platform catalogue (None: default)."""
    if fec is None:
        return None
    keyword = catalog.platforms["cisco_nxos"].fec.get(fec)
    return keyword.keyword if keyword is not None else None


def _interface_lines(catalog: Catalog, config: InterfaceConfig) -> list[str]:
    lines = [f"interface {config.name}"]
    if config.description:
        lines.append(f"  description {config.description}")
    if config.speed:
        lines.append(f"  speed {speed_gbps(config.speed) * MBPS_PER_GBPS}")
    fec = fec_line(catalog, config.fec)
    if fec:
        lines.append(f"  {fec}")
    if not config.admin_up:
        lines.append("  shutdown")  # "no shutdown" is the default (L2 ports), so never shown
    return lines


def _breakout_lines(catalog: Catalog, breakouts: dict[str, Breakout]) -> list[str]:
    """``interface breakout module <m> port <list> map <kw>``: a line per module and mode."""
    keywords = catalog.platforms["cisco_nxos"].breakout
    by_mode: dict[tuple[int, Breakout], list[int]] = {}
    for cage, mode in breakouts.items():
        if mode is not Breakout.NONE:
            slot, port = cage.removeprefix("Ethernet").split("/")[:2]
            by_mode.setdefault((int(slot), mode), []).append(int(port))
    lines = []
    for (module, mode), ports in by_mode.items():
        keyword = keywords[mode].keyword if mode in keywords else None
        lines.append(
            f"interface breakout module {module} port {compress(sorted(ports))} "
            f"map {keyword or mode}"
        )
    return lines


def compress(numbers: list[int]) -> str:
    """``[1, 2, 3, 7]`` -> ``1-3,7``.

    >>> compress([1, 2, 3, 7, 9, 10])
    '1-3,7,9-10'
    """
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ",".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def running_config(
    device: DeviceState,
    catalog: Catalog,
    config: ConfigSnapshot,
    *,
    only: str | None = None,
) -> str:
    """``show running-config [interface X]`` from a config (running, startup or a checkpoint).

    The ``!Time:`` stamps are the boot time, not the wall clock, so the text is a pure function
    of the config and a rollback gives it back byte for byte (a real switch prints the time).
    """
    stamp = _stamp(device.boot_time)
    breakouts, interfaces = config.breakouts, config.interfaces
    command = "show running-config" + (f" interface {only}" if only else "")
    lines = [
        "",
        f"!Command: {command}",
        f"!Running configuration last done at: {stamp}",
        f"!Time: {stamp}",
        "",
        f"version {device.version} Bios:version 01.08 ",
    ]
    order: list[str] = []
    for cage in device.model.layout.cages:
        mode = breakouts.get(cage, Breakout.NONE)
        order.extend(device.children(cage, mode))
    if only is None:
        lines += [
            f"hostname {config.hostname}",
            "",
            "feature lldp",
            "",
            "no password strength-check",
            "username admin password 5 ! role network-admin",
            "",
            "vrf context management",
            "",
            *_breakout_lines(catalog, breakouts),
        ]
        for name in order:
            if name in interfaces:
                lines += ["", *_interface_lines(catalog, interfaces[name])]
        lines += [
            "",
            "interface mgmt0",
            "  vrf member management",
            "line console",
            "line vty",
            f"boot nxos bootflash:/{_image(device.version)}",
        ]
    else:
        lines += ["", *_interface_lines(catalog, interfaces[only])]
    return "\n".join(lines) + "\n\n"


def _mac(device: DeviceState, index: int) -> str:
    digits = device.mac.replace(":", "")
    value = (int(digits, 16) + index) % (1 << 48)
    text = f"{value:012x}"
    return f"{text[0:4]}.{text[4:8]}.{text[8:12]}"


def _down_reason(device: DeviceState, name: str) -> str:
    state, _ = _status_of(device, name)
    if state == "disabled":
        return "Administratively down"
    if state == "xcvrAbsen":
        return "XCVR not inserted"
    return "Link not connected"


def is_up(device: DeviceState, name: str) -> bool:
    """Whether an interface's link is up."""
    return _status_of(device, name)[1]


def down_reason(device: DeviceState, name: str) -> str:
    """Why ``show interface`` says an interface is down."""
    return _down_reason(device, name)


def bandwidth_mbps(device: DeviceState, name: str) -> int:
    """The bandwidth ``show interface`` gives an interface (BW), in Mb/s."""
    config = device.interfaces[name]
    _, up = _status_of(device, name)
    module, _ = module_of(device, name)
    speed = _speed_text(config, up, module)
    return speed_gbps(speed) * MBPS_PER_GBPS if speed in load_catalog().speeds else 400_000


def interface_mac(device: DeviceState, name: str) -> str:
    """The burnt-in address of an interface (mgmt0 has the device's own)."""
    every = interfaces_in_order(device)
    if name == "mgmt0":
        return _mac(device, 0)
    return _mac(device, every.index(name) + 1 if name in every else 1)


def fec_mode(config: InterfaceConfig) -> str:
    """How ``show interface`` names the configured FEC (inferred wording)."""
    names = {Fec.RS528: "Rs-fec", Fec.FC: "Fc-fec", Fec.NONE: "off"}
    return names.get(config.fec, "Auto") if config.fec is not None else "Auto"


def interface_detail(device: DeviceState, names: list[str], *, with_mgmt: bool) -> str:
    """``show interface [X]``: the lines napalm nxos_ssh get_interfaces parses (NX-OS 9.x+)."""
    blocks: list[str] = []
    if with_mgmt:
        mac = _mac(device, 0)
        blocks.append(
            "\n".join(
                [
                    "mgmt0 is up",
                    "admin state is up,",
                    f"  Hardware: GigabitEthernet, address: {mac} (bia {mac})",
                    "  MTU 1500 bytes, BW 1000000 Kbit , DLY 10 usec",
                    "  reliability 255/255, txload 1/255, rxload 1/255",
                    "  Encapsulation ARPA, medium is broadcast",
                    "  full-duplex, 1000 Mb/s",
                    "",
                ]
            )
        )
    for name in names:
        config = device.interfaces[name]
        _, up = _status_of(device, name)
        module, _ = module_of(device, name)
        speed = _speed_text(config, up, module)
        mbps = bandwidth_mbps(device, name)
        mac = interface_mac(device, name)
        head = f"{name} is up" if up else f"{name} is down ({_down_reason(device, name)})"
        lines = [
            head,
            f"admin state is {'up' if config.admin_up else 'down'}, Dedicated Interface",
            f"  Hardware: 100000/400000 Ethernet, address: {mac} (bia {mac})",
        ]
        if config.description:
            lines.append(f"  Description: {config.description}")
        lines += [
            f"  MTU 1500 bytes, BW {mbps * 1000} Kbit , DLY 10 usec",
            "  reliability 255/255, txload 1/255, rxload 1/255",
            "  Encapsulation ARPA, medium is broadcast",
            "  Port mode is routed",
            f"  {'full' if up else 'auto'}-duplex, {mbps // 1000} Gb/s, media type is {speed}",
            "  Beacon is turned off",
            f"  Auto-Negotiation is turned on  FEC mode is {fec_mode(config)}",
            "  Input flow-control is off, output flow-control is off",
            "  Auto-mdix is turned off",
            "  Rate mode is dedicated",
            "  Switchport monitor is off",
            "  EtherType is 0x8100",
            "  EEE (efficient-ethernet) : n/a",
            f"  Last link flapped {flapped_ago(device, name)}",
            '  Last clearing of "show interface" counters never',
            f"  {device.flaps.get(name, 0)} interface resets",
            "",
        ]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def lldp_neighbors(device: DeviceState) -> str:
    """``show lldp neighbors`` (NX-OS layout; the ntc-templates cisco_nxos template parses it)."""
    lines = [
        "Capability codes:",
        "  (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device",
        "  (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other",
        "Device ID            Local Intf      Hold-time  Capability  Port ID  ",
    ]
    order = interfaces_in_order(device)
    for name in sorted(device.lldp, key=lambda n: order.index(n) if n in order else 0):
        neighbor = device.lldp[name]
        lines.append(f"{neighbor.system:<21}{short(name):<16}{'120':<11}{'BR':<12}{neighbor.port}")
    lines += ["", f"Total entries displayed: {len(device.lldp)}"]
    return "\n".join(lines) + "\n"


def lldp_detail(device: DeviceState, peers: dict[str, DeviceState]) -> str:
    """``show lldp neighbors detail`` (NX-OS field names)."""
    blocks = [
        (
            "Capability codes:\n"
            "  (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device\n"
            "  (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other\n"
            "Device ID            Local Intf      Hold-time  Capability  Port ID  \n"
        )
    ]
    for name in interfaces_in_order(device):
        neighbor = device.lldp.get(name)
        if neighbor is None:
            continue
        peer = next((p for p in peers.values() if p.hostname == neighbor.system), None)
        chassis = _mac(peer, 0) if peer else "0000.0000.0000"
        blocks.append(
            "\n".join(
                [
                    f"Chassis id: {chassis}",
                    f"Port id: {neighbor.port}",
                    f"Local Port id: {short(name)}",
                    f"Port Description: {neighbor.port}",
                    f"System Name: {neighbor.system}",
                    "System Description: "
                    + (f"{peer.platform} {peer.version}" if peer else "not advertised"),
                    "Time remaining: 105 seconds",
                    "System Capabilities: B, R",
                    "Enabled Capabilities: B, R",
                    "Management Address: not advertised",
                    "Vlan ID: not advertised",
                    "",
                ]
            )
        )
    blocks.append(f"\nTotal entries displayed: {len(device.lldp)}\n")
    return "\n".join(blocks)


def capabilities(device: DeviceState, names: list[str]) -> str:
    """``show interface capabilities`` (ntc_caps.raw field names; values for a 400G port)."""
    blocks = []
    for name in names:
        module, _ = module_of(device, name)
        kind = transceiver_type(module) if module else "--"
        parent = device.parent_of(name)
        legs = len(device.children(parent[0])) if parent else 1
        speeds = "100000,auto" if legs > 1 else "100000,400000,auto"
        blocks.append(
            "\n".join(
                [
                    name,
                    f"  Model:                 {device.model.name}",
                    f"  Type (SFP capable):    {kind}",
                    f"  Speed:                 {speeds}",
                    "  Duplex:                full",
                    "  Trunk encap. type:     802.1Q",
                    "  FabricPath capable:    no",
                    "  Channel:               yes",
                    "  Broadcast suppression: percentage(0-100)",
                    "  Flowcontrol:           rx-(off/on/desired),tx-(off/on/desired)",
                    "  Rate mode:             dedicated",
                    "  Port mode:             Routed,Switched",
                    "  QOS scheduling:        rx-(none),tx-(8q)",
                    "  CoS rewrite:           yes",
                    "  ToS rewrite:           yes",
                    "  SPAN:                  yes",
                    "  UDLD:                  yes",
                    "  Link Debounce:         yes",
                    "  Link Debounce Time:    yes",
                    "  MDIX:                  no",
                    "  Pvlan Trunk capable:   yes",
                    "  TDR capable:           no",
                    "  FEX Fabric:            no",
                    "  dot1Q-tunnel mode:     yes",
                    "",
                ]
            )
        )
    return "\n".join(blocks)
