"""The package as a user installs it: a wheel built from the checkout, installed in a fresh
virtual environment, runs the default report with its console script from another folder.

No network: the wheel is built without build isolation, installed with `--no-deps
--no-index`, and the fresh environment reaches its dependencies through a `.pth` line to this
environment's site-packages (a path entry only: this checkout's editable install, whose hook
is itself a `.pth` file, is not activated there, so `pipeline` can only come from the wheel).
"""
from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("install")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(tmp / "dist"), str(ROOT)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = (tmp / "dist").glob("*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True)
    venv_python = tmp / "venv" / "bin" / "python"
    purelib = subprocess.run([str(venv_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = subprocess.run([str(venv_python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return tmp


def test_the_wheel_ships_the_schemas(installed):
    [wheel] = (installed / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    schemas = [n for n in names if n.startswith("pipeline/schemas/") and n.endswith(".json")]
    assert len(schemas) == len(list((ROOT / "pipeline" / "schemas").glob("*.json"))) > 20


def test_the_console_script_runs_the_default_report(installed):
    work = installed / "elsewhere"
    work.mkdir()
    script = installed / "venv" / "bin" / "cop-pipeline"
    where = subprocess.run([str(installed / "venv" / "bin" / "python"), "-c", "import pipeline; print(pipeline.__file__)"],
                           capture_output=True, text=True, cwd=work, check=True).stdout
    assert str(installed / "venv") in where                      # the wheel's code, not the checkout's
    result = subprocess.run([str(script), "-q", "run", str(ROOT / "raw"), "--out", str(work / "out")],
                            capture_output=True, text=True, cwd=work)
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((work / "out" / "manifest.json").read_text())
    assert manifest["tables"]["resolutions"] == 9 and manifest["command"][0] == "cop-pipeline"
    help_text = subprocess.run([str(script), "--help"], capture_output=True, text=True, cwd=work).stdout
    assert help_text.startswith("usage: cop-pipeline")
    site = subprocess.run([str(script), "-q", "site", "--out", str(work / "out"), "--inputs", str(ROOT / "raw")],
                          capture_output=True, text=True, cwd=work)
    assert site.returncode == 0, site.stderr[-3000:]            # the templates and static files ship too
    assert (work / "out" / "site" / "site.css").stat().st_size > 500
    assert "CTOC/COP/2022/9" in (work / "out" / "site" / "index.html").read_text(encoding="utf-8")
