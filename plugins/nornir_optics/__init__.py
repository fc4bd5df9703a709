"""Nornir plugins and CLI for 400G transceivers: inventory, DOM, cabling-plan audits."""

__version__ = "0.1.0"
