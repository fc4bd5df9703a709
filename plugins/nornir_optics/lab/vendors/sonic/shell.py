"""The Linux side of a SONiC switch: the basic commands clients run on connect.

``ls``, ``cat``, ``echo``, ``pwd``, ``cd``, ``uname``, ``id``, ``uptime``, ``ip addr|link|route``
(``-br`` too), ``docker ps`` and ``docker exec <container> <command>`` over a small read-only file
system: ``/etc/sonic`` (``config_db.json`` as saved, ``sonic_version.yml``,
``sonic-environment``), ``/etc/hostname``, ``/etc/os-release`` (Debian 12, SONiC 202311's base).
Layouts are those of iproute2, coreutils and the Docker CLI as Debian 12 prints them; the kernel
netdevs are the front-panel ports (``Ethernet<n>``, up with the link), ``eth0`` (management,
the documentation address the lab gives every device), ``lo`` and ``docker0``.
"""

from __future__ import annotations

import copy
import json
import time
from typing import TYPE_CHECKING, ClassVar

from nornir_optics.lab.personality import CommandError
from nornir_optics.lab.vendors.sonic import render
from nornir_optics.lab.vendors.sonic.cli import ROOT, SonicPersonality

if TYPE_CHECKING:
    from nornir_optics.lab.personality import Session
    from nornir_optics.lab.state import DeviceState

KERNEL = "6.1.0-11-2-amd64"
KERNEL_BUILD = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.38-4 (2023-08-08)"
MGMT_NET = "192.0.2"
GATEWAY = f"{MGMT_NET}.254"
DOCKER_NET = "240.127.1"
CONTAINERS = (
    ("3f1e2d4c5b6a", "docker-database", "/usr/local/bin/docker-database-init.sh", "database"),
    ("8a7b6c5d4e3f", "docker-orchagent", "/usr/bin/docker-init.sh", "swss"),
    ("1b2c3d4e5f6a", "docker-syncd-mlnx", "/usr/local/bin/supervisord", "syncd"),
    ("9c8d7e6f5a4b", "docker-platform-monitor", "/usr/bin/docker_init.sh", "pmon"),
    ("2d3e4f5a6b7c", "docker-lldp", "/usr/bin/docker-lldp-init.sh", "lldp"),
    ("7e6f5a4b3c2d", "docker-teamd", "/usr/local/bin/supervisord", "teamd"),
    ("4f5a6b7c8d9e", "docker-fpm-frr", "/usr/bin/docker_init.sh", "bgp"),
    ("5a6b7c8d9e0f", "docker-snmp", "/usr/local/bin/supervisord", "snmp"),
)
"""(id, image, command, name) of the containers a SONiC 202311 switch runs."""
OS_RELEASE = (
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'
    'NAME="Debian GNU/Linux"\n'
    'VERSION_ID="12"\n'
    'VERSION="12 (bookworm)"\n'
    "VERSION_CODENAME=bookworm\n"
    "ID=debian\n"
    'HOME_URL="https://www.debian.org/"\n'
    'SUPPORT_URL="https://www.debian.org/support"\n'
    'BUG_REPORT_URL="https://bugs.debian.org/"\n'
)
UNAME_FLAGS = {"s": 0, "n": 1, "r": 2, "v": 3, "m": 4, "o": 5}


def management_ip(index: int) -> str:
    """eth0's address for the device at ``index`` in lab order (documentation range)."""
    return f"{MGMT_NET}.{10 + index}"


def version_yml(state: DeviceState) -> str:
    """``/etc/sonic/sonic_version.yml``."""
    build = state.version.removeprefix("SONiC.")
    return (
        f"build_version: '{state.version}'\n"
        "debian_version: '12.5'\n"
        f"kernel_version: '{KERNEL}'\n"
        "asic_type: mellanox\n"
        "asic_subtype: 'mellanox'\n"
        "commit_id: '5f6c5e1c9'\n"
        f"branch: '{build.split('.', 1)[0]}'\n"
        f"release: '{build.split('.', 1)[0]}'\n"
        "build_date: Fri Mar 15 04:37:06 UTC 2024\n"
        "build_number: 1\n"
        "built_by: sonicbld@jenkins-agent-6\n"
        "libswsscommon: 1.0.0\n"
        "sonic_utilities: 1.2\n"
    )


