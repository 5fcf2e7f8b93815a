"""EvalCenter: evaluation platform for Beijing's Excellent Enterprise Technology Centres.

`create_app` is imported lazily so that the pure rule engine (`evalcenter.scoring`)
can be used without loading Flask or SQLAlchemy.
"""

from __future__ import annotations

from typing import Any


def create_app(config: dict[str, Any] | None = None):
    """Build the Flask application (see `evalcenter.app.create_app`)."""
    from evalcenter.app import create_app as _create_app

    return _create_app(config)
