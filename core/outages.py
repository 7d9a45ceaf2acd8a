"""The errors that mean Redis (cache or broker) does not answer; pages and checks treat them alike."""

import redis

REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