def environment_file() -> str:
    """``/etc/sonic/sonic-environment``."""
    return (
        f"PLATFORM={render.PLATFORM_STRING}\n"
        f"HWSKU={render.HWSKU}\n"
        "DEVICE_TYPE=LeafRouter\n"
        "ASIC_TYPE=mellanox\n"
    )


def uname(state: DeviceState, flags: str) -> str:
    """``uname [-asnrvmo]``."""
    fields = ("Linux", state.hostname, KERNEL, KERNEL_BUILD, "x86_64", "GNU/Linux")
    if "a" in flags:
        return " ".join(fields)
    wanted = sorted({UNAME_FLAGS[flag] for flag in flags if flag in UNAME_FLAGS}) or [0]
    return " ".join(fields[index] for index in wanted)


def _kernel_mac(state: DeviceState, number: int) -> str:
    value = (int(state.mac.replace(":", ""), 16) + number) % (1 << 48)
    text = f"{value:012x}"
    return ":".join(text[i : i + 2] for i in range(0, 12, 2))


def netdevs(state: DeviceState, index: int) -> list[dict[str, str]]:
    """The kernel's interfaces: name, flags, mtu, state, mac, IPv4 (CIDR) and qdisc."""
    devices = [
        {
            "name": "lo",
            "flags": "LOOPBACK,UP,LOWER_UP",
            "mtu": "65536",
            "state": "UNKNOWN",
            "mac": "00:00:00:00:00:00",
            "kind": "loopback",
            "inet": "127.0.0.1/8",
            "qdisc": "noqueue",
        },
        {
            "name": "eth0",
            "flags": "BROADCAST,MULTICAST,UP,LOWER_UP",
            "mtu": "1500",
            "state": "UP",
            "mac": _kernel_mac(state, 0),
            "kind": "ether",
            "inet": f"{management_ip(index)}/24",
            "qdisc": "mq",
        },
        {
            "name": "docker0",
            "flags": "NO-CARRIER,BROADCAST,MULTICAST,UP",
            "mtu": "1500",
            "state": "DOWN",
            "mac": "02:42:e5:6c:41:0b",
            "kind": "ether",
            "inet": f"{DOCKER_NET}.1/24",
            "qdisc": "noqueue",
        },
    ]
    for number, name in enumerate(render.interfaces(state), start=1):  # kernel ifindex 4, 5 ...
        config = state.interfaces[name]
        oper = state.oper.get(name)
        up = oper is not None and oper.up
        if not config.admin_up:
            flags, link = "BROADCAST,MULTICAST", "DOWN"
        elif up:
            flags, link = "BROADCAST,MULTICAST,UP,LOWER_UP", "UP"
        else:
            flags, link = "NO-CARRIER,BROADCAST,MULTICAST,UP", "DOWN"
        devices.append(
            {
                "name": name,
                "flags": flags,
                "mtu": render.MTU,
                "state": link,
                "mac": _kernel_mac(state, number),
                "kind": "ether",
                "inet": "",
                "qdisc": "mq",
            }
        )
    for ifindex, device in enumerate(devices, start=1):
        device["index"] = str(ifindex)
    return devices


def ip_addr(devices: list[dict[str, str]], *, addresses: bool, brief: bool) -> str:
    """``ip [-br] addr|link``."""
    lines: list[str] = []
    for device in devices:
        if brief:
            if addresses:
                lines.append(f"{device['name']:<17}{device['state']:<14}{device['inet']}".rstrip())
            else:
                lines.append(
                    f"{device['name']:<17}{device['state']:<14}{device['mac']} <{device['flags']}>"
                )
            continue
        lines.append(
            f"{device['index']}: {device['name']}: <{device['flags']}> mtu {device['mtu']} qdisc "
            f"{device['qdisc']} state {device['state']} group default qlen 1000"
        )
        broadcast = "00:00:00:00:00:00" if device["kind"] == "loopback" else "ff:ff:ff:ff:ff:ff"
        lines.append(f"    link/{device['kind']} {device['mac']} brd {broadcast}")
        if addresses and device["inet"]:
            scope = "host" if device["kind"] == "loopback" else "global"
            network = device["inet"].rsplit(".", 1)[0]
            broadcast_ip = "" if scope == "host" else f" brd {network}.255"
            lines.append(f"    inet {device['inet']}{broadcast_ip} scope {scope} {device['name']}")
            lines.append("       valid_lft forever preferred_lft forever")
    return "\n".join(lines) + "\n"


