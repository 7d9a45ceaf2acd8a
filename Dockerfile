FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY . .
RUN pip install --no-cache-dir -c constraints.txt . \
 && DJANGO_SETTINGS_MODULE=tum_portal.settings.base python manage.py compilemessages --ignore=.venv \
 && DJANGO_SETTINGS_MODULE=tum_portal.settings.base python manage.py collectstatic --noinput

RUN useradd --system --home /app tum && mkdir -p /srv/media && chown tum /srv/media
USER tum
EXPOSE 8000
