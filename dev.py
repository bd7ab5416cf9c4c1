#!/usr/bin/env python3
"""Set up and run Gendan from a fresh clone with nothing but Python 3.11+.

    python3 dev.py demo     install into .venv, load the demo factory, serve on :8000
    python3 dev.py test     install into .venv, run the whole test suite

Installs the exact versions of requirements.lock into a local virtual environment
(.venv) and Gendan itself in editable mode; re-installs only when the lock changes.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".gendan-installed"


def _fingerprint():
    digest = hashlib.sha256()
    for name in ("requirements.lock", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment():
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit(f"Gendan needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not (BIN / "python").exists():
        print("创建虚拟环境 / creating .venv …", flush=True)
        venv.create(VENV, with_pip=True)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    print("安装依赖 / installing dependencies (requirements.lock) …", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-r", str(ROOT / "requirements.lock")], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    STAMP.write_text(_fingerprint())


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    if command not in ("demo", "test", "install"):
        print(__doc__)
        return 2
    ensure_environment()
    os.chdir(ROOT)
    if command == "install":
        return 0
    if command == "demo":
        return subprocess.call([str(BIN / "gendan"), "demo", *sys.argv[2:]])
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *sys.argv[2:]])


if __name__ == "__main__":
    sys.exit(main())
