#!/usr/bin/env python
"""Django's command-line utility; `inspectorate` does the same and more."""

import sys

from inspectorate.cli import main

if __name__ == "__main__":
    sys.exit(main())
