"""Entry script for the bundle: the same as the ``xiaomi-reader`` command."""

import sys

from xiaomi_reader.cli import main

sys.exit(main())
