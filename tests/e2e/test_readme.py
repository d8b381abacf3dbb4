"""The README's curl examples, run as written against a system seeded like `make run`."""

import json
import re
import subprocess
import sys

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
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", readme_example()],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "CRM": seeded.base, "PBX_KEY": PBX_KEY},
    )
    assert result.returncode == 0, result.stderr + result.stdout
    overview = json.loads(result.stdout.strip().splitlines()[-1])
    assert overview["customer"]["name"] == "Maja Berg"
    assert [a["city"] for a in overview["address_history"]] == ["Göteborg"]
    assert [c["state"] for c in overview["calls"]] == ["ended"]
    assert len(overview["cases"]) == 1 and len(overview["orders"]) == 1
    assert [(line["sku"], line["ships_now"]) for line in overview["orders"][0]["lines"]] == [
        ("SPADE-01", True),
        ("SHEARS-02", False),
    ]
    sent = {m["template"]: m["subject"] for m in overview["messages"]}
    assert sent["case_confirmation"].endswith(overview["cases"][0]["number"])
    assert sent["order_confirmation"] == f"Your order {overview['orders'][0]['id']}"


def test_make_help_lists_what_the_readme_names():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True).stdout
    readme = (ROOT / "README.md").read_text()
    for target in re.findall(r"`make ([a-z0-9-]+)`", readme):
        assert f"make {target} " in out, target


def test_the_readme_rpc_example_works_as_written(seeded):
    text = (ROOT / "README.md").read_text().split("## Calling the services over RPC")[1]
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    code = "import eventlet; eventlet.monkey_patch()\n" + code.replace(
        "pyamqp://guest:guest@127.0.0.1:5672/", seeded.amqp_uri
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "'given_name': 'a person needs given_name and family_name (or name)'" in result.stdout
