"""Sources of truth: Nautobot (nornir_nautobot), NetBox (nornir_netbox; docs only)."""
