"""xiaomi-reader: read news articles side by side and annotate what they claim."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is looked up on first use: importlib.metadata costs ~25 ms at start-up.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("xiaomi-reader")
        except PackageNotFoundError:  # running from a source tree that was never installed
            found = "0.0.0+source"
        globals()["__version__"] = found
        return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
