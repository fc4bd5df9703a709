"""Start and stop a real Nautobot for the tests and for anyone: ``make nautobot-up`` / ``-down``.

Everything lives under ``.nautobot/`` of the project (or ``$OPTICS_NAUTOBOT_DIR``):

* ``venv/``: Nautobot's own virtualenv (``pip install $NAUTOBOT_SPEC``), so Django's pins never
  touch the tool's ``.venv``;
* ``<instance>/`` (``default``; ``$OPTICS_NAUTOBOT_INSTANCE``) one running instance:
* ``<instance>/pg/``: a PostgreSQL cluster (``initdb``/``pg_ctl`` of the machine's
  PostgreSQL, run as the ``postgres`` user when we are root) on a free port of 127.0.0.1;
* ``redis.*``: a ``redis-server`` on a free port, nothing saved to disk;
* ``nautobot_config.py``: the config file, written here (the database, Redis and secret key
  come from the environment this script sets);
* ``cache/pg-<nautobot version>-models/``: the ready cluster (schema built from Nautobot's
  models; ``pg-<version>/`` when ``OPTICS_NAUTOBOT_MIGRATIONS=1`` runs the migrations), kept so
  that only the first start builds it; later starts copy it (seconds);
* ``run.json``: URL, API token, ports and process ids of the running instance (mode 0600).

``up`` installs what is missing (Nautobot from PyPI; PostgreSQL and Redis with apt-get where
we are root and they are absent), starts the three servers, creates a superuser and an API token
and waits until the REST API answers. It exits 0 when Nautobot is up, 3 with one line saying
why it cannot be (the tests skip with that line). ``down`` stops all three and removes ``pg/``.
Standard library only: it runs with any ``python3``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOME = Path(os.environ.get("OPTICS_NAUTOBOT_DIR", ROOT / ".nautobot")).resolve()
RUN = HOME / os.environ.get("OPTICS_NAUTOBOT_INSTANCE", "default")
"""One running instance's files (its cluster, Redis, config, logs, run.json): the tests use
their own (``OPTICS_NAUTOBOT_INSTANCE=tests``), so a developer's instance keeps running."""
SPEC = os.environ.get("NAUTOBOT_SPEC", "nautobot==3.2.7")
ADMIN = "admin"
CANNOT = 3
START_TIMEOUT_S = 180.0
MIGRATIONS = os.environ.get("OPTICS_NAUTOBOT_MIGRATIONS", "") not in {"", "0"}
"""Build the schema by running Nautobot's migrations (about 3 minutes on 2 cores) rather than
from its models (``migrate --run-syncdb`` with migrations switched off: about 10 s, as
pytest-django's ``--nomigrations`` does); set ``OPTICS_NAUTOBOT_MIGRATIONS=1`` to test a
migrated database."""
_NO_MIGRATIONS = (
    "\n\nclass _NoMigrations(dict):\n"
    '    """Every app unmigrated: the schema comes from the models (migrate --run-syncdb)."""\n\n'
    "    def __contains__(self, app):\n"
    "        return True\n\n"
    "    def __getitem__(self, app):\n"
    "        return None\n\n\n"
    "MIGRATION_MODULES = _NoMigrations()\n"
)
_SEED = (
    "from django.apps import apps\n"
    "from nautobot.extras.management import populate_role_choices, populate_status_choices\n"
    "from nautobot.ipam.models import get_default_namespace\n"
    "populate_status_choices(apps, None)\n"
    "populate_role_choices(apps, None)\n"
    "get_default_namespace()\n"
)
"""What Nautobot's data migrations would have created that a source of truth needs: the default
statuses and roles, the Global namespace (Nautobot's own tests seed them the same way)."""


class CannotStartError(Exception):
    """Nautobot cannot be installed or started here; the message says why."""


def _log(text: str) -> None:
    sys.stderr.write(f"nautobot: {text}\n")
    sys.stderr.flush()


