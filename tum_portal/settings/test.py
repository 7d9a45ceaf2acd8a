"""Test profile: the real PostgreSQL and Redis (DATABASE_URL, REDIS_URL), fast hashing."""

import tempfile

from tum_portal.settings.base import *  # noqa: F403
from tum_portal.settings.base import env, tune_postgres

DEBUG = False
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/tum_portal")}
tune_postgres(DATABASES)
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
# Tests that are about tasks start a real worker; elsewhere tasks run in-process. The worker and beat
# processes such tests start send their tasks through the broker, as in production.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="tum-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
