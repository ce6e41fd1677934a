"""make bench-ablation: one row per change, from the official recipe to BEST, written as CSV and
Markdown (a very short run on a small built-in data set)."""
import copy
import csv

from cs231n.data_utils import load_data
from cs231n.recipes import BEST
import tools.ablation as ablation


def test_rows_go_from_the_official_recipe_to_best_one_change_at_a_time():
    rows = ablation.steps()
    assert rows[0][1]["hidden_size"] == 50 and rows[-2][1]["solver"] == BEST["solver"]
    assert "(= BEST)" in rows[-2][0] and rows[-1][1] == dict(rows[-2][1], whiten=None)   # BEST, then without ZCA
    for (_, before), (_, after) in zip(rows, rows[1:]):
        differences = [k for k in after["solver"] if after["solver"][k] != before["solver"].get(k)]
        differences += [k for k in ("hidden_size", "standardize", "whiten") if after.get(k) != before.get(k)]
        assert differences, "a row that changes nothing"


def test_ablation_writes_both_tables(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CS231N_DATA_DIR", str(tmp_path / "no-data"))
    cached = load_data(num_training=600, num_validation=100, num_test=200)   # > BEST's batch
    small = lambda num_test, dtype: copy.deepcopy(cached)       # each run standardises its own copy
    ablation.main(["--epochs-scale", "0.0005", "--out", str(tmp_path)], load=small)
    with open(tmp_path / "ablation.csv") as f:
        header = [line for line in f if line.startswith("#")]
        f.seek(0)
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    assert len(rows) == len(ablation.steps())
    assert rows[0]["loop"] == "Solver" and rows[-1]["loop"] == "fast"
    assert any("built-in" in line for line in header) and any("SHORTENED" in line for line in header)
    markdown = (tmp_path / "ablation.md").read_text()
    assert markdown.count("\n| ") == len(rows) + 1      # the column names and one line per row
