"""The ``detente`` script: the command line (:mod:`detente.cli`), quiet on Ctrl-C from its first moment.

Importing the CLI's modules takes about 0.2 s; a Ctrl-C then would print a
Python traceback. Here it ends as a Ctrl-C during a run does: one line on
stderr and status 130.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    cli_main()
