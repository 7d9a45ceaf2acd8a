"""Stop early, with a clear message, when PostgreSQL or Redis is not reachable for the tests."""

import os
import sys
from urllib.parse import urlparse

import psycopg2
import redis


def main():
    problems = []
    database_url = os.environ["DATABASE_URL"]
    parts = urlparse(database_url)
    try:
        psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg2.OperationalError as error:
        problems.append(
            f"PostgreSQL is not reachable at {parts.hostname}:{parts.port or 5432} ({str(error).strip()}).\n"
            "  Start it, e.g.: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
            "  or point DATABASE_URL at a running server."
        )
    redis_url = os.environ["REDIS_URL"]
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        problems.append(
            f"Redis is not reachable at {redis_url} ({error}).\n"
            '  Start it, e.g.: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\n'
            "  or point REDIS_URL at a running server."
        )
    if problems:
        print("The tests need PostgreSQL and Redis:\n" + "\n".join(problems), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
