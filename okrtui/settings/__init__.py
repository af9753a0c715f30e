"""The person's own settings, kept in their config folder rather than in the (possibly shared)
database: saved dashboard views."""