def ip_route(index: int) -> str:
    """``ip route``: the management default route and the connected networks."""
    return (
        f"default via {GATEWAY} dev eth0 proto static metric 201 \n"
        f"{MGMT_NET}.0/24 dev eth0 proto kernel scope link src {management_ip(index)} \n"
        f"{DOCKER_NET}.0/24 dev docker0 proto kernel scope link src {DOCKER_NET}.1 linkdown \n"
    )


def docker_ps(state: DeviceState, *, every: bool) -> str:
    """``docker ps [-a]`` (Docker CLI 24 columns; every container is up since boot)."""
    del every
    days = max(int((time.time() - state.boot_time) // 86400), 0)
    up = f"Up {days} days" if days else "Up 2 hours"
    rows = [
        (
            "CONTAINER ID",
            "IMAGE",
            "COMMAND",
            "CREATED",
            "STATUS",
            "PORTS",
            "NAMES",
        )
    ]
    rows += [
        (ident, f"{image}:latest", f'"{command[:20]}…"', "2 weeks ago", up, "", name)
        for ident, image, command, name in CONTAINERS
    ]
    widths = [max(len(row[column]) for row in rows) + 3 for column in range(6)]
    return "".join(
        "".join(f"{cell:<{width}}" for cell, width in zip(row[:6], widths, strict=True))
        + row[6]
        + "\n"
        for row in rows
    )


class SonicShellPersonality(SonicPersonality):
    """SONiC's CLI (:class:`SonicPersonality`) plus the Linux commands clients run."""

    home: ClassVar[str] = "/home"

    def register(self) -> None:
        """The shell commands, then sonic-utilities'."""
        for words, handler in (
            ("ls", self._ls),
            ("cat", self._cat),
            ("echo", self._echo),
            ("pwd", self._pwd),
            ("cd", self._cd),
            ("uname", self._uname),
            ("id", self._id),
            ("uptime", self._uptime),
            ("ip", self._ip),
            ("docker", self._docker),
        ):
            self.add(words, handler, rest=True)
        super().register()

    @property
    def index(self) -> int:
        """This device's position in the lab (its management address)."""
        return list(self.runtime.lab.devices).index(self.device.name)

    def files(self) -> dict[str, str | tuple[str, ...]]:
        """The file system the shell shows: a path's text, or a directory's entries."""
        saved = copy.deepcopy(self.device)
        if self.device.startup is not None:  # startup defaults to the initial config
            saved.restore(self.device.startup)
        config_db = json.dumps(render.config_db(self.catalog, saved), indent=4) + "\n"
        return {
            "/": ("bin", "boot", "dev", "etc", "home", "host", "proc", "root", "tmp", "usr", "var"),
            "/etc": ("hostname", "os-release", "sonic"),
            "/etc/sonic": ("config_db.json", "sonic-environment", "sonic_version.yml"),
            "/etc/hostname": self.device.hostname + "\n",
            "/etc/os-release": OS_RELEASE,
            "/etc/sonic/config_db.json": config_db,
            "/etc/sonic/sonic-environment": environment_file(),
            "/etc/sonic/sonic_version.yml": version_yml(self.device),
            "/home": ("admin",),
            "/home/admin": (),
            "/tmp": (),  # noqa: S108 - the switch's own /tmp, not ours
        }

    def _cwd(self, session: Session) -> str:
        return str(session.context.get("cwd", f"{self.home}/{session.user or 'admin'}"))

    def _path(self, session: Session, name: str) -> str:
        if name == "~" or name.startswith("~/"):
            name = f"{self.home}/{session.user or 'admin'}" + name[1:]
        path = name if name.startswith("/") else f"{self._cwd(session)}/{name}"
        parts: list[str] = []
        for part in path.split("/"):
            if part in {"", "."}:
                continue
            if part == "..":
                if parts:
                    parts.pop()
                continue
            parts.append(part)
        return "/" + "/".join(parts)

    def _ls(self, session: Session, arguments: list[str]) -> str:
        targets = [a for a in arguments if not a.startswith("-")] or [self._cwd(session)]
        files = self.files()
        out: list[str] = []
        for target in targets:
            entry = files.get(self._path(session, target))
            if entry is None:
                out.append(f"ls: cannot access '{target}': No such file or directory")
            elif isinstance(entry, tuple):
                if entry:
                    out.append("  ".join(entry))
            else:
                out.append(target)
        return "\n".join(out)

    def _cat(self, session: Session, arguments: list[str]) -> str:
        files = self.files()
        out = []
        for target in arguments:
            entry = files.get(self._path(session, target))
            if entry is None:
                out.append(f"cat: {target}: No such file or directory\n")
            elif isinstance(entry, tuple):
                out.append(f"cat: {target}: Is a directory\n")
            else:
                out.append(entry)
        return "".join(out).removesuffix("\n")

    def _echo(self, session: Session, arguments: list[str]) -> str:
        variables = {
            "$HOSTNAME": self.device.hostname,
            "$USER": "root" if session.mode == ROOT else session.user or "admin",
            "$HOME": f"{self.home}/{session.user or 'admin'}",
            "$?": "0",
            "$SHELL": "/bin/bash",
        }
        words = arguments[1:] if arguments[:1] == ["-n"] else arguments
        return " ".join(variables.get(word, word) for word in words)

    def _pwd(self, session: Session, arguments: list[str]) -> str:
        del arguments
        return self._cwd(session)

    def _cd(self, session: Session, arguments: list[str]) -> str:
        target = self._path(session, arguments[0] if arguments else "~")
        entry = self.files().get(target)
        if not isinstance(entry, tuple):
            reason = "Not a directory" if entry is not None else "No such file or directory"
            msg = f"-bash: cd: {arguments[0]}: {reason}"
            raise CommandError(msg)
        session.context["cwd"] = target
        return ""

    def _uname(self, session: Session, arguments: list[str]) -> str:
        del session
        flags = "".join(a.lstrip("-") for a in arguments if a.startswith("-"))
        if "all" in arguments or "--all" in arguments:
            flags = "a"
        return uname(self.device, flags)

    def _id(self, session: Session, arguments: list[str]) -> str:
        del arguments
        if session.mode == ROOT:
            return "uid=0(root) gid=0(root) groups=0(root)"
        user = session.user or "admin"
        return (
            f"uid=1000({user}) gid=1000({user}) "
            f"groups=1000({user}),4(adm),27(sudo),999(docker),1001(redis)"
        )

    def _uptime(self, session: Session, arguments: list[str]) -> str:
        del session, arguments
        return " " + render._uptime(self.device, time.time())  # noqa: SLF001 - show version's

    def _ip(self, session: Session, arguments: list[str]) -> str:
        del session
        brief = any(a in {"-br", "-brief", "--brief"} for a in arguments)
        words = [a for a in arguments if not a.startswith("-")]
        verb = words[0] if words else ""
        devices = netdevs(self.device, self.index)
        if len(words) > 2 and words[1] in {"show", "dev"}:
            devices = [d for d in devices if d["name"] == words[2]]
            if not devices:
                msg = f'Device "{words[2]}" does not exist.'
                raise CommandError(msg)
        if verb and "address".startswith(verb):
            return ip_addr(devices, addresses=True, brief=brief)
        if verb and "link".startswith(verb):
            return ip_addr(devices, addresses=False, brief=brief)
        if verb and "route".startswith(verb):
            return ip_route(self.index)
        if not verb:
            return (
                "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n"
                "where  OBJECT := { address | link | neighbor | route | rule | tunnel ... }"
            )
        msg = f'Object "{verb}" is unknown, try "ip help".'
        raise CommandError(msg)

    def _docker(self, session: Session, arguments: list[str]) -> str:
        if not arguments:
            return "Usage:  docker [OPTIONS] COMMAND"
        if not session.context.get("root") and session.user != "admin":
            msg = "permission denied while trying to connect to the Docker daemon socket"
            raise CommandError(msg)
        verb, rest = arguments[0], arguments[1:]
        if verb == "ps":
            return docker_ps(self.device, every="-a" in rest or "--all" in rest).removesuffix("\n")
        if verb == "exec":
            words = [word for word in rest if word not in {"-i", "-t", "-it", "-ti"}]
            if not words:
                return '"docker exec" requires at least 2 arguments.'
            names = {name for *_, name in CONTAINERS}
            if words[0] not in names:
                msg = f"Error response from daemon: No such container: {words[0]}"
                raise CommandError(msg)
            if len(words) < 2:
                return '"docker exec" requires at least 2 arguments.'
            return self.handle(session, " ".join(words[1:]))
        msg = f"docker: '{verb}' is not a docker command.\nSee 'docker --help'"
        raise CommandError(msg)
