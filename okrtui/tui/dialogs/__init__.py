"""The TUI's modal dialogs: forms that dismiss with a typed result, questions, help."""
