"""Reusable pieces of the TUI: renderables for progress and trends, the OKR table."""
