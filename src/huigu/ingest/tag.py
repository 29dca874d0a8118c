"""Topics of a passage, from the taxonomy in ``data/topics.toml`` (and a user's extra table)."""
from __future__ import annotations

from huigu.lexicon.tables import topics


def topics_of(text: str, headings: list[str] = (), table: dict | None = None) -> list[str]:
    """Topics whose keywords occur in the passage text or its headings, in taxonomy order."""
    table = table or topics()
    haystack = text + "\n" + "\n".join(headings)
    return [topic for topic, words in table.items() if any(word in haystack for word in words)]
