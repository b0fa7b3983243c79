"""The inspection workspace's pages, thin: each reads through selectors and writes through services."""
