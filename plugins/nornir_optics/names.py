"""Interface names: the one natural sort order of the package and of the lab.

Neutral ground: ``platforms/`` (the parsers), the audit and reports, and the lab (their
independent oracle, which imports nothing from ``platforms/``) all sort interface names with
:func:`natural_key`, so a port list reads in the same order wherever it is printed.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"(\d+)", re.ASCII)


def natural_key(name: str, *, numbers_first: bool = False) -> tuple[object, ...]:
    """Sort key of a name with numbers in it: text parts as text, numbers as numbers.

    The key alternates text and number (it starts and ends with a text part, empty where the
    name starts or ends with a digit), so two keys always compare text with text and number
    with number: ``Ethernet2`` sorts before ``Ethernet10``, a cage before its breakout legs,
    and names of one type stay together (``et-`` before ``xe-`` on Junos).

    Args:
        name: an interface name (``Ethernet1/2/3``, ``et-0/0/2:1``, ``Eth1/64``) or any text.
        numbers_first: compare the numbers alone first and the whole name only on a tie:
            front-panel order across interface types, as the Junos parser lists cages
            (``xe-0/0/4`` of a 10G module before ``et-0/0/5``).

    Returns:
        The key; equal names give equal keys (``Ethernet01`` and ``Ethernet1`` are equal too).

    >>> sorted(["Ethernet10", "Ethernet2/1", "Ethernet2", "Ethernet9"], key=natural_key)
    ['Ethernet2', 'Ethernet2/1', 'Ethernet9', 'Ethernet10']
    >>> sorted(["et-0/0/10", "et-0/0/2:1", "xe-0/0/1", "et-0/0/2"], key=natural_key)
    ['et-0/0/2', 'et-0/0/2:1', 'et-0/0/10', 'xe-0/0/1']
    >>> sorted(["et-0/0/5", "xe-0/0/4"], key=lambda name: natural_key(name, numbers_first=True))
    ['xe-0/0/4', 'et-0/0/5']
    >>> sorted(["Ethernet16", "Ethernet8", "Ethernet0"], key=natural_key)
    ['Ethernet0', 'Ethernet8', 'Ethernet16']
    >>> natural_key("et-0/0/2:1")
    ('et-', 0, '/', 0, '/', 2, ':', 1, '')
    >>> natural_key("et-0/0/2:1", numbers_first=True)
    ((0, 0, 2, 1), ('et-', 0, '/', 0, '/', 2, ':', 1, ''))
    >>> natural_key("-"), natural_key("")
    (('-',), ('',))
    """
    key = tuple(int(part) if index % 2 else part for index, part in enumerate(_DIGITS.split(name)))
    return (key[1::2], key) if numbers_first else key
