"""Pure Python core: imports nothing from Django."""
