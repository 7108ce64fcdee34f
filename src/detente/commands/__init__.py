"""CLI commands that live in their own modules, each registered at the end of ``detente.cli``."""
