"""Data tables that people extend: domain dictionary, synonyms, stop words, topics,
departments and section-kind words.  They live as files in ``huigu/data``."""
from __future__ import annotations

import os
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

from huigu.errors import HuiguError
if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def data_path(name: str) -> Path:
    return Path(str(resources.files("huigu.lexicon") / "data" / name))


@lru_cache(maxsize=None)
def toml_table(name: str) -> dict:
    """A TOML data file of the package, parsed once."""
    return tomllib.loads(data_path(name).read_text(encoding="utf-8"))


_toml = toml_table


SYNONYMS_ENV = "HUIGU_SYNONYMS"  # a user's extra synonyms.toml (same format)
TOPICS_ENV = "HUIGU_TOPICS"  # a user's extra topics.toml (same format)


def _user_toml(env: str) -> dict:
    path = os.environ.get(env)
    if not path:
        return {}
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise HuiguError(f"{env} 指定的 {path} 无法读取：{err}") from err


def section_kind_words() -> dict:
    return _toml("section_kinds.toml")


@lru_cache(maxsize=None)
def stopwords() -> frozenset:
    lines = data_path("stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def synonym_groups() -> tuple:
    groups = _toml("synonyms.toml")["groups"] + _user_toml(SYNONYMS_ENV).get("groups", [])
    return tuple(tuple(str(word).lower() for word in group) for group in groups)


@lru_cache(maxsize=None)
def synonyms_of() -> dict:
    """word → the other words of its group."""
    table: dict[str, list[str]] = {}
    for group in synonym_groups():
        for word in group:
            table.setdefault(word, []).extend(w for w in group if w != word)
    return table


@lru_cache(maxsize=None)
def topics() -> dict:
    table = {name: list(words) for name, words in _toml("topics.toml")["topics"].items()}
    for name, words in _user_toml(TOPICS_ENV).get("topics", {}).items():
        table.setdefault(name, []).extend(words)
    return table


@lru_cache(maxsize=None)
def bureaus() -> tuple:
    return tuple(_toml("departments.toml")["bureaus"])


@lru_cache(maxsize=None)
def provinces() -> tuple:
    return tuple(tuple(pair) for pair in _toml("departments.toml")["provinces"])


@lru_cache(maxsize=None)
def prefectures() -> tuple:
    """Autonomous prefectures and leagues with the short names their reports use."""
    return tuple(tuple(pair) for pair in _toml("departments.toml").get("prefectures", []))


def domain_dictionary_path() -> Path:
    return data_path("dict.txt")
