import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tum_portal.settings.base")
application = get_wsgi_application()
# What is loaded at start-up lives as long as the worker: keep it out of the garbage collector's
# full passes, which would otherwise walk all of it every few requests.
gc.freeze()
