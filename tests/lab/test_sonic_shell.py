"""SONiC's Linux shell: the basic commands clients run on connect, in-process and over SSH."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from labtools import connect_args, run_cli
from netmiko import ConnectHandler

if TYPE_CHECKING:
    from nornir_optics.lab.runtime import LabRuntime

CASES = [
    ("echo hello $HOSTNAME", r"^hello leaf3$"),
    ("uname -a", r"^Linux leaf3 6\.1\.0-11-2-amd64 #1 SMP .* x86_64 GNU/Linux$"),
    ("uname -r", r"^6\.1\.0-11-2-amd64$"),
    ("pwd", r"^/home/admin$"),
    ("ls /etc/sonic", r"^config_db\.json  sonic-environment  sonic_version\.yml$"),
    ("cat /etc/sonic/sonic_version.yml", r"^build_version: 'SONiC\.202311\.1'$"),
    ("cat /etc/hostname", r"^leaf3$"),
    ("cat /etc/nope", r"^cat: /etc/nope: No such file or directory$"),
    ("ls /nope", r"^ls: cannot access '/nope': No such file or directory$"),
    ("ip -br addr", r"^eth0\s+UP\s+192\.0\.2\.14/24$"),
    ("ip addr show eth0", r"^2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 "),
    ("ip addr show eth0", r"^    inet 192\.0\.2\.14/24 brd 192\.0\.2\.255 scope global eth0$"),
    ("ip link", r"^\d+: Ethernet248: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9100 "),
    ("ip route", r"^default via 192\.0\.2\.254 dev eth0 proto static"),
    ("ip neighbour", r'^Object "neighbour" is unknown, try "ip help"\.$'),
    ("docker ps", r"^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$"),
    ("docker ps", r"^\w{12}\s+docker-lldp:latest\s+\".*\"\s+2 weeks ago\s+Up \d+ days\s+lldp$"),
    ("docker exec lldp show lldp table", r"^Ethernet248\s+spine2\s+Ethernet1/3"),
    ("docker exec nope ls", r"^Error response from daemon: No such container: nope$"),
    ("sudo show version", r"^SONiC Software Version: SONiC\.202311\.1$"),
    ("show platform summary", r"^Platform: x86_64-mlnx_msn4700-r0$"),
    ("id", r"^uid=1000\(admin\) gid=1000\(admin\) groups=.*27\(sudo\)"),
]


@pytest.mark.parametrize(("command", "pattern"), CASES)
def test_shell_command(runtime: LabRuntime, command: str, pattern: str) -> None:
    output = run_cli(runtime, "leaf3", command)
    assert re.search(pattern, output, re.MULTILINE), output


def test_cd_then_ls_and_cat_relative(runtime: LabRuntime) -> None:
    assert run_cli(runtime, "leaf3", "cd /etc/sonic", "pwd") == "/etc/sonic"
    assert "hostname" in run_cli(runtime, "leaf3", "cd /etc", "cat sonic/config_db.json")
    assert "No such file" in run_cli(runtime, "leaf3", "cd /nowhere")


def test_config_db_json_is_the_saved_config(runtime: LabRuntime) -> None:
    changed = run_cli(
        runtime,
        "leaf3",
        "sudo config interface description Ethernet0 moved",
        "cat /etc/sonic/config_db.json",
    )
    assert '"description": "moved"' not in changed
    saved = run_cli(
        runtime,
        "leaf3",
        "sudo config save -y",
        "cat /etc/sonic/config_db.json",
    )
    assert '"description": "moved"' in saved


def test_shell_over_ssh_with_netmiko(dc1_lab: dict[str, Any]) -> None:
    with ConnectHandler(**connect_args(dc1_lab, "leaf3")) as connection:
        uname = connection.send_command("uname -n")
        route = connection.send_command("ip route")
        containers = connection.send_command("docker ps")
        inside = connection.send_command("docker exec lldp show lldp table")
    assert uname.strip() == "leaf3"
    assert route.startswith("default via 192.0.2.254 dev eth0")
    assert len(containers.strip().splitlines()) == 9  # header and eight containers
    assert "spine2" in inside
