"""Pure domain layer: models, progress maths, clock. Imports neither Textual nor TinyDB."""
