"""Benchmark profile: PostgreSQL (DATABASE_URL), production-like (no debug), tasks in-process."""

from tum_portal.settings.base import *  # noqa: F403
from tum_portal.settings.base import env, tune_postgres

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/tum_portal_bench")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
tune_postgres(DATABASES)
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
API_RATE_LIMIT_PER_MINUTE = 100_000  # the benchmark calls faster than any ministry system may
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
