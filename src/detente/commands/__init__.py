"""CLI commands that live in their own modules, each registered at the end of ``detente.cli``.

The command modules take their shared option types and helpers from :mod:`detente.cli`, which
imports them back at its end to register them. Importing :mod:`detente.cli` here first makes
that order hold whichever module a caller imports first (``import detente.commands.war`` used
to fail with a circular import).
"""

from .. import cli as _cli  # noqa: F401  (registers every command module; see above)
