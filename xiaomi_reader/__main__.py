"""``python -m xiaomi_reader``: the same as the ``xiaomi-reader`` command."""

import sys

from xiaomi_reader.cli import main

sys.exit(main())
