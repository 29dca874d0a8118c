"""The office knowledge base in PostgreSQL (core SQL only); see ``backend``."""
from huigu.store.postgres.backend import PostgresStore

__all__ = ["PostgresStore"]
