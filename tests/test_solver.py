"""The training loop: every option shown to have its effect, and bad arguments named."""
import numpy as np
import pytest

from cs231n import TwoLayerNet
from cs231n.augment import mirrored, random_flips, random_translations, shifted
from cs231n.solver import Solver, cosine_rate
from problems import blob_data
from rules import rule

pytestmark = pytest.mark.solver


def fresh_net(d=8, h=16, c=3, seed=0):
    np.random.seed(seed)
    return TwoLayerNet(d, h, c, std=1e-2)


def trained(num_epochs=5, seed=0, **options):
    """A solver that has trained a fresh net on the blobs; options go to Solver."""
    net = fresh_net()
    options = {"optim_config": {"learning_rate": 0.1}, "batch_size": 50, **options}
    solver = Solver(net, blob_data(), num_epochs=num_epochs, **options)
    np.random.seed(seed)
    solver.train()
    return solver


@pytest.mark.parametrize("rule, config", [
    rule("sgd", {"learning_rate": 0.1}),
    rule("sgd_momentum", {"learning_rate": 0.05}),
    rule("rmsprop", {"learning_rate": 1e-2}),
    rule("adam", {"learning_rate": 1e-2}),
])
def test_every_update_rule_learns(rule, config):
    solver = trained(update_rule=rule, optim_config=config, num_epochs=10)
    assert np.mean(solver.loss_history[-4:]) < 0.5 * solver.loss_history[0]
    assert solver.val_acc_history[-1] > 0.9


def test_momentum_changes_the_trajectory_and_its_state_is_per_parameter():
    plain = trained(update_rule="sgd")
    heavy = trained(update_rule="sgd_momentum", optim_config={"learning_rate": 0.1, "momentum": 0.9})
    assert plain.loss_history[0] == heavy.loss_history[0]       # same start, same batches
    assert plain.loss_history[5] != heavy.loss_history[5]
    shapes = {name: c["velocity"].shape for name, c in heavy.optim_configs.items()}
    assert shapes == {name: p.shape for name, p in heavy.model.params.items()}


def test_a_rule_given_as_a_function_is_used():
    calls = []

    def half_sgd(w, dw, config):
        calls.append(w.shape)
        w -= 0.5 * config["learning_rate"] * dw
        return w, config
    solver = trained(update_rule=half_sgd, num_iterations=3)
    assert len(calls) == 3 * 4 and len(solver.loss_history) == 3


def test_step_decay_multiplies_the_rate_after_every_epoch():
    solver = trained(num_epochs=3, lr_decay=0.5)                 # 4 steps per epoch
    assert all(c["learning_rate"] == pytest.approx(0.1 * 0.5 ** 3) for c in solver.optim_configs.values())


def test_cosine_schedule_falls_to_zero():
    rates = [cosine_rate(0.2, t, 100) for t in range(101)]
    assert rates[0] == 0.2 and rates[50] == pytest.approx(0.1) and abs(rates[100]) < 1e-15
    assert all(a > b for a, b in zip(rates, rates[1:]))
    solver = trained(lr_schedule="cosine", num_iterations=40)
    last = cosine_rate(0.1, 39, 40)
    assert all(c["learning_rate"] == pytest.approx(last) for c in solver.optim_configs.values())
    assert last < 2e-4


