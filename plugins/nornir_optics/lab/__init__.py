"""The embedded lab: simulated 400G switches speaking real protocols on 127.0.0.1."""
