"""The README's two set-up commands stay true: CI runs the test command word for word."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def code_lines(text: str) -> list[str]:
    return [line for block in re.findall(r"```\n(.*?)```", text, re.S) for line in block.splitlines()]


def test_ci_runs_the_readme_test_command():
    readme = code_lines((ROOT / "README.md").read_text(encoding="utf-8"))
    ci_command = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci_command in readme
    assert "pytest" in ci_command


def test_readme_start_command_runs_the_app_entry_point():
    readme = code_lines((ROOT / "README.md").read_text(encoding="utf-8"))
    start = [line for line in readme if "streamlit run" in line]
    assert start, "the README gives the command that starts the dashboard"
    path = start[0].split("streamlit run", 1)[1].split()[0]
    assert (ROOT / path).is_file()
