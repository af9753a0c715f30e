"""Reusable pieces of the TUI: widgets, and text renderables for progress and trends."""
