"""The sync benchmark's databases (bench/sync_bench.py): a migrated template, a start copy per scenario, the working
copy restored per repeat."""

import shutil


class SqliteStore:
    name = "sqlite"

    def __init__(self, work):
        self.work = work

    def url(self, label):
        return f"sqlite:///{self.work / (label + '.sqlite3')}"

    def copy(self, source, target):
        for suffix in ("-wal", "-shm"):
            (self.work / f"{target}.sqlite3{suffix}").unlink(missing_ok=True)
        shutil.copy(self.work / f"{source}.sqlite3", self.work / f"{target}.sqlite3")

    def close(self):
        pass


class PostgresStore:
    name = "postgresql"

    def __init__(self, base, prefix="syncbench"):
        import psycopg

        self.base = base.rstrip("/")
        self.prefix = prefix
        self.admin = psycopg.connect(f"{self.base}/postgres", autocommit=True)
        self.made = set()

    def url(self, label):
        return f"{self.base}/{self.prefix}_{label}"

    def copy(self, source, target):
        self._drop(target)
        self.admin.execute(f"CREATE DATABASE {self.prefix}_{target} TEMPLATE {self.prefix}_{source}")
        self.made.add(target)

    def create(self, label):
        self._drop(label)
        self.admin.execute(f"CREATE DATABASE {self.prefix}_{label}")
        self.made.add(label)

    def _drop(self, label):
        self.admin.execute(f"DROP DATABASE IF EXISTS {self.prefix}_{label} WITH (FORCE)")

    def close(self):
        for label in self.made:
            self._drop(label)
        self.admin.close()


def open_store(name, options, work):
    if name == "sqlite":
        return SqliteStore(work)
    return PostgresStore(options.postgres, options.postgres_prefix)
