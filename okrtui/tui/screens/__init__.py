"""One module per full screen of the TUI."""
