"""Checks: pure functions over typed models (intent, catalogue, device facts), no I/O."""
