"""Desktop resources: the application icon, .desktop entry and AppStream metadata."""
