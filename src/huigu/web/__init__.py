"""The page: ``huigu serve`` (a Flask app served by waitress).

``create_app(location, token=…, sources=…)`` builds the app; ``views/`` holds one module
per page, each calling the public library and the ``huigu.output`` renderers the CLI
uses, so the JSON under ``/api/`` has exactly the CLI's ``--format json`` shapes.
Templates and static files ship in the package: no CDN, no fonts or scripts from the
internet.
"""
from __future__ import annotations

from huigu.web.app import create_app

__all__ = ["create_app"]
