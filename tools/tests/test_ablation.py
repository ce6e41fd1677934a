"""make bench-ablation: a forward chain from the official recipe to BEST that changes one thing per
row, BEST with one change taken back at a time, seeds; validation accuracies only, the test set once
(a very short run on a small built-in data set)."""
import copy
import csv

import numpy as np
import pytest

from cs231n.data_utils import load_data
from cs231n.recipes import BEST, OFFICIAL
import tools.ablation as ablation


def other_rate(recipe, grid):
    """A stand-in for the validation search: a grid rate that is not the recipe's own."""
    return next(rate for rate in grid if rate != recipe["solver"]["optim_config"]["learning_rate"])


def test_the_chain_goes_from_the_official_recipe_to_best_one_thing_at_a_time():
    rows = list(ablation.forward_chain(other_rate))
    first, last = rows[0][1], rows[-1][1]
    assert first == ablation.official_recipe() and first["hidden_size"] == OFFICIAL["hidden_size"]
    assert not ablation.things_changed(last, ablation.best_recipe()) and "BEST" in rows[-1][0]
    for (_, before), (change, after) in zip(rows, rows[1:]):
        assert len(ablation.things_changed(before, after)) == 1, change


def test_a_row_that_retunes_the_rate_changes_only_the_rate_and_says_how_it_was_chosen():
    rows = list(ablation.forward_chain(other_rate))
    retuned = [(before, change, after) for (_, before), (change, after) in zip(rows, rows[1:])
               if change.startswith("learning rate")]
    assert len(retuned) == 3
    for before, change, after in retuned:
        assert ablation.things_changed(before, after) == {"learning_rate"}
        assert "chosen on validation from 0.001, 0.003," in change or "BEST's rate" in change
    # the rows before a re-tuning keep the old rate, and say so
    kept = [change for change, _ in rows if "kept" in change]
    assert len(kept) == 3


def test_the_chain_asks_for_a_rate_only_after_the_rows_above_are_yielded():
    asked, seen = [], []

    def choose(recipe, grid):
        asked.append(len(seen))
        return other_rate(recipe, grid)
    for change, recipe in ablation.forward_chain(choose):
        seen.append(change)
    assert asked == [2, 7]      # after "standardised inputs" (row 1) and "momentum" (row 6)


def test_leave_one_out_takes_back_one_change_of_best_per_row():
    rows = ablation.leave_one_out()
    best = ablation.best_recipe()
    assert rows[0][0] == "BEST" and rows[0][1] == best
    changes = {row[0]: row for row in rows}
    taken_back = set()
    for change, recipe, base in rows[1:]:
        if base is None:
            things = ablation.things_changed(best, recipe)
            assert len(things) == 1, change
            taken_back |= things
        else:      # a re-tuned version of another leave-one-out row: only the rate differs
            assert ablation.things_changed(changes[base][1], recipe) == {"learning_rate"}, change
    # every change of the chain is taken back once, except standardising (whitening rescales the
    # inputs to unit variance anyway); the initial std is set by the fan-in rule instead
    assert taken_back == {"update rule", "schedule", "replacement", "batch_size", "reg", "length", "whiten",
                          "hidden_size", "augment", "std"}
    assert ablation.FAN_IN_STD == pytest.approx(0.0255, abs=1e-4)


def test_rate_text_writes_small_rates_as_powers_of_ten():
    assert [ablation.rate_text(r) for r in (1e-4, 3e-4, 1e-3, 0.08, 1.0)] == ["1e-4", "3e-4", "0.001", "0.08", "1"]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """The tool run for 0.002 of every recipe's steps on 600 built-in images (once for the module):
    the folder written, and the notes of every table written on the way."""
    folder = tmp_path_factory.mktemp("ablation")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("CS231N_DATA_DIR", str(folder / "no-data"))
        cached = load_data(num_training=600, num_validation=100, num_test=200)   # > BEST's batch
        small = lambda **sizes: copy.deepcopy(cached)
        written, write = [], ablation.write_tables
        monkeypatch.setattr(ablation, "write_tables", lambda rows, header, *where: (written.append(header),
                                                                                    write(rows, header, *where)))
        ablation.main(["--epochs-scale", "0.002", "--out", str(folder)], load=small)
    return folder, written


def read(folder, name="ablation"):
    with open(folder / f"{name}.csv") as f:
        lines = f.read().splitlines()
    notes = [line for line in lines if line.startswith("#")]
    return notes, list(csv.DictReader(line for line in lines if not line.startswith("#")))


