"""xiaomi-reader: read news articles side by side and annotate what they claim."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("xiaomi-reader")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