def _run(cmd: list[str], *, env: dict[str, str] | None = None, what: str) -> str:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        errors = [line for line in lines if line.startswith("ERROR")] or lines[-2:]
        said = " | ".join(line.strip()[:160] for line in errors[-2:])
        msg = f"{what} failed (exit {proc.returncode}): {said}"
        raise CannotStartError(msg)
    return proc.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _apt_install(package: str) -> None:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        msg = f"{package} is not installed and cannot be installed here (not root or no apt-get)"
        raise CannotStartError(msg)
    _log(f"installing {package} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=False)  # noqa: S607
    _run(["apt-get", "install", "-y", "-qq", package], env=env, what=f"apt-get install {package}")


def _pg_bin() -> Path:
    for _ in range(2):
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if found:
            return found[-1].parent
        if shutil.which("initdb") and shutil.which("pg_ctl"):
            return Path(shutil.which("initdb") or "").parent
        _apt_install("postgresql")
    msg = "PostgreSQL binaries (initdb, pg_ctl) not found"
    raise CannotStartError(msg)


def _redis_bin() -> str:
    if shutil.which("redis-server") is None:
        _apt_install("redis-server")
    found = shutil.which("redis-server")
    if found is None:
        msg = "redis-server not found"
        raise CannotStartError(msg)
    return found


def _venv() -> Path:
    server = HOME / "venv" / "bin" / "nautobot-server"
    if server.exists():
        return server
    _log(f"installing {SPEC} into {HOME / 'venv'} (once)")
    _run([sys.executable, "-m", "venv", str(HOME / "venv")], what="python -m venv")
    pip = str(HOME / "venv" / "bin" / "pip")
    _run([pip, "install", "--quiet", SPEC], what=f"pip install {SPEC}")
    return server


def _version(server: Path) -> str:
    python = server.parent / "python"
    code = "import importlib.metadata as m; print(m.version('nautobot'))"
    return _run([str(python), "-c", code], what="reading the Nautobot version").strip()


def _as_postgres(cmd: list[str]) -> list[str]:
    """Run a PostgreSQL command as the postgres user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        msg = "running as root without runuser: cannot start PostgreSQL as another user"
        raise CannotStartError(msg)
    return [runuser, "-u", "postgres", "--", *cmd]


def _chown_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        _run(["chown", "-R", "postgres:postgres", str(path)], what="chown of the cluster")


def _start_postgres(pg_bin: Path, data: Path, port: int) -> None:
    options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={data}"
    options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    _run(
        _as_postgres(
            [
                str(pg_bin / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(data / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ]
        ),
        what="pg_ctl start",
    )


def _stop_postgres(data: Path) -> None:
    if not (data / "postmaster.pid").exists():
        return
    pg_ctl = _pg_bin() / "pg_ctl"
    subprocess.run(  # noqa: S603
        _as_postgres([str(pg_ctl), "-D", str(data), "-m", "fast", "-w", "stop"]),
        capture_output=True,
        check=False,
    )


def _config_file(secret_key: str) -> Path:
    path = RUN / "nautobot_config.py"
    path.write_text(
        '"""Nautobot settings for the nornir-optics tests (tools/nautobot_server.py)."""\n'
        "from nautobot.core.settings import *  # noqa: F403\n"
        "from nautobot.core.settings_funcs import is_truthy  # noqa: F401\n\n"
        'ALLOWED_HOSTS = ["127.0.0.1", "localhost"]\n'
        f"SECRET_KEY = {secret_key!r}\n"
        "DEBUG = False\n"
        "INSTALLATION_METRICS_ENABLED = False\n"
        "METRICS_ENABLED = False\n"
        'LOGGING = {"version": 1, "disable_existing_loggers": False}\n'
        + ("" if MIGRATIONS else _NO_MIGRATIONS),
        encoding="utf-8",
    )
    path.chmod(0o600)
    return path


def _environment(config: Path, db_port: int, redis_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "NAUTOBOT_ROOT": str(RUN / "root"),
        "NAUTOBOT_CONFIG": str(config),
        "NAUTOBOT_DB_HOST": "127.0.0.1",
        "NAUTOBOT_DB_PORT": str(db_port),
        "NAUTOBOT_DB_USER": "nautobot",
        "NAUTOBOT_DB_NAME": "nautobot",
        "NAUTOBOT_DB_PASSWORD": "",
        "NAUTOBOT_REDIS_HOST": "127.0.0.1",
        "NAUTOBOT_REDIS_PORT": str(redis_port),
        "NAUTOBOT_INSTALLATION_METRICS_ENABLED": "False",
    }


def _cache(version: str) -> Path:
    """Where the ready cluster of this Nautobot version (and schema source) is kept."""
    return HOME / "cache" / f"pg-{version}{'' if MIGRATIONS else '-models'}"


def _cluster(pg_bin: Path, version: str, db_port: int, env: dict[str, str], server: Path) -> None:
    """A running, migrated cluster in pg/: copied from the cache, or made and then cached."""
    data = RUN / "pg"
    cached = _cache(version)
    if data.exists():
        _stop_postgres(data)
        shutil.rmtree(data)
    if cached.is_dir():
        shutil.copytree(cached, data, symlinks=True)
        _chown_postgres(data)
        data.chmod(0o700)
        (data / "postmaster.pid").unlink(missing_ok=True)
        _start_postgres(pg_bin, data, db_port)
        return
    data.mkdir(parents=True)
    _chown_postgres(data)
    _run(
        _as_postgres(
            [
                str(pg_bin / "initdb"),
                "-D",
                str(data),
                "-U",
                "nautobot",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-instructions",
            ]
        ),
        what="initdb",
    )
    _start_postgres(pg_bin, data, db_port)
    createdb = str(pg_bin / "createdb")
    _run(
        [createdb, "-h", "127.0.0.1", "-p", str(db_port), "-U", "nautobot", "nautobot"],
        what="createdb",
    )
    started = time.monotonic()
    how = "migrating" if MIGRATIONS else "building the schema from the models of"
    _log(f"{how} a new database for Nautobot {version} (once; cached afterwards)")
    migrate = [str(server), "migrate", "--no-input", *([] if MIGRATIONS else ["--run-syncdb"])]
    _run(migrate, env=env, what="nautobot-server migrate")
    if not MIGRATIONS:
        _run([str(server), "shell", "--command", _SEED], env=env, what="nautobot-server shell")
    env_admin = {**env, "DJANGO_SUPERUSER_PASSWORD": env["OPTICS_NAUTOBOT_ADMIN_PASSWORD"]}
    _run(
        [
            str(server),
            "createsuperuser",
            "--no-input",
            "--username",
            ADMIN,
            "--email",
            "admin@example.invalid",
        ],
        env=env_admin,
        what="nautobot-server createsuperuser",
    )
    _log(f"migrate + superuser: {time.monotonic() - started:.0f} s")
    _stop_postgres(data)
    tmp = cached.with_name(cached.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(data, tmp, symlinks=True)
    (tmp / "admin-password").write_text(env["OPTICS_NAUTOBOT_ADMIN_PASSWORD"], encoding="utf-8")
    tmp.rename(cached)
    _start_postgres(pg_bin, data, db_port)


def _admin_password(version: str) -> str:
    saved = _cache(version) / "admin-password"
    if saved.is_file():
        return saved.read_text(encoding="utf-8").strip()
    return secrets.token_urlsafe(16)


def _wait_http(url: str, web: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if web.poll() is not None:
            tail = (RUN / "web.log").read_text(encoding="utf-8", errors="replace")
            lines = tail.strip().splitlines()[-3:]
            msg = f"nautobot-server runserver exited ({web.returncode}): {' | '.join(lines)}"
            raise CannotStartError(msg)
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=5):  # noqa: S310 - our own URL
                return
        except (urllib.error.URLError, OSError, TimeoutError):
            time.sleep(1)
    msg = f"Nautobot did not answer on {url} within {START_TIMEOUT_S:.0f} s"
    raise CannotStartError(msg)


def _token(url: str, password: str) -> str:
    basic = base64.b64encode(f"{ADMIN}:{password}".encode()).decode()
    request = urllib.request.Request(  # noqa: S310 - our own URL
        f"{url}/api/users/tokens/",
        data=json.dumps({"description": "nornir-optics tests"}).encode(),
        headers={
            "Authorization": f"Basic {basic}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return str(json.load(answer)["key"])


def up() -> dict[str, object]:
    """Start PostgreSQL, Redis and Nautobot; returns what run.json holds."""
    RUN.mkdir(parents=True, exist_ok=True)
    down(quiet=True)
    started = time.monotonic()
    pg_bin = _pg_bin()
    redis = _redis_bin()
    server = _venv()
    version = _version(server)
    db_port, redis_port, web_port = _free_port(), _free_port(), _free_port()
    secret_key = secrets.token_urlsafe(40)
    env = _environment(_config_file(secret_key), db_port, redis_port)
    env["OPTICS_NAUTOBOT_ADMIN_PASSWORD"] = _admin_password(version)
    info: dict[str, object] = {"version": version, "db_port": db_port, "redis_port": redis_port}
    _write_run(info)
    _run(
        [
            redis,
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--pidfile",
            str(RUN / "redis.pid"),
            "--logfile",
            str(RUN / "redis.log"),
            "--dir",
            str(HOME),
        ],
        what="redis-server",
    )
    _cluster(pg_bin, version, db_port, env, server)
    url = f"http://127.0.0.1:{web_port}"
    with (RUN / "web.log").open("wb") as log:
        web = subprocess.Popen(  # noqa: S603
            [str(server), "runserver", f"127.0.0.1:{web_port}", "--noreload", "--insecure"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    info.update({"url": url, "web_pid": web.pid})
    _write_run(info)
    _wait_http(url, web)
    info["token"] = _token(url, env["OPTICS_NAUTOBOT_ADMIN_PASSWORD"])
    info["seconds"] = round(time.monotonic() - started, 1)
    _write_run(info)
    return info


def _write_run(info: dict[str, object]) -> None:
    path = RUN / "run.json"
    path.touch(mode=0o600)
    path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def down(*, quiet: bool = False) -> bool:
    """Stop what ``up`` started; True when something was running."""
    path = RUN / "run.json"
    stopped = False
    if path.is_file():
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
        pid = info.get("web_pid")
        if isinstance(pid, int):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGTERM)
                stopped = True
        path.unlink()
    redis_pid = RUN / "redis.pid"
    if redis_pid.is_file():
        with contextlib.suppress(ValueError, ProcessLookupError, PermissionError):
            os.kill(int(redis_pid.read_text().strip()), signal.SIGTERM)
            stopped = True
        redis_pid.unlink(missing_ok=True)
    data = RUN / "pg"
    if data.exists():
        with contextlib.suppress(CannotStartError):
            _stop_postgres(data)
        shutil.rmtree(data, ignore_errors=True)
        stopped = True
    if stopped and not quiet:
        _log("stopped")
    return stopped


def main(argv: list[str]) -> int:
    """``up`` or ``down``."""
    command = argv[1] if len(argv) > 1 else ""
    if command == "down":
        down()
        return 0
    if command != "up":
        sys.stderr.write("usage: nautobot_server.py up|down\n")
        return 2
    try:
        info = up()
    except CannotStartError as exc:
        down(quiet=True)
        (RUN / "cannot-start").write_text(f"{exc}\n", encoding="utf-8")
        sys.stderr.write(f"nautobot: cannot start: {exc}\n")
        return CANNOT
    (RUN / "cannot-start").unlink(missing_ok=True)
    _log(f"Nautobot {info['version']} up at {info['url']} in {info['seconds']} s")
    _log(f"API token in {HOME / 'run.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
