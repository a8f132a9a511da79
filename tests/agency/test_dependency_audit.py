"""scripts/audit.py: real vulnerabilities fail the build, an unreachable service only warns."""

import importlib.util
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit.py"


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def finished(returncode=0, stderr=""):
    return subprocess.CompletedProcess(["pip-audit"], returncode, stdout="", stderr=stderr)


def test_a_known_vulnerability_fails(audit, capsys):
    report = {"dependencies": [
        {"name": "django", "version": "6.1.0", "vulns": [{"id": "PYSEC-2026-1"}]},
        {"name": "pillow", "version": "13.0.0", "vulns": []},
    ]}  # fmt: skip
    assert audit.judge(report, finished(returncode=1)) == 1
    assert "django 6.1.0 : PYSEC-2026-1" in capsys.readouterr().err


def test_audited_packages_without_vulnerability_pass(audit):
    report = {"dependencies": [{"name": "django", "version": "6.1.3", "vulns": []}]}
    assert audit.judge(report, finished()) == 0


def test_an_unreachable_service_warns_without_failing(audit, capsys):
    stderr = "requests.exceptions.ConnectionError: Max retries exceeded with url"
    assert audit.judge(None, finished(returncode=1, stderr=stderr)) == 0
    assert "AVERTISSEMENT" in capsys.readouterr().err


def test_nothing_audited_warns_without_failing(audit, capsys):
    report = {"dependencies": [{"name": "django", "skip_reason": "not found on PyPI"}]}
    assert audit.judge(report, finished()) == 0
    assert "AVERTISSEMENT" in capsys.readouterr().err


def test_any_other_crash_fails(audit):
    assert audit.judge(None, finished(returncode=2, stderr="Traceback: KeyError")) == 2
