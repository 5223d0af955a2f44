"""Which database errors mean "not now, try again shortly" rather than a bug in our code.

A request that meets one gets the 503 page (site_lak/middleware.py), the feedback form says the message was
not received (feedback/pages.py), and a background task is run again later (worker/task_queue.py). Any
other database error (a broken query, a missing table) stays a 500 with its traceback in the log.
"""

import sqlite3

from django.db import DatabaseError, InterfaceError, OperationalError, connection

# SQLite's primary result codes (the low byte of the extended code): another process holds the lock past the
# busy timeout, no memory, the file or its folder is read-only, an I/O error, the disk is full, the file
# cannot be opened, a WAL locking race.
SQLITE_TEMPORARY = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_NOMEM,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PROTOCOL,
}
# PostgreSQL SQLSTATE classes: connection exception, transaction rollback (serialization failure, deadlock),
# insufficient resources (disk full, out of memory, too many connections), operator intervention (shutdown),
# system error (I/O); and single states: a lock not available in time, a read-only transaction (a standby).
POSTGRES_TEMPORARY_CLASSES = {"08", "40", "53", "57", "58"}
POSTGRES_TEMPORARY_STATES = {"55P03", "25006"}


def database_unreachable():
    """No open connection: connecting failed, or the server closed it."""
    raw = connection.connection
    return raw is None or bool(getattr(raw, "closed", False))


def is_temporary(error):
    """True when `error` says the database cannot do this now (unreachable, locked, read-only, full)."""
    if not isinstance(error, DatabaseError):
        return False
    if isinstance(error, OperationalError | InterfaceError) and database_unreachable():
        return True
    cause = error.__cause__ or error  # Django re-raises the driver's error as its own, "from" the original
    code = getattr(cause, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in SQLITE_TEMPORARY
    state = getattr(cause, "sqlstate", None) or ""
    return state[:2] in POSTGRES_TEMPORARY_CLASSES or state in POSTGRES_TEMPORARY_STATES
