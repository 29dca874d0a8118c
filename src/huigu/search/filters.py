"""What a search is restricted to: year range, department, type, period, section kind, topic."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class Filters:
    year: Optional[tuple[int, int]] = None
    department: Optional[str] = None
    doc_type: Optional[str] = None
    period: Optional[str] = None
    kind: Optional[str] = None
    topic: Optional[str] = None

    def merged(self, extra: dict) -> "Filters":
        """These filters, completed by those written in the query (options win)."""
        values = dict(self.__dict__)
        for name, value in extra.items():
            if values.get(name) in (None, ""):
                values[name] = value
        return Filters(**values)

    def any(self) -> bool:
        return any(value not in (None, "") for value in self.__dict__.values())
