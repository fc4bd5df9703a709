"""Cisco IOS-XR (Cisco 8000): the CLI and its config sessions, and what its show commands print."""
