"""tools/build_catalogue.py rebuilds the data files as committed, keeping the hand-written definitions."""

import importlib.util
import json
import shutil
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from planwatch.catalogue import DATA_FILES

TOOL = Path(__file__).resolve().parents[2] / "tools" / "build_catalogue.py"
PACKAGED = resources.files("planwatch.catalogue").joinpath("data")


def _tool_writing_to(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_catalogue_under_test", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.DATA = folder  # never the package's own data folder
    return module


def test_a_rebuild_writes_the_committed_files_and_keeps_every_definition(
    tmp_path: Path, gold: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given the committed indicators.json, whose definitions the rebuild must keep
    shutil.copy(str(PACKAGED.joinpath("indicators.json")), tmp_path / "indicators.json")
    # when the catalogue is built again from the gold annotation
    code = _tool_writing_to(tmp_path).main(["--gold", str(gold), "--corpus", str(corpus)])
    # then every data file is the committed one, byte for byte
    assert code == 0
    changed = [
        n for n in DATA_FILES if (tmp_path / n).read_text("utf-8") != PACKAGED.joinpath(n).read_text("utf-8")
    ]
    assert changed == []
    assert "has no definition yet" not in capsys.readouterr().out


def test_an_indicator_without_a_written_definition_is_built_as_not_combined(
    tmp_path: Path, gold: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given no indicators.json to keep definitions from
    # when the catalogue is built
    _tool_writing_to(tmp_path).main(["--gold", str(gold), "--corpus", str(corpus)])
    # then each indicator is marked undefined and never combined, and the build says so
    items = json.loads((tmp_path / "indicators.json").read_text("utf-8"))["items"]
    assert len(items) == 94
    assert {(i["aggregation"], i["definition"]) for i in items} == {("none", "")}
    assert all(i["reason"].startswith("not defined yet") for i in items)
    assert capsys.readouterr().out.count("has no definition yet") == 94
