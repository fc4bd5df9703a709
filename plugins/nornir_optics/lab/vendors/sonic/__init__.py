"""Simulated SONiC: the shell with ``show`` and ``sudo config`` (:mod:`.cli`, :mod:`.render`)."""
