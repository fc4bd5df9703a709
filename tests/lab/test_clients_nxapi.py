"""NX-API on the served lab's NX-OS devices: JSON-RPC and ins_api over HTTPS, as NX-OS answers.

Raw requests (the forms of Cisco's NX-API CLI guide) check the envelope and error codes; NAPALM
``nxos`` runs a merge (load, diff, commit) through it, and the change shows on the SSH CLI.
"""

from __future__ import annotations

import base64
import json
import ssl
from http.client import HTTPSConnection
from typing import Any

from labtools import running_config


def _post(lab: dict[str, Any], device: str, body: object, kind: str = "json-rpc") -> Any:
    context = ssl.create_default_context(cafile=str(lab["dir"] / "lab-cert.pem"))
    connection = HTTPSConnection(
        "127.0.0.1", lab["info"]["ports"][device]["https"], context=context, timeout=10
    )
    token = base64.b64encode(f"{lab['username']}:{lab['password']}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "Content-Type": f"application/{kind}"}
    try:
        connection.request("POST", "/ins", json.dumps(body), headers)
        response = connection.getresponse()
        assert response.status == 200
        return json.loads(response.read())
    finally:
        connection.close()


def _call(cmd: str, number: int, method: str = "cli") -> dict[str, Any]:
    return {"jsonrpc": "2.0", "method": method, "params": {"cmd": cmd, "version": 1}, "id": number}


def test_json_rpc_bodies_text_and_errors(dc1_lab: dict[str, Any]) -> None:
    replies = _post(
        dc1_lab,
        "spine2",
        [_call("show hostname", 1), _call("show version", 2, "cli_ascii"), _call("show vrf", 3)],
    )
    assert [reply["id"] for reply in replies] == [1, 2, 3]
    assert replies[0]["result"]["body"] == {"hostname": "spine2"}
    assert "NXOS: version 10.3(4a)" in replies[1]["result"]["msg"]
    assert {row["vrf_name"] for row in replies[2]["result"]["body"]["TABLE_vrf"]["ROW_vrf"]} == {
        "default",
        "management",
    }
    single = _post(dc1_lab, "spine2", [_call("show hostnme", 7)])
    assert single["id"] == 7
    assert single["error"]["code"] == -32602
    assert single["error"]["message"] == "Invalid params"
    assert "% Invalid command at '^' marker." in single["error"]["data"]["msg"]
    unsupported = _post(dc1_lab, "spine2", [_call("show interface breakout", 1)])
    assert unsupported["error"]["code"] == -32603
    assert "Structured output unsupported" in unsupported["error"]["data"]["msg"]


def test_ins_api_outputs(dc1_lab: dict[str, Any]) -> None:
    request = {
        "ins_api": {
            "version": "1.0",
            "type": "cli_show",
            "chunk": "0",
            "sid": "1",
            "input": "show hostname ;show ntp peers",
            "output_format": "json",
        }
    }
    outputs = _post(dc1_lab, "spine2", request, kind="json")["ins_api"]["outputs"]["output"]
    assert [(o["input"], o["code"], o["msg"]) for o in outputs] == [
        ("show hostname", "200", "Success"),
        ("show ntp peers", "200", "Success"),
    ]
    assert outputs[0]["body"] == {"hostname": "spine2"}
    request["ins_api"]["input"] = "show bogus"
    error = _post(dc1_lab, "spine2", request, kind="json")["ins_api"]["outputs"]["output"]
    assert (error["code"], error["msg"]) == ("400", "Input CLI command error")
    assert "Invalid command" in error["clierror"]


def test_napalm_nxos_merge_over_nxapi_changes_the_device(fresh_lab: dict[str, Any]) -> None:
    from napalm import get_network_driver  # noqa: PLC0415

    options = {"transport": "https", "port": fresh_lab["info"]["ports"]["leaf2"]["https"]}
    device = get_network_driver("nxos")(
        "127.0.0.1", fresh_lab["username"], fresh_lab["password"], optional_args=options
    )
    device.open()
    try:
        device.load_merge_candidate(config="interface Ethernet1/3\n  description via-nxapi\n")
        assert "description via-nxapi" in device.compare_config()
        device.commit_config()
        assert device.compare_config() == ""
    finally:
        device.close()
    assert "description via-nxapi" in running_config(fresh_lab, "leaf2")
