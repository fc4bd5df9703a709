"""One module per platform: prompts, commands, renderers and config syntax of its CLI."""
