"""Rich text the screens and widgets build from the domain: glyphs (bars, sparklines, status
labels) and the dashboard's summary and detail lines. No widget lives here."""
