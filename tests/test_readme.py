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


def _section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", text, re.S | re.M)
    assert m, f"the README has a section '{title}'"
    return m.group(1)


def _tree_paths(block: str) -> set[str]:
    """Paths of an indented tree ("dashboard/", "  extract/", "    ingest.py  what it does")."""
    stack: list[tuple[int, str]] = []
    paths = set()
    for line in block.splitlines():
        if not line.strip():
            continue
        indent, name = len(line) - len(line.lstrip()), line.split()[0]
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = "".join(p for _, p in stack) + name
        paths.add(path.rstrip("/"))
        if name.endswith("/"):
            stack.append((indent, name))
    return paths


def test_layout_tree_names_every_module_and_nothing_else():
    block = re.search(r"```\n(.*?)```", _section("How the code is laid out"), re.S)
    assert block
    listed = _tree_paths(block.group(1))
    modules = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "dashboard").rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py")  # a package is named by its folder's line
    }
    modules |= {m.rsplit("/", 1)[0] for m in modules}
    missing = sorted(m for m in modules if m not in listed)
    assert not missing, f"modules the README's tree does not name: {missing}"
    gone = sorted(p for p in listed if not (ROOT / p).exists())
    assert not gone, f"the README's tree names what is not there: {gone}"
    lines = [line for line in block.group(1).splitlines() if line.strip().endswith(".py")]
    bare = [line.strip() for line in lines if len(line.split()) < 2]
    assert not bare, f"each module has its line saying what it is: {bare}"


def test_developing_commands_name_what_exists():
    import subprocess
    import sys

    section = _section("Developing")
    commands = re.findall(r"\| `([^`]+)`", section)
    assert len(commands) >= 6
    for command in commands:
        for part in command.split("&&"):
            words = part.split()
            if words[:2] == ["python", "-m"] and words[2] == "dashboard":
                sub, flags = words[3], [w.split("=")[0] for w in words[4:] if w.startswith("--")]
                usage = subprocess.run(
                    [sys.executable, "-m", "dashboard", sub, "--help"],
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                )
                assert usage.returncode == 0, command
                for flag in flags:
                    assert flag in usage.stdout, f"{command}: {flag} is not an option of {sub}"
            elif words[:2] == ["python", "-m"]:
                import importlib.util

                assert importlib.util.find_spec(words[2]), f"{command}: no module {words[2]}"
            elif words[0] == "python":
                assert (ROOT / words[1]).is_file(), command
            for word in words[1:]:
                if re.fullmatch(r"(tests|bench|dashboard|seeds)/[\w/.-]*", word):
                    assert (ROOT / word).exists(), f"{command}: {word} is not there"
    for path in re.findall(r"`((?:tests|bench|dashboard)/[\w/.-]+)`", section):
        assert (ROOT / path).exists(), f"the Developing section names {path}, which is not there"
