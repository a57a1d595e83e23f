"""The store's one exception, kept apart so that importing it loads nothing else."""


class LibraryError(Exception):
    """A library cannot be opened or used; the message says why and what to do."""
