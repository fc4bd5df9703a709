"""XML from outside (device replies, saved output) parsed without trusting it.

One helper, :func:`parse_xml`, for every XML reply our side reads (Junos ``| display xml``
today). It uses lxml, already installed for NAPALM's and PyEZ's NETCONF (ncclient), with a
parser that resolves no entity, fetches nothing from the network, loads no DTD and keeps the
libxml2 limits on tree size; a document that carries a DTD at all is refused (no device
reply has one). Comments and processing instructions are dropped, so every node of the tree
is an element. A fresh parser is made per call: lxml parsers must not be shared between the
gather's threads.

Malformed input is one :class:`XMLParseError` naming what was being read, never lxml's
``XMLSyntaxError`` escaping to the caller.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from nornir_optics.exceptions import OpticsError


class XMLParseError(OpticsError, ValueError):
    """Text that should be an XML document and is not (or carries a DTD)."""

    def __init__(self, source: str, reason: str) -> None:
        """Name what was read (a command as sent) and why it is not accepted."""
        super().__init__(f"cannot read the XML of `{source}`: {reason}")
        self.source = source
        self.reason = reason


def _parser() -> Any:  # noqa: ANN401 - lxml ships no type information
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(text: str | bytes, source: str) -> Any:  # noqa: ANN401 - an lxml element
    """The root element of an XML document from an untrusted source.

    Args:
        text: the document (a device's reply, saved output); surrounding blanks are ignored.
        source: what it answers, for the error (``show interfaces | display xml``).

    Returns:
        The root ``lxml.etree._Element``; every node below it is an element.

    Raises:
        XMLParseError: the text is not well-formed XML, or it has a ``<!DOCTYPE>``.

    >>> parse_xml("<rpc-reply><ok/></rpc-reply>", "commit").find("ok").tag
    'ok'
    >>> parse_xml("<rpc-reply><ok></rpc-reply>", "commit")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    nornir_optics.safexml.XMLParseError: cannot read the XML of `commit`: Opening and ending tag ...
    >>> parse_xml('<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>', "show version")
    Traceback (most recent call last):
    ...
    nornir_optics.safexml.XMLParseError: cannot read the XML of `show version`: a DTD is ...
    """
    data = (text.encode() if isinstance(text, str) else text).strip()
    try:
        root = etree.fromstring(data, _parser())
    except (etree.ParseError, ValueError) as exc:
        raise XMLParseError(source, str(exc) or type(exc).__name__) from exc
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise XMLParseError(source, "a DTD is not accepted")
    return root
