"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL, and keys.

PostgreSQL is the local server on 127.0.0.1:5432 (user postgres, trust auth) unless
BIGCONV_TEST_PG_URL says otherwise; BIGCONV_SKIP_POSTGRES=1 skips those cases.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from storage.db import Database
from storage.keys import Secrets, generate_key
from storage.repositories.keyring import Keyring
from storage.vault import Vault

PG_URL = os.environ.get(
    "BIGCONV_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
START_PG = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def _admin_conninfo() -> str:
    url = make_url(PG_URL).set(drivername="postgresql", database="postgres")
    return url.render_as_string(hide_password=False)


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    if os.environ.get("BIGCONV_SKIP_POSTGRES") == "1":
        pytest.skip("BIGCONV_SKIP_POSTGRES=1")
    try:
        return psycopg.connect(_admin_conninfo(), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is not reachable at {make_url(PG_URL).render_as_string()}: {exc}\n"
            f"Start it with: {START_PG}\n"
            "or point BIGCONV_TEST_PG_URL elsewhere, or set BIGCONV_SKIP_POSTGRES=1.",
            pytrace=False,
        )


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    name = f"bigconv_t_{uuid.uuid4().hex[:12]}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind: a file under tmp_path, or a fresh PostgreSQL one."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bigconv.db'}"
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated database of each kind, disposed after the test."""
    db = Database.connect(database_url)
    try:
        db.migrate()
        yield db
    finally:
        db.close()


@pytest.fixture
def secrets() -> Secrets:
    return Secrets(master_key=generate_key(), pepper=generate_key())


@pytest.fixture
def vault(secrets: Secrets) -> Vault:
    return Vault(secrets)


@pytest.fixture
def keyring(vault: Vault) -> Keyring:
    return Keyring(vault)


@pytest.fixture
def postgres_database(fresh_postgres_url: str) -> Iterator[Database]:
    """A migrated PostgreSQL database, for tests of PostgreSQL-only behaviour."""
    db = Database.connect(fresh_postgres_url)
    try:
        db.migrate()
        yield db
    finally:
        db.close()
