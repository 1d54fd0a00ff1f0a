"""`pip install .` (not only -e) gives a working package: a wheel built from the checkout holds every
subpackage and its data (vocabularies, basemap layers), and the extraction runs from it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_wheel_holds_the_subpackages_and_their_data(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
        ],
        check=True,
        cwd=tmp_path,
        timeout=300,
    )
    (wheel,) = wheels.glob("crisis_dashboard-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (
        "dashboard/extract/pipeline.py",
        "dashboard/extract/vocab/subjects.csv",
        "dashboard/extract/vocab/README.md",
        "dashboard/view/basemap/countries.geojson",
        "dashboard/app.py",
    ):
        assert path in names, path
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import dashboard, dashboard.extract.pipeline as p; from pathlib import Path; "
        f"assert Path(dashboard.__file__).is_relative_to(Path(r'{target}')), dashboard.__file__; "
        f"r = p.build(Path(r'{ROOT / 'seeds'}'), None, progress=False); print(len(r.tables['figures']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) > 0
