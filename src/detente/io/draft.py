"""The ``draft`` format (what ``detente draft`` writes): see :mod:`detente.draft.format`."""

from ..draft.format import FORMAT

__all__ = ["FORMAT"]
