"""One driver per platform: its commands and pure parse functions (no I/O)."""
