"""The command line: `build` and `brief` read and write tables without a web framework (they
import no Streamlit: a server's package need not be installed where briefs are made)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--seeds", str(ROOT / "seeds"), "--out", "{tmp}/data", "--no-progress"],
        [
            "brief",
            "--view",
            "place=foua",
            "--data",
            str(ROOT / "data"),
            "--out",
            "{tmp}/brief",
            "--html-only",
        ],
    ],
    ids=["build", "brief"],
)
def test_build_and_brief_import_no_streamlit(args, tmp_path):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code = (
        "import sys; from dashboard import cli; code = cli.main(sys.argv[1:]); "
        "assert 'streamlit' not in sys.modules, sorted(m for m in sys.modules if m.startswith('streamlit'))[:3]; "
        "sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
