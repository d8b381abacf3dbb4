"""The README's curl examples, run as written against a system seeded like `make run`."""
import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.stack import PBX_KEY, ROOT, Stack


@pytest.fixture(scope="module")
def seeded():
    s = Stack(seed=True).start()
    yield s
    s.stop()


def readme_example() -> str:
    text = (ROOT / "README.md").read_text()
    block = text.split("<!-- example:start -->")[1].split("<!-- example:end -->")[0]
    return re.search(r"```sh\n(.*?)```", block, re.S).group(1)


def test_the_readme_examples_work_as_written(seeded):
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", readme_example()], capture_output=True,
                            text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "CRM": seeded.base,
                                                         "PBX_KEY": PBX_KEY})
    assert result.returncode == 0, result.stderr + result.stdout
    overview = json.loads(result.stdout.strip().splitlines()[-1])
    assert overview["customer"]["name"] == "Maja Berg"
    assert [a["city"] for a in overview["address_history"]] == ["Göteborg"]
    assert [c["state"] for c in overview["calls"]] == ["ended"]
    assert len(overview["cases"]) == 1 and len(overview["orders"]) == 1
    assert [(l["sku"], l["ships_now"]) for l in overview["orders"][0]["lines"]] == [
        ("SPADE-01", True), ("SHEARS-02", False)]
    assert overview["messages"][0]["subject"].endswith(overview["cases"][0]["number"])


def test_make_help_lists_what_the_readme_names():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True).stdout
    readme = (ROOT / "README.md").read_text()
    for target in re.findall(r"`make ([a-z0-9-]+)`", readme):
        assert f"make {target} " in out, target
