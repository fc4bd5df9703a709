"""Simulated Arista EOS: the CLI and eAPI (:mod:`.cli`) and its show output (:mod:`.render`)."""
