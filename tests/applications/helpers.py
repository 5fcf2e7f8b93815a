"""Helpers for application tests."""

from __future__ import annotations

import io

from flask import current_app

from evalcenter.applications import services
from tests.applications import samples


def limits() -> services.UploadLimits:
    cfg = current_app.config
    return services.UploadLimits(
        cfg["UPLOAD_DIR"], cfg["ATTACHMENT_MAX_BYTES"], cfg["APPLICATION_ATTACHMENTS_MAX_BYTES"]
    )


def add_pdf(user, application, kind: str = "audited_financials", name: str = "财务报表.pdf"):
    return services.add_attachment(
        user, application, kind, io.BytesIO(samples.pdf(name)), name, limits()
    )
