"""Django's database cache with an atomic `incr`, the embedded default for state every process shares.

Django's own `DatabaseCache.incr` reads the value and writes it back, so two processes counting at once
lose a count, and a rate limit then lets more through than it says. Here the write is a compare-and-swap
(`UPDATE … WHERE value = <what was read>`), retried when another process changed the row in between: one
statement, atomic on SQLite and PostgreSQL alike. See docs/caching.md.

`get` of one key is one statement too, without the converters Django's `get_many` builds again on every call:
the page cache reads its generation this way on every hit (core/cache_hits.py).

`RedisCache` is Django's, keeping its `redis.Redis` clients: Django makes a new one for every operation.
"""

import base64
import logging
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import DatabaseError, connections, models, router, transaction
from django.utils.timezone import now

INCREMENT_ATTEMPTS = 50
logger = logging.getLogger(__name__)


class DatabaseCache(DjangoDatabaseCache):
    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        connection = connections[router.db_for_read(self.cache_model_class)]
        quote = connection.ops.quote_name
        table, key_column = quote(self._table), quote("cache_key")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {quote('value')}, {quote('expires')} FROM {table} WHERE {key_column} = %s", [key])
            row = cursor.fetchone()
        if row is None:
            return default
        if self._expired(connection, row[1]):
            self._remove_expired(key)
            return default
        return pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode()))

    def _remove_expired(self, key):
        """An expired value removed, unless the database refuses writes (read-only, its disk full, locked past
        the busy timeout): it is then a miss all the same, and the page is still served. Wagtail keeps its sites'
        root paths here for an hour, so that every page answered 503 on a read-only database once they expired.
        (Django's own `set` and `add` already take a refused write as "not stored".)"""
        try:
            with transaction.atomic(using=router.db_for_write(self.cache_model_class)):
                self._base_delete_many([key])
        except DatabaseError as error:
            logger.warning("the shared cache could not remove an expired value: %s", error.__class__.__name__)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        connection = connections[router.db_for_write(self.cache_model_class)]
        quote = connection.ops.quote_name
        table, key_column, value_column = quote(self._table), quote("cache_key"), quote("value")
        select = f"SELECT {value_column}, {quote('expires')} FROM {table} WHERE {key_column} = %s"
        update = f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s AND {value_column} = %s"
        with connection.cursor() as cursor:
            for _attempt in range(INCREMENT_ATTEMPTS):
                cursor.execute(select, [key])
                row = cursor.fetchone()
                if row is None or self._expired(connection, row[1]):
                    raise ValueError(f"Key '{key}' not found")
                stored = connection.ops.process_clob(row[0])
                value = pickle.loads(base64.b64decode(stored.encode())) + delta
                encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
                cursor.execute(update, [encoded, key, stored])
                if cursor.rowcount == 1:
                    return value
        raise RuntimeError(f"cache key {key!r}: {INCREMENT_ATTEMPTS} concurrent increments in a row won")

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)

    @staticmethod
    def _expired(connection, expires):
        expression, converters = _expires_converters(connection)
        for converter in converters:
            expires = converter(expires, expression, connection)
        return expires < now()


_CONVERTERS = {}


def _expires_converters(connection):
    """How the database's `expires` column becomes a datetime, worked out once per database (as Django does on
    every read)."""
    if connection.alias not in _CONVERTERS:
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        _CONVERTERS[connection.alias] = (expression, converters)
    return _CONVERTERS[connection.alias]


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client builds a `redis.Redis` for every cache operation (about 0.09 ms here, its ~170
    response callbacks each time): 22 times for a search results page, twice for a page cache hit. One per
    connection pool is kept instead; a `redis.Redis` holds no connection of its own (the pool lends one per
    command) and is safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept_clients = {}  # {connection pool: its redis.Redis}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._kept_clients:
            self._kept_clients[pool] = self._client(connection_pool=pool)
        return self._kept_clients[pool]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
