import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tum_portal.settings.bench")

from tum_portal.wsgi import application  # noqa: E402, F401
