"""``python -m linter.mockaws.server [moto_server options]``: a moto server with the extension.

The extension patches moto's classes in the current process, so a separate server process
must install it before it serves; this entry point does that and then runs moto's own
``moto_server`` command line (same options: ``-H``, ``-p``, ...).
"""

from __future__ import annotations

import sys

from moto import server as moto_server

from . import install


def main(argv: list[str] | None = None) -> None:
    install()
    moto_server.main(argv if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    main()