def test_epochs_or_iterations_set_the_length():
    assert len(trained(num_epochs=3).loss_history) == 3 * (200 // 50)
    assert len(trained(num_iterations=7).loss_history) == 7


def test_accuracies_are_checked_after_the_first_step_every_epoch_and_the_last_step():
    solver = trained(num_iterations=10)                          # 4 steps per epoch: 2.5 epochs
    assert solver.epoch_history == [0.25, 1.0, 2.0, 2.5]
    assert len(solver.train_acc_history) == len(solver.val_acc_history) == 4
    assert solver.epoch == 2 and solver.num_epochs == 2.5
    exact = trained(num_epochs=2)
    assert exact.epoch_history == [0.25, 1.0, 2.0] and exact.epoch == exact.num_epochs == 2


def test_sampling_without_replacement_visits_every_sample_once_per_epoch():
    seen = []

    def record(X_batch):
        seen.append(X_batch.copy())
        return X_batch
    data = blob_data()
    trained(replacement=False, augment=record, num_epochs=1)
    rows = np.concatenate(seen)
    assert len(rows) == 200 and len(np.unique(rows, axis=0)) == 200
    assert {tuple(r) for r in rows} == {tuple(r) for r in data["X_train"]}


def test_sampling_with_replacement_repeats_samples():
    seen = []
    trained(augment=lambda X: seen.append(X.copy()) or X, num_epochs=1)
    assert len(np.unique(np.concatenate(seen), axis=0)) < 200


def test_augmentation_is_applied_to_training_batches_only():
    solver = trained(augment=lambda X: X * 0, num_epochs=10)     # the net sees only zeros
    assert max(solver.val_acc_history) < 0.6                     # so it cannot learn the blobs
    assert trained(num_epochs=10).val_acc_history[-1] > 0.9


def test_random_flips_mirror_about_half_of_the_images_left_right():
    np.random.seed(3)
    batch = np.arange(8 * 3072, dtype=np.float32).reshape(8, 3072)
    flipped = random_flips(batch).reshape(8, 32, 32, 3)
    original = batch.reshape(8, 32, 32, 3)
    mirrored = [np.array_equal(flipped[i], original[i, :, ::-1]) for i in range(8)]
    kept = [np.array_equal(flipped[i], original[i]) for i in range(8)]
    assert all(m != k for m, k in zip(mirrored, kept)) and 0 < sum(mirrored) < 8
    assert np.array_equal(batch, np.arange(8 * 3072, dtype=np.float32).reshape(8, 3072))   # input kept


def test_shifted_and_mirrored_move_every_image_as_said():
    batch = np.arange(2 * 3072, dtype=np.float32).reshape(2, 3072)
    images = batch.reshape(2, 32, 32, 3)
    down_left = shifted(batch, 1, -2).reshape(2, 32, 32, 3)
    assert np.array_equal(down_left[:, 1:, :-2], images[:, :-1, 2:])        # pixel (r, c) came from (r - 1, c + 2)
    assert not down_left[:, 0].any() and not down_left[:, :, -2:].any()     # the uncovered border is zero
    assert np.array_equal(shifted(batch, 0, 0), batch)
    assert np.array_equal(mirrored(batch).reshape(2, 32, 32, 3), images[:, :, ::-1])
    np.random.seed(5)
    moved = random_translations(batch, max_shift=1)
    assert all(any(np.array_equal(moved[i], shifted(batch[i:i + 1], dy, dx)[0])
                   for dy in (-1, 0, 1) for dx in (-1, 0, 1)) for i in range(2))


def test_float32_training_keeps_everything_float32():
    solver = trained(dtype=np.float32, num_iterations=5)
    assert all(p.dtype == np.float32 for p in solver.model.params.values())
    assert solver.X_train.dtype == solver.X_val.dtype == np.float32
    _, grads = solver.model.loss(solver.X_train, solver.y_train)
    assert all(g.dtype == np.float32 for g in grads.values())


def test_early_stopping_restores_the_best_parameters():
    net = fresh_net(d=2)
    data = blob_data(d=2)                                        # overlapping classes: accuracy wobbles
    solver = Solver(net, data, optim_config={"learning_rate": 1.0}, batch_size=50, num_epochs=200, patience=3)
    np.random.seed(0)
    solver.train()
    assert len(solver.val_acc_history) < 200                     # stopped early
    best = max(solver.val_acc_history)
    assert solver.val_acc_history[-1] < best                     # the last parameters were worse
    assert np.mean(net.predict(data["X_val"]) == data["y_val"]) == best


def test_accuracy_is_measured_on_samples_drawn_anew_at_every_check_or_on_all():
    solver = trained(num_epochs=1, restore_best=False)
    X, y = solver.X_train, solver.y_train
    np.random.seed(5)
    drawn = solver.check_accuracy(X, y, num_samples=50)
    np.random.seed(5)
    rows = np.random.choice(200, 50)                             # with replacement, as Assignment 2
    assert drawn == np.mean(solver.model.predict(X[rows]) == y[rows])
    assert solver.check_accuracy(X, y, batch_size=7) == np.mean(solver.model.predict(X) == y)
    every = trained(num_train_samples=None, num_val_samples=None, num_epochs=1, restore_best=False)
    assert every.train_acc_history[-1] == np.mean(every.model.predict(X) == y)
    assert every.val_acc_history[-1] == np.mean(every.model.predict(every.X_val) == every.y_val)


def test_the_best_parameters_are_put_back_unless_restore_best_is_false():
    data = blob_data(d=2)                                        # overlapping classes: accuracy wobbles
    runs = {}
    for restore_best in (True, False):
        net = fresh_net(d=2)
        runs[restore_best] = Solver(net, data, optim_config={"learning_rate": 1.0}, batch_size=50, num_epochs=30,
                                    restore_best=restore_best, verbose=False)
        np.random.seed(0)
        runs[restore_best].train()
    best, last = runs[True], runs[False]
    assert best.loss_history == last.loss_history and best.best_val_acc == last.best_val_acc
    assert best.val_acc_history[-1] < best.best_val_acc == max(best.val_acc_history)   # the last was not the best
    assert np.mean(best.model.predict(data["X_val"]) == data["y_val"]) == best.best_val_acc
    assert best.model.params is best.best_params
    assert np.mean(last.model.predict(data["X_val"]) == data["y_val"]) == last.val_acc_history[-1]


def test_progress_bar_and_verbose_output(capsys):
    trained(num_iterations=8, verbose=True, print_every=4, progress=True)
    out, err = capsys.readouterr()
    assert "(Iteration 1 / 8) loss:" in out and "(Iteration 5 / 8)" in out
    assert "(Epoch 1 / 2) train acc:" in out and "training" in err


def test_diverging_run_names_the_given_rate_and_leaves_the_model_as_it_was():
    net = fresh_net()
    data = blob_data()
    data["X_train"] = data["X_train"] * 1e3
    before = {k: v.copy() for k, v in net.params.items()}
    solver = Solver(net, data, optim_config={"learning_rate": 1e30}, lr_decay=0.5, batch_size=50, num_epochs=5)
    with pytest.raises(FloatingPointError, match=r"diverged.*smaller learning_rate \(this run was given 1e\+30\)"):
        with np.errstate(over="ignore", invalid="ignore"):
            solver.train()
    assert all(np.array_equal(before[k], net.params[k]) for k in before)


@pytest.mark.parametrize("options, error, message", [
    ({"update_rule": "momentum"}, ValueError, "update_rule must be one of"),
    ({"optim_config": {"learning_rate": 0}}, ValueError, "learning_rate must be a finite number > 0"),
    ({"optim_config": {"momentum": 1.0}}, ValueError, r"momentum must be a number in \[0, 1\)"),
    ({"optim_config": {"momentum": None}}, ValueError, "momentum must be a number.*momentum=0"),
    ({"lr_schedule": "linear"}, ValueError, "lr_schedule must be"),
    ({"lr_schedule": "cosine", "optim_config": {}}, ValueError, "needs optim_config"),
    ({"lr_decay": 0}, ValueError, "lr_decay must be"),
    ({"num_epochs": 0}, ValueError, "num_epochs must be an integer"),
    ({"num_iterations": 2.5}, ValueError, "num_iterations must be an integer"),
    ({"batch_size": 0}, ValueError, "batch_size must be an integer"),
    ({"replacement": False, "batch_size": 1000}, ValueError, "larger than the 200 training samples"),
    ({"patience": 0}, ValueError, "patience must be"),
    ({"augment": "flip"}, TypeError, "augment must be a function"),
    ({"dtype": int}, TypeError, "dtype must be a floating-point type"),
    ({"dtype": "float3"}, TypeError, "dtype must be a floating-point type"),
    ({"reg": -1}, ValueError, "reg must be"),
    ({"num_train_samples": 0}, ValueError, "num_train_samples must be an integer >= 1"),
    ({"num_val_samples": 2.5}, ValueError, "num_val_samples must be an integer >= 1"),
    ({"print_every": 0}, ValueError, "print_every must be an integer >= 1"),
])
def test_bad_solver_arguments_are_named_and_the_model_is_untouched(options, error, message):
    net = fresh_net()
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(error, match=message):
        Solver(net, blob_data(), **options).train()
    assert all(np.array_equal(before[k], net.params[k]) and before[k].dtype == net.params[k].dtype for k in before)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("y_val"), "missing y_val"),
    (lambda d: d.update(X_val=d["X_val"][:, :3]), r"X_val holds samples of shape \(3,\) but the training samples "
                                                  r"have shape \(8,\)"),
    (lambda d: d.update(X_train=d["X_train"][:, 0]), r"X_train must hold one sample per entry .* got shape \(200,\)"),
    (lambda d: d.update(y_train=d["y_train"][:10]), r"y_train must have shape \(200,\)"),
    (lambda d: d.update(y_val=d["y_val"] + 3), r"y_val has labels outside 0\.\.2"),
    (lambda d: d.update(X_train=d["X_train"][:, :5], X_val=d["X_val"][:, :5]), "expects 8"),
])
def test_bad_data_is_named(change, message):
    data = blob_data()
    change(data)
    with pytest.raises(ValueError, match=message):
        Solver(fresh_net(), data)


def test_data_can_be_a_Data_object():
    from cs231n.data_utils import load_data
    data = load_data(num_training=500, num_validation=100, num_test=100, root="/nonexistent")
    np.random.seed(0)
    solver = Solver(TwoLayerNet(3072, 10, 10), data, num_iterations=2)
    solver.train()
    assert len(solver.loss_history) == 2