def test_the_tool_writes_three_tables_of_validation_accuracies(tiny_run):
    folder, written = tiny_run
    notes, rows = read(folder)
    tables = [r["table"] for r in rows]
    chain = list(ablation.forward_chain(other_rate))
    assert tables.count("chain") == len(chain) and tables.count("leave-one-out") == len(ablation.leave_one_out())
    assert tables.count("seeds") == 1 + len(ablation.BEST_SEEDS) + 1 + len(ablation.CHEAP_SEEDS)
    assert "test_acc" not in rows[0] and {"train_acc", "val_acc", "delta"} <= set(rows[0])
    assert rows[0]["loop"] == "Solver" and rows[len(chain) - 1]["loop"] == "fast"
    # the chain's deltas are from the row above, the leave-one-out's from BEST
    assert float(rows[1]["delta"]) == pytest.approx(float(rows[1]["val_acc"]) - float(rows[0]["val_acc"]))
    loo = [r for r in rows if r["table"] == "leave-one-out"]
    assert float(loo[3]["delta"]) == pytest.approx(float(loo[3]["val_acc"]) - float(loo[0]["val_acc"]))
    markdown = (folder / "ablation.md").read_text()
    assert markdown.count("\n| ") == len(rows) + 3 and markdown.count("\n## ") == 3   # a title line per table


def test_the_notes_say_where_the_numbers_come_from_and_use_the_test_set_once(tiny_run):
    folder, written = tiny_run
    notes, rows = read(folder)
    text = "\n".join(notes)
    assert "built-in" in text and "SHORTENED" in text and "machine:" in text and "took" in text
    assert "validation on the next 100" in text and "PARTIAL" not in text
    assert sum("test images" in line for line in notes) == 1 and "BEST (seed 0)" in text
    assert sum(line.startswith("# learning rates tried after") for line in notes) == 2
    assert sum(line.startswith("# seed-to-seed spread") for line in notes) == 2
    assert all(any("PARTIAL" in line for line in header) for header in written[:-1])   # while it runs


def test_the_bench_recipe_tables_change_one_thing_per_row_and_take_each_back():
    rows = ablation.bench_recipe_rows()
    chain = [r for r in rows if r[0] == "bench"]
    back = [r for r in rows if r[0] == "bench-leave-one-out"]
    best, bench_views = ablation.best_recipe(), ablation.BENCH["test_views"]
    assert chain[0][2] == best and chain[0][3] == ablation.AS_IS
    assert not ablation.things_changed(chain[-1][2], ablation.BENCH) and chain[-1][3] == bench_views
    for (_, _, before, views_before, _), (_, change, after, views, compared_with) in zip(chain, chain[1:]):
        assert len(ablation.things_changed(before, after)) + (views != views_before) == 1, change
    assert back[0][2:4] == chain[-1][2:4]
    for _, change, recipe, views, compared_with in back[1:]:
        assert compared_with == back[0][1]
        assert len(ablation.things_changed(recipe, back[0][2])) + (views != bench_views) == 1, change


def test_the_bench_recipe_tables_are_written_with_the_test_set_used_once(tmp_path, monkeypatch):
    monkeypatch.setenv("CS231N_DATA_DIR", str(tmp_path / "no-data"))
    cached = load_data(num_training=600, num_validation=100, num_test=200)
    ablation.main(["--bench-recipe", "--epochs-scale", "0.002", "--out", str(tmp_path)],
                  load=lambda **sizes: copy.deepcopy(cached))
    notes, rows = read(tmp_path, "bench_recipe")
    assert [r["table"] for r in rows] == ["bench"] * 6 + ["bench-leave-one-out"] * 6
    assert [r["loop"] for r in rows] == ["fast"] * 12
    assert float(rows[2]["delta"]) == pytest.approx(float(rows[2]["val_acc"]) - float(rows[1]["val_acc"]))
    assert float(rows[8]["delta"]) == pytest.approx(float(rows[8]["val_acc"]) - float(rows[6]["val_acc"]))
    assert rows[5]["val_acc"] == rows[6]["val_acc"]           # the same recipe and views, trained once
    assert sum("test images" in line for line in notes) == 1 and "make bench's recipe on all 200" in "\n".join(notes)
    assert (tmp_path / "bench_recipe.md").read_text().count("\n## ") == 2


def test_the_seed_spread_is_the_standard_deviation_over_the_seeds():
    rows = [{"table": "seeds", "change": "BEST", "val_acc": v} for v in ("0.60", "0.62", "0.64")]
    rows.append({"table": "chain", "change": "BEST", "val_acc": "0.10"})
    assert ablation.seed_spread(rows) == {"BEST": (3, pytest.approx(0.02))}


