"""Security (安全防范) models, split by subject."""

from houqin.security.models.visitors import BlacklistEntry, Invitation, Visit

__all__ = ["BlacklistEntry", "Invitation", "Visit"]
