"""Build the Wagtail peer (README.md) in its own virtual environment and print the address of its
newest blog page. Standard library only: it runs under any Python 3.11+, the portal's included."""

import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK_DIR = Path(os.environ.get("BENCH_WORK_DIR", Path(tempfile.gettempdir()) / "ntmportal-bench"))
PEER_DIR = WORK_DIR / "wagtail-peer"
PYTHON = PEER_DIR / "venv" / "bin" / "python"


def environment():
    return {**os.environ, "PEER_DATA_DIR": str(PEER_DIR), "DJANGO_SETTINGS_MODULE": "peer.settings"}


def manage(*arguments, capture=False):
    result = subprocess.run(  # noqa: S603 - our own arguments
        [str(PYTHON), "manage.py", *arguments],
        cwd=HERE,
        env=environment(),
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1] if capture else None


def build():
    requirements = (HERE / "requirements.txt").read_text()
    stamp = PEER_DIR / "built"
    if stamp.exists() and stamp.read_text() == requirements:
        return (PEER_DIR / "address").read_text()
    PEER_DIR.mkdir(parents=True, exist_ok=True)
    venv.create(PEER_DIR / "venv", with_pip=True, clear=True)
    subprocess.run(  # noqa: S603
        [str(PYTHON), "-m", "pip", "install", "--quiet", "-r", str(HERE / "requirements.txt")],
        check=True,
    )
    (PEER_DIR / "peer.sqlite3").unlink(missing_ok=True)
    migrations = HERE / "blog" / "migrations"
    manage("makemigrations", "blog", "--verbosity", "0")
    manage("migrate", "--no-input", "--verbosity", "0")
    address = manage("build_blog", capture=True)
    # The generated migration stays out of the repository.
    for path in migrations.glob("*.py"):
        path.unlink()
    migrations.rmdir()
    (PEER_DIR / "address").write_text(address)
    stamp.write_text(requirements)
    return address


def start(bind, workers):
    """gunicorn serving the peer with the portal's worker settings (gunicorn.conf.py)."""
    command = [
        str(PYTHON), "-m", "gunicorn", "peer.wsgi", "--bind", bind, "--workers", str(workers),
        "--preload", "--max-requests", "2000", "--max-requests-jitter", "200", "--log-level",
        "warning",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=HERE, env=environment())  # noqa: S603


if __name__ == "__main__":
    print(build(), file=sys.stdout)
