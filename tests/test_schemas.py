"""The course's jsonschema import (course.schemas) leaves out the optional package whose import
takes seconds, and takes nothing else away."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.util import find_spec

import pytest

from course.paths import PROGRESS_ENV_VAR
from course.schemas import SLOW_OPTIONAL

PROBE = f"""
import json, sys
from course.schemas import jsonschema
module = jsonschema()
left_out = {SLOW_OPTIONAL!r} not in sys.modules
module.Draft202012Validator({{"type": "integer"}}).validate(3)
try:
    module.Draft202012Validator({{"type": "integer"}}).validate("3")
    refused = False
except module.ValidationError:
    refused = True
import {SLOW_OPTIONAL}
print(json.dumps({{"left_out": left_out, "refused": refused}}))
"""


@pytest.mark.skipif(find_spec(SLOW_OPTIONAL) is None, reason=f"{SLOW_OPTIONAL} is not installed here")
def test_jsonschema_comes_without_the_slow_package_and_still_validates():
    out = json.loads(subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                                    check=True).stdout)
    assert out["left_out"], f"importing jsonschema imported {SLOW_OPTIONAL}"
    assert out["refused"], "a wrong value must still be refused"


@pytest.mark.skipif(find_spec(SLOW_OPTIONAL) is None, reason=f"{SLOW_OPTIONAL} is not installed here")
def test_opening_a_lesson_and_checking_the_banks_do_not_import_the_slow_package(tmp_path):
    probe = (f"import sys, course\nlesson = course.start_lesson('03')\nlesson.quiz('1.1')\n"
             f"from course.banks import validate_all\nvalidate_all()\nprint({SLOW_OPTIONAL!r} in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**os.environ, PROGRESS_ENV_VAR: str(tmp_path / "progress.json")})
    assert out.stdout.strip().splitlines()[-1] == "False", out.stdout
