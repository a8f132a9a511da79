"""Audit the installed dependencies for known vulnerabilities with pip-audit.

    .venv/bin/python scripts/audit.py        # run by `make lint`, hence by `make test` and CI

Fails on any known vulnerability. When the vulnerability service cannot be reached
(no network, service down), or answers for none of the packages, it prints a
warning and succeeds: an outage elsewhere must not break every build, and the next
run with the service up audits again.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

UNREACHABLE_HINTS = (
    "ConnectionError",
    "Max retries",
    "Temporary failure in name resolution",
    "Name or service not known",
    "timed out",
    "Network is unreachable",
    "ConnectTimeout",
    "ReadTimeout",
    "SSLError",
    "503 Server Error",
)


# A slow or silent service must not hold the build longer than this.
AUDIT_SECONDS = 120


def warn(message):
    print(f"AVERTISSEMENT pip-audit : {message}", file=sys.stderr)
    return 0


def main():
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as folder:
        report_path = Path(folder) / "audit.json"
        try:
            result = subprocess.run(
                [
                    str(pip_audit),
                    "--format",
                    "json",
                    "--progress-spinner",
                    "off",
                    "--timeout",
                    "20",
                    "--output",
                    str(report_path),
                ],
                capture_output=True,
                text=True,
                timeout=AUDIT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            return warn(f"pas de réponse en {AUDIT_SECONDS} s, audit non fait.")
        report = json.loads(report_path.read_text()) if report_path.exists() else None
    return judge(report, result)


def judge(report, result):
    """The exit code for a pip-audit run: its JSON report (None if it wrote none) and process."""
    if report is None:
        if any(hint in result.stderr for hint in UNREACHABLE_HINTS):
            return warn("service de vulnérabilités injoignable, audit non fait.")
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        return result.returncode or 1
    dependencies = report["dependencies"]
    vulnerable = [dependency for dependency in dependencies if dependency.get("vulns")]
    for dependency in vulnerable:
        ids = ", ".join(vuln["id"] for vuln in dependency["vulns"])
        print(f"{dependency['name']} {dependency['version']} : {ids}", file=sys.stderr)
    if vulnerable:
        print(f"pip-audit : {len(vulnerable)} paquet(s) vulnérable(s).", file=sys.stderr)
        return 1
    audited = [dependency for dependency in dependencies if "skip_reason" not in dependency]
    if not audited:
        return warn("aucun paquet n'a pu être vérifié (index PyPI injoignable ?).")
    print(f"pip-audit : {len(audited)} paquets vérifiés, aucune vulnérabilité connue.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
