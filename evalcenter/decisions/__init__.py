"""Decisions on recognition, publicity (公示) with objections, and the official calendar."""
