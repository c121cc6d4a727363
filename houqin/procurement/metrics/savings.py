"""Procurement metrics: projects."""
