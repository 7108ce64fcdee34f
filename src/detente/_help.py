"""``--help`` as a person expects it: flags shown without a value, arguments in the usage line as ``FILE``.

Typer 0.2x prints every option's type, flags included (``--history <bool>``,
``--no-store <bool>``, ``--help <bool>``), which reads as if the flag took a
value; and it writes required arguments in the usage line as ``{file}``, a
brace set rather than click's ``FILE``. :func:`tidy_help` changes those two
display methods of typer's parameter classes, for every command at once; it
does nothing on a typer without them (the older typers print both as click
does). ``tests/cli/test_cli_output.py`` checks the help text itself, so a typer
that renames them fails a test instead of printing ``<bool>`` again.
"""

from __future__ import annotations


def tidy_help() -> None:
    """Patch typer's help display (idempotent)."""
    try:
        from typer.core import TyperArgument, TyperOption
    except ImportError:  # pragma: no cover - typer without these classes prints help as click does
        return
    if getattr(TyperOption, "_detente_tidy", False):
        return
    if hasattr(TyperOption, "display_type_rich"):
        shown = TyperOption.display_type_rich

        def display_type_rich(self, ctx):
            if getattr(self, "is_flag", False) and not getattr(self, "count", False):
                return None  # a flag takes no value: nothing to show
            return shown(self, ctx)

        TyperOption.display_type_rich = display_type_rich
    if hasattr(TyperArgument, "_usage_display_name"):
        def _usage_display_name(self) -> str:
            name = (self.metavar or self.name or "").upper()
            name = name if self.required else f"[{name}]"
            return name + ("..." if self.nargs != 1 else "")

        TyperArgument._usage_display_name = _usage_display_name
    TyperOption._detente_tidy = True
