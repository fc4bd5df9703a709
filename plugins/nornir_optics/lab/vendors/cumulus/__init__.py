"""Cumulus Linux 5.x: bash, NVUE (``nv``) with its revisions and confirm timer, ``ethtool -m``."""
