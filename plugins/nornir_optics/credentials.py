"""Device credentials: where each comes from, in one documented order, and who has none.

For each host, the first of these that is set wins (``GROUP`` is the name of one of the host's
groups, upper-cased, other characters as ``_``; groups are tried in Nornir's inheritance order,
so a host's own groups before their parents):

========================  ==========================================================
what                      order
========================  ==========================================================
password                  ``--ask-pass`` (the prompt) > ``OPTICS_PASSWORD_GROUP`` >
                          ``OPTICS_PASSWORD`` > the inventory (host > groups > defaults)
username                  ``OPTICS_USERNAME_GROUP`` > ``OPTICS_USERNAME`` > the inventory
enable secret             ``OPTICS_ENABLE_SECRET_GROUP`` > ``OPTICS_ENABLE_SECRET`` > the
                          inventory's Netmiko ``secret`` extra (NX-OS, EOS ``enable``)
SSH key                   ``OPTICS_SSH_KEY_FILE`` > the inventory's Netmiko ``key_file``
SSH agent                 used when ``SSH_AUTH_SOCK`` is set (Netmiko ``allow_agent``)
========================  ==========================================================

A host with neither a password nor a key nor an agent is not contacted: it gets an
``auth-failed`` finding saying ``no password for leaf1 (set OPTICS_PASSWORD or --ask-pass)``.
Secrets are kept on the Nornir host only (Netmiko and NAPALM need them); nothing here prints,
logs or returns them.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from nornir.core.inventory import ConnectionOptions

if TYPE_CHECKING:
    from collections.abc import Mapping

    from nornir.core.inventory import Host

PREFIX = "OPTICS_"
_NOT_WORD = re.compile(r"\W")
AUTH_CATEGORY = "auth-failed"


def env_name(variable: str, group: str | None = None) -> str:
    """The environment variable of a credential, for one group or all.

    >>> env_name("PASSWORD", "spines"), env_name("PASSWORD"), env_name("ENABLE_SECRET", "dc-1")
    ('OPTICS_PASSWORD_SPINES', 'OPTICS_PASSWORD', 'OPTICS_ENABLE_SECRET_DC_1')
    """
    name = f"{PREFIX}{variable}"
    return f"{name}_{_NOT_WORD.sub('_', group).upper()}" if group else name


def from_environment(
    host: Host, variable: str, environ: Mapping[str, str] | None = None
) -> str | None:
    """A credential from the environment: the host's groups first, then the global one."""
    env = os.environ if environ is None else environ
    for group in host.extended_groups():
        value = env.get(env_name(variable, group.name))
        if value:
            return value
    return env.get(env_name(variable)) or None


def _netmiko(host: Host) -> ConnectionOptions:
    options = host.connection_options.get("netmiko")
    if options is None:
        options = host.connection_options["netmiko"] = ConnectionOptions(extras={})
    if options.extras is None:
        options.extras = {}
    return options


def apply_credentials(
    host: Host, *, password: str | None = None, environ: Mapping[str, str] | None = None
) -> None:
    """Set a host's username, password, enable secret and SSH key in the documented order.

    Arguments:
        host: the Nornir host, changed in place
        password: the password typed at ``--ask-pass`` (beats everything else)
        environ: the environment to read (default ``os.environ``)
    """
    env = os.environ if environ is None else environ
    username = from_environment(host, "USERNAME", env)
    if username:
        host.username = username
    chosen = password or from_environment(host, "PASSWORD", env)
    if chosen:
        host.password = chosen
    secret = from_environment(host, "ENABLE_SECRET", env)
    key_file = env.get(env_name("SSH_KEY_FILE"))
    if not (secret or key_file or env.get("SSH_AUTH_SOCK")):
        return
    netmiko = _netmiko(host)
    extras = dict(netmiko.extras or {})
    if secret:
        extras["secret"] = secret
        napalm = host.connection_options.get("napalm")
        if napalm is not None:
            optional = dict((napalm.extras or {}).get("optional_args") or {})
            optional.setdefault("secret", secret)  # nxos_ssh; eos takes enable_password
            optional.setdefault("enable_password", secret)
            napalm.extras = {**(napalm.extras or {}), "optional_args": optional}
    if key_file:
        extras.update({"use_keys": True, "key_file": key_file})
    if env.get("SSH_AUTH_SOCK"):
        extras.setdefault("allow_agent", True)
    netmiko.extras = extras


def has_key(host: Host) -> bool:
    """Whether the host can log in without a password (an SSH key or an agent)."""
    options = host.connection_options.get("netmiko")
    extras = (options.extras if options is not None else None) or {}
    return bool(extras.get("key_file") or extras.get("use_keys") or extras.get("allow_agent"))


def missing_credentials(host: Host) -> str | None:
    """Why a host cannot log in before anyone connects; None when it has what it needs."""
    if host.username is None and not has_key(host):
        return (
            f"no username for {host.name} (set {env_name('USERNAME')} or the inventory's username)"
        )
    if host.password is None and not has_key(host):
        return f"no password for {host.name} (set {env_name('PASSWORD')} or --ask-pass)"
    return None


def rejected_message(host: Host) -> str:
    """What an auth-failed finding says when the device refused the login."""
    groups = [g.name for g in host.extended_groups()]
    per_group = f" or {env_name('PASSWORD', groups[0])}" if groups else ""
    return (
        f"{host.name} rejected the login of user {host.username!r} "
        f"(check {env_name('PASSWORD')}{per_group}, the inventory or --ask-pass)"
    )