# The readings of notebook 6 and of the README's ablation section, checked against the stored tables
# (validation accuracies only). They fail if results/ablation.csv is re-made and a reading stops holding.

RESULTS = ablation.os.path.join(ablation.os.path.dirname(__file__), "..", "..", "results", "ablation.csv")


@pytest.fixture(scope="module")
def results():
    """The stored tables: notes, and per table {change: row} with accuracies as floats."""
    with open(RESULTS) as f:
        lines = f.read().splitlines()
    notes = [line[2:] for line in lines if line.startswith("# ")]
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    for row in rows:
        for key in ("train_acc", "val_acc"):
            row[key] = float(row[key])
        row["delta"] = float(row["delta"]) if row["delta"] else None
    tables = {name: [r for r in rows if r["table"] == name] for name in ("chain", "leave-one-out", "seeds")}
    return notes, tables


def find(rows, start):
    return next(r for r in rows if r["change"].startswith(start))


def test_the_stored_tables_are_a_full_finished_run_on_cifar10(results):
    notes, tables = results
    text = "\n".join(notes)
    assert "Data: CIFAR-10" in text and "PARTIAL" not in text and "SHORTENED" not in text
    assert len(tables["chain"]) == len(list(ablation.forward_chain(other_rate)))
    assert [r["change"] for r in tables["leave-one-out"]] == [c for c, _, _ in ablation.leave_one_out()]
    assert "test_acc" not in tables["chain"][0] and sum("test images" in line for line in notes) == 1


def test_the_readings_in_the_readme_hold_on_the_validation_column(results):
    """What README.md says the ablation shows, read on validation accuracy (5,000 images, one standard
    error about 0.7 points; BEST's seed-to-seed standard deviation about 0.4)."""
    _, tables = results
    chain, loo, seeds = tables["chain"], tables["leave-one-out"], tables["seeds"]
    best = loo[0]["val_acc"]
    noise = 0.01                                                        # below a point: noise
    assert find(chain, "standardised inputs, rate 1e-4 kept")["val_acc"] < 0.15        # falls to chance
    small_net = [r for r in chain[:13] if not r["change"].startswith("learning rate")     # 50 units; re-tuned
                 and r["delta"] is not None and not np.isnan(r["delta"])]              # rates left out
    assert max(small_net, key=lambda r: r["delta"])["change"].startswith("reg 0.25")     # the largest gain
    momentum_retuned = chain.index(find(chain, "momentum 0.9")) + 1
    assert chain[momentum_retuned]["val_acc"] <= chain[momentum_retuned - 2]["val_acc"] + noise  # no gain there
    assert find(chain, "ZCA-whitened")["delta"] < -0.05                # costs points where it enters
    assert find(loo, "reg 0.25")["val_acc"] < best - 0.3
    assert find(loo, "50 hidden units")["val_acc"] < best - 0.05
    assert find(loo, "no whitening")["val_acc"] < best - 0.02
    assert find(loo, "no momentum, same rate")["val_acc"] < best - 0.05
    assert abs(find(loo, "no momentum, rate")["val_acc"] - best) < noise     # the larger step is the gain
    assert abs(find(loo, "initial weights' std 0.026")["val_acc"] - best) < noise
    assert abs(find(loo, "batches with replacement")["val_acc"] - best) < noise
    spread = np.std([r["val_acc"] for r in seeds if r["change"] == "BEST"])
    assert 0 < spread < 0.01


def noise(tables):
    """Two standard deviations of the difference of two runs that differ only in their seed (the larger of
    the two seed spreads), as notebook 6 and the README read the tables."""
    spread = [s for _, s in ablation.seed_spread([dict(r, val_acc=str(r["val_acc"])) for r in tables["seeds"]]).values()]
    return 2 * 2 ** 0.5 * max(spread)


def points(value):
    return round(100 * value, 1)


def test_reading_the_noise_and_the_test_set_once(results):
    notes, tables = results
    assert round(100 * noise(tables), 1) == 1.2
    spreads = [line for line in notes if line.startswith("seed-to-seed")]
    assert len(spreads) == 2 and all("standard deviation 0.004" in line for line in spreads)   # 0.4 points
    test = next(line for line in notes if line.startswith("TEST"))
    assert round(float(test.split(": ")[-1]), 3) == 0.632


