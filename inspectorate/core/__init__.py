"""Pure Python shared by the cores and the apps: nothing here imports Django."""
