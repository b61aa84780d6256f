"""System checks: the retention period can never be set below the legal minimum."""

from django.core.checks import Error, register

from newsroom.conf import MINIMUM_RETENTION_DAYS, conf


@register()
def retention_is_long_enough(app_configs=None, **kwargs) -> list[Error]:
    if int(conf.NEWSROOM_RETENTION_DAYS) >= MINIMUM_RETENTION_DAYS:
        return []
    return [Error(f"NEWSROOM_RETENTION_DAYS must be at least {MINIMUM_RETENTION_DAYS} "
                  "(published versions are kept twelve months).", id="newsroom.E001")]
