"""Deployment checks added to `houqin check --deploy`."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def houqin_deploy_checks(app_configs, **kwargs):
    """Refuse the development secret key and missing personal-data keys in production."""
    errors = []
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        errors.append(Error("SECRET_KEY is the development key; set SECRET_KEY.", id="houqin.E001"))
    if not settings.PII_KEYS or not settings.PII_HASH_KEY:
        errors.append(
            Error(
                "Personal data would be encrypted with a key derived from SECRET_KEY; set "
                "HOUQIN_PII_KEYS and HOUQIN_PII_HASH_KEY.",
                id="houqin.E002",
            )
        )
    if settings.ROOT_URLCONF == "houqin.bench_urls":
        errors.append(
            Error("HOUQIN_BENCH is set: benchmark floor views are exposed.", id="houqin.E003")
        )
    return errors
