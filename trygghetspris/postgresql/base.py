"""Django's PostgreSQL backend with a health check that costs no round trip.

With CONN_HEALTH_CHECKS a kept connection is checked before the first query of each
request, so that a connection the server has dropped (a restart, a fail-over, an idle
time-out) is replaced instead of failing the request. Django checks with `SELECT 1`:
one round trip on every request, which on the public form was one of its fourteen.

A server that ends a connection says so on the connection (a FATAL message, then the
end of the stream), so the socket of a dropped connection has something to read, and
that of a healthy idle one has nothing. This backend looks at the socket without
waiting; only when something is there does it ask with Django's own `SELECT 1`, which
also reads any notice that arrived between requests. A connection whose network path
died without a word is found as before: the first query fails and Django drops it.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            readable, _writable, _failed = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        if not readable:
            return True
        return super().is_usable()
