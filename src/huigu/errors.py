"""Errors meant for a person: ``str(err)`` is one line in Chinese saying what is wrong
and what to do.  The CLI prints it as “错误：……” with exit status 2; the page and the
API answer it with HTTP 400 (a user's mistake) and never show a traceback."""
from __future__ import annotations


class HuiguError(Exception):
    """An error meant for a person: the message says what is wrong and what to do."""


class ReadError(HuiguError):
    """A file could not be turned into text. ``str(err)`` is a one-line reason in Chinese."""
