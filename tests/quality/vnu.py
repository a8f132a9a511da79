"""Run the Nu Html Checker (vnu.jar, from npm's `vnu-jar`) on a batch of HTML documents.

One Java process checks every document of a sweep: starting the JVM costs about a
second, checking a page a few milliseconds.
"""

import json
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def html_errors(documents, workdir):
    """Validate {name: html bytes}; return {name: ["line 12: message", ...]} for every name.

    Only errors count (warnings and info are not failures). `workdir` is a scratch folder.
    """
    java = shutil.which("java")
    assert java, "Java est nécessaire au Nu Html Checker (paquet Debian default-jre-headless)."
    assert VNU_JAR.exists(), f"{VNU_JAR} manque : lancez `make node-tools` (npm ci)."
    names_by_file = {}
    for index, (name, html) in enumerate(documents.items()):
        path = Path(workdir) / f"page-{index}.html"
        path.write_bytes(html)
        names_by_file[path.name] = name
    paths = [str(Path(workdir) / file_name) for file_name in names_by_file]
    completed = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *paths],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(completed.stdout)
    errors = {name: [] for name in documents}
    for message in report["messages"]:
        # vnu names files by URL ("file:" + the absolute path of page-3.html).
        file_name = message.get("url", "").rsplit("/", 1)[-1]
        errors.setdefault(names_by_file.get(file_name, file_name), []).append(
            f"ligne {message.get('lastLine', '?')} : {message['message']}"
            f" — {message.get('extract', '').strip()!r}"
        )
    return errors
