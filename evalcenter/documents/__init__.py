"""Certificates, evaluation reports and application forms: rendered with WeasyPrint from plain
data, signed (PAdES), stored, verifiable in public, revocable, issued in batches."""