def test_reading_the_chain_its_largest_gains_are_the_penalty_and_the_width(results):
    """The re-tuned rate's +21.5 only undoes the -18.1 of standardising at the old rate: the two together
    gain +3.4, so the largest gains of the chain are reg (+16.5) and the width (+11.4)."""
    _, tables = results
    chain = tables["chain"]
    delta = {r["change"].split(" (")[0]: r["delta"] for r in chain[1:] if r["delta"] == r["delta"] and r["delta"] is not None}
    assert points(delta["learning rate 1e-4 → 0.1"]) == 21.5 and points(delta["standardised inputs, rate 1e-4 kept"]) == -18.1
    assert [round(r["val_acc"], 3) for r in chain[:3]] == [0.285, 0.103, 0.319]
    assert points(chain[2]["val_acc"] - chain[0]["val_acc"]) == 3.4
    gains = sorted((name for name in delta if name != "learning rate 1e-4 → 0.1"), key=delta.get, reverse=True)
    assert gains[:2] == ["reg 0.25 → 1e-4", "hidden units 50 → 1024"]
    assert [points(delta[g]) for g in gains[:2]] == [16.5, 11.4]
    assert points(delta["hidden units 50 → 1024"]) == 11.4
    assert points(delta["random translations too"]) == 5.3 and points(delta["random left-right flips"]) == 3.5
    assert points(delta["batches of 200 → 500, rate 0.003 kept"]) == -4.7 and points(delta["learning rate 0.003 → 0.08"]) == 7.8
    # less than the noise: the initial scale, the cosine schedule, sampling without replacement
    assert all(abs(delta[name]) < noise(tables) for name in ("initial weights' std 1e-4 → 0.01",
                                                              "step decay → cosine schedule", "batches without replacement"))


def test_reading_momentum_buys_a_larger_step_not_accuracy(results):
    _, tables = results
    chain, loo = tables["chain"], tables["leave-one-out"]
    momentum = find(chain, "momentum 0.9")
    sgd, retuned = chain[chain.index(momentum) - 1], chain[chain.index(momentum) + 1]
    assert momentum["loop"] == "diverged" and retuned["change"].startswith("learning rate 0.1 → 0.003")
    assert (round(retuned["val_acc"], 3), round(sgd["val_acc"], 3)) == (0.494, 0.505)
    assert abs(retuned["val_acc"] - sgd["val_acc"]) < noise(tables)
    same_rate, matched = find(loo, "no momentum, same rate"), find(loo, "no momentum, rate 0.8")
    assert points(same_rate["delta"]) == -7.1
    assert abs(matched["delta"]) < noise(tables) and (round(matched["val_acc"], 3), round(loo[0]["val_acc"], 3)) == (0.640, 0.639)


def test_reading_the_leave_one_out_table(results):
    _, tables = results
    loo = {r["change"].split(" (")[0]: r for r in tables["leave-one-out"][1:]}
    costs = {name: points(r["delta"]) for name, r in loo.items() if r["loop"] != "diverged"}
    assert [costs[name] for name in ("reg 0.25 instead of 1e-4", "50 hidden units instead of 1024",
                                     "400 steps instead of 18 epochs", "no translations", "step decay instead of cosine",
                                     "no whitening")] == [-44.9, -10.4, -6.4, -5.3, -4.9, -3.2]
    assert sorted(costs.values())[:2] == [-44.9, -10.4]
    assert all(abs(loo[name]["delta"]) < noise(tables) for name in ("batches with replacement", "initial weights' std 0.026",
                                                                     "no flips"))
    assert round(loo["initial weights' std 0.026"]["val_acc"], 3) == 0.637
    assert loo["batches of 200 instead of 500, same rate"]["loop"] == "diverged"


def test_reading_whitening_overfits_without_augmentation_and_pays_with_it(results):
    _, tables = results
    chain, loo = tables["chain"], tables["leave-one-out"]
    zca = find(chain, "ZCA")
    before = chain[chain.index(zca) - 1]
    assert before["change"].startswith("learning rate 0.003 → 0.08")       # 50 units, no augmentation
    assert (points(zca["train_acc"] - before["train_acc"]), points(zca["val_acc"] - before["val_acc"])) == (17.9, -8.6)
    without, best = find(loo, "no whitening"), loo[0]
    assert (points(best["train_acc"] - without["train_acc"]), points(best["val_acc"] - without["val_acc"])) == (5.7, 3.2)


def test_reading_augmentation_closes_the_gap_between_training_and_validation(results):
    _, tables = results
    rows = [find(tables["chain"], start) for start in ("hidden units", "random left-right", "random translations")]
    assert [round(r["train_acc"], 3) for r in rows] == [1.0, 0.995, 0.693]
    assert [round(r["val_acc"], 3) for r in rows] == [0.551, 0.586, 0.639]
    assert round(100 * (rows[0]["train_acc"] - rows[0]["val_acc"])) == 45
    assert round(100 * (rows[2]["train_acc"] - rows[2]["val_acc"])) == 5
