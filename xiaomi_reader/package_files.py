"""Files installed inside the package (colours, migration scripts, icons, articles).

``importlib.resources`` finds them under any loader, but importing it costs ~8 ms, and
the colours and the migration chain are read before the window's first paint. A
package installed as files (a wheel, an editable install, the PyInstaller bundle)
has them beside its ``__init__``; only another kind of loader needs the import.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["package_files"]


def package_files(package: str) -> Traversable:
    """The folder of an installed package: a :class:`Path` wherever there is one."""
    module = importlib.import_module(package)
    file = getattr(module, "__file__", None)
    if file:
        folder = Path(file).parent
        if folder.is_dir():
            return folder
    from importlib import resources

    return resources.files(package)
