"""Simulated Junos OS Evolved: the CLI, its config model, show output and NETCONF.

:mod:`.cli` holds the modes and the commit model, :mod:`.config` the ``set`` statements and the
running config, :mod:`.show` what show commands print, :mod:`.netconf` the NETCONF subsystem.
"""
