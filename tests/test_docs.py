"""Docs that cannot drift: the CLI reference matches --help, and every command is documented and tested."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer

from storyweave.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "gen_cli.py"), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr


def test_every_command_is_in_the_readme_and_tested() -> None:
    command = typer.main.get_command(app)
    names = sorted(getattr(command, "commands", {}))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    for name in names:
        assert f"storyweave {name}" in readme, f"README does not show `storyweave {name}`"
        assert f'"{name}"' in tests, f"no test invokes the `{name}` command"


def test_readme_shows_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
