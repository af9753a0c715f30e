"""okrtui: offline, keyboard-first OKRs."""

__version__ = "0.1.0"
