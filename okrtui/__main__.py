"""Lets `python -m okrtui` run exactly what the `okrtui` command runs."""

import sys

from okrtui.cli import main

if __name__ == "__main__":
    sys.exit(main())
