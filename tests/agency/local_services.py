"""The local PostgreSQL and Redis that the multi-process tests start real servers against."""

import socket

POSTGRES = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"


def reachable(address):
    try:
        socket.create_connection(address, timeout=1).close()
    except OSError:
        return False
    return True


def administer(*statements):
    """Run statements on the server's maintenance database, outside any transaction."""
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)
