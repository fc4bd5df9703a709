"""Nornir tasks of nornir-optics, usable in a user's own ``nr.run``."""

from nornir_optics.tasks.audit import OpticsAuditProcessor, optics_audit
from nornir_optics.tasks.gather import (
    CONNECTION_NAME,
    optics_gather,
    optics_get_dom,
    optics_get_inventory,
    optics_get_ports,
)
from nornir_optics.tasks.remediate import RemediationError, optics_remediate

__all__ = [
    "CONNECTION_NAME",
    "OpticsAuditProcessor",
    "RemediationError",
    "optics_audit",
    "optics_gather",
    "optics_get_dom",
    "optics_get_inventory",
    "optics_get_ports",
    "optics_remediate",
]
