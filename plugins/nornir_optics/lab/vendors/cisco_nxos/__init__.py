"""Simulated Cisco NX-OS: the CLI (:mod:`.cli`) and its show output (:mod:`.render`)."""
