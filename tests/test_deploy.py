"""The repo deploys on Streamlit Community Cloud as it is: dependencies, config, entry point, no secrets."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _requirements_txt(text: str) -> dict[str, Requirement]:
    reqs = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            reqs[canonicalize_name(req.name)] = req
    return reqs


def _pyproject_dependencies() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {canonicalize_name(r.name): r for r in map(Requirement, project["dependencies"])}


def _config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_requirements_txt_matches_pyproject_dependencies():
    txt = _requirements_txt((ROOT / "requirements.txt").read_text())
    toml = _pyproject_dependencies()
    assert sorted(txt) == sorted(toml), "requirements.txt and pyproject.toml name different packages"
    for name, req in toml.items():
        assert txt[name].specifier == req.specifier, f"{name}: {txt[name].specifier} vs {req.specifier}"
        assert txt[name].marker == req.marker, f"{name}: environment markers differ"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "streamlit>=1.40\n# comment\n\nPlotly >= 6.0  # inline\n",
            {"streamlit": ">=1.40", "plotly": ">=6.0"},
        ),
        ("geo_py[extra]==2.4 ; python_version >= '3.11'\n", {"geo-py": "==2.4"}),
    ],
)
def test_requirements_parser_reads_names_and_specifiers(text, expected):
    # The agreement test above is only as good as this parser.
    assert {n: str(r.specifier) for n, r in _requirements_txt(text).items()} == expected


def test_the_app_needs_the_plotting_and_table_packages():
    assert {"streamlit", "plotly", "pandas"} <= set(
        _requirements_txt((ROOT / "requirements.txt").read_text())
    )


def test_streamlit_config_is_headless_private_viewer_and_themed():
    config = _config()
    assert config["server"]["headless"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "viewer"
    theme = config["theme"]
    assert theme["base"] in {"light", "dark"}
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", theme["primaryColor"])


def test_streamlit_config_options_are_known_to_streamlit():
    # A misspelt option is silently ignored by Streamlit; its own option table catches it.
    from streamlit import config as st_config

    known = set(getattr(st_config, "_config_options_template", {}))
    if not known:
        pytest.skip("this Streamlit version does not expose its option table")
    for section, options in _config().items():
        for option in options:
            assert f"{section}.{option}" in known, f"unknown Streamlit option {section}.{option}"


def test_entry_point_exists_and_needs_no_secret():
    assert (ROOT / "dashboard" / "app.py").is_file(), "Community Cloud's entry point is dashboard/app.py"
    assert not (ROOT / ".streamlit" / "secrets.toml").exists(), "secrets must never be committed"
    for path in (ROOT / "dashboard").rglob("*.py"):
        assert "st.secrets" not in path.read_text(encoding="utf-8"), f"{path.name} reads st.secrets"


def test_deploy_doc_names_the_entry_point_and_the_deep_link():
    doc = (ROOT / "docs" / "deploy.md").read_text()
    assert "dashboard/app.py" in doc
    assert "requirements.txt" in doc
    assert "?" in doc and "query" in doc.lower()
