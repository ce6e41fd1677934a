"""The contract of Stanford's official CS231n notebooks (spring 2019), stated in the project's words,
so that the notebooks run unmodified beside the package: Assignment 1's two_layer_net.ipynb and the
update-rule and Solver cells of Assignment 2's FullyConnectedNets.ipynb.

Assignment 1's printed checks (the toy scores, loss and gradients, the final toy loss) are in
test_neural_net.py and Assignment 2's update-rule values in test_optim.py; here: the module paths,
visualize_grid, Assignment 2's get_CIFAR10_data and Assignment 2's Solver, driven by a model of
Assignment 2's interface written for the tests (assignment2_model.py).
"""
import inspect
import pickle

import numpy as np
import pytest

from assignment2_model import FullyConnectedNet
from cs231n import TwoLayerNet, optim
from cs231n.solver import Solver
from cs231n.vis_utils import visualize_grid
from rules import RULES


@pytest.mark.solver
def test_assignment_1_module_paths():
    """two_layer_net.ipynb imports these; the package's own short import names the same class."""
    import cs231n
    from cs231n.classifiers import LinearSoftmax, TwoLayerNoReLU
    from cs231n.classifiers.neural_net import TwoLayerNet
    from cs231n.data_utils import load_CIFAR10
    from cs231n.gradient_check import eval_numerical_gradient
    assert TwoLayerNet is cs231n.TwoLayerNet
    assert issubclass(TwoLayerNoReLU, TwoLayerNet) and callable(LinearSoftmax)
    assert callable(load_CIFAR10) and callable(eval_numerical_gradient)


@pytest.mark.figures
def test_visualize_grid_tiles_images_row_by_row_each_scaled_to_0_ubound():
    rng = np.random.default_rng(0)
    Xs = rng.normal(size=(5, 4, 3, 2)) * [[[[1.0, 7.0]]]]     # 5 images of 4x3 pixels, 2 channels
    grid = visualize_grid(Xs, ubound=10.0, padding=2)
    assert grid.shape == (3 * 4 + 2 * 2, 3 * 3 + 2 * 2, 2)   # ceil(sqrt(5)) = 3 images to a row
    for i, image in enumerate(Xs):
        top, left = (i // 3) * 6, (i % 3) * 5
        cell = grid[top:top + 4, left:left + 3]
        assert cell.min() == 0 and cell.max() == pytest.approx(10)
        assert np.allclose(cell, 10 * (image - image.min()) / (image.max() - image.min()))
    assert not grid[4:6].any() and not grid[:, 3:5].any()  # padding
    assert not grid[6:10, 10:].any()                         # the sixth cell: no image
    assert visualize_grid(np.ones((4, 2, 2, 3))).max() == 0  # an image of one value: 0, not nan
    assert visualize_grid(np.zeros((9, 2, 2, 1)), padding=0).shape == (6, 6, 1)


@pytest.mark.figures
@pytest.mark.parametrize("Xs, options, message", [
    (np.zeros((3, 32, 32)), {}, r"shape \(N, H, W, C\), got float64 of shape \(3, 32, 32\)"),
    (np.zeros((0, 2, 2, 3)), {}, "non-empty"),
    (np.zeros((2, 2, 2, 3)), {"padding": -1}, "padding must be an integer >= 0"),
    (np.zeros((2, 2, 2, 3)), {"ubound": 0}, "ubound must be a finite number > 0"),
])
def test_visualize_grid_names_bad_arguments(Xs, options, message):
    with pytest.raises(ValueError, match=message):
        visualize_grid(Xs, **options)


# Assignment 2 ------------------------------------------------------------------------------------

@pytest.mark.solver
def test_assignment_2_names_signatures_and_defaults():
    """FullyConnectedNets.ipynb imports these and calls them with these keywords; where Assignment 2
    has a default, the package has the same one."""
    from cs231n.data_utils import get_CIFAR10_data
    from cs231n.gradient_check import eval_numerical_gradient, eval_numerical_gradient_array
    from cs231n.optim import adam, rmsprop, sgd, sgd_momentum

    def defaults(function, names):
        parameters = inspect.signature(function).parameters
        return {name: parameters[name].default for name in names}
    assert defaults(Solver, ["update_rule", "lr_decay", "batch_size", "num_epochs", "num_train_samples",
                             "num_val_samples", "checkpoint_name", "print_every", "verbose"]) == {
        "update_rule": "sgd", "lr_decay": 1.0, "batch_size": 100, "num_epochs": 10, "num_train_samples": 1000,
        "num_val_samples": None, "checkpoint_name": None, "print_every": 10, "verbose": True}
    assert defaults(Solver.check_accuracy, ["num_samples", "batch_size"]) == {"num_samples": None, "batch_size": 100}
    assert defaults(get_CIFAR10_data, ["num_training", "num_validation", "num_test", "subtract_mean"]) == {
        "num_training": 49000, "num_validation": 1000, "num_test": 1000, "subtract_mean": True}
    assert defaults(eval_numerical_gradient, ["verbose", "h"]) == {"verbose": True, "h": 1e-5}
    assert defaults(eval_numerical_gradient_array, ["h"]) == {"h": 1e-5}
    assert defaults(visualize_grid, ["ubound", "padding"]) == {"ubound": 255.0, "padding": 1}
    for rule in (sgd, sgd_momentum, rmsprop, adam):
        assert list(inspect.signature(rule).parameters) == ["w", "dw", "config"]


def image_data(num_train=1200, num_val=150, classes=5, seed=0):
    """Learnable images (N, 3, 4, 4) in ``classes`` classes: a data dict for the Solver."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(classes, 3, 4, 4))
    y = rng.integers(0, classes, size=num_train + num_val)
    X = centres[y] + 1.5 * rng.normal(size=(len(y), 3, 4, 4))
    return {"X_train": X[:num_train], "y_train": y[:num_train], "X_val": X[num_train:], "y_val": y[num_train:]}


def assignment2_model(seed=0, reg=0.1):
    np.random.seed(seed)
    return FullyConnectedNet([20], input_dim=48, num_classes=5, reg=reg, weight_scale=0.1, dtype=np.float64)


def assignment2_bookkeeping(model, data, update_rule, learning_rate, lr_decay, num_epochs, batch_size,
                            num_train_samples, num_val_samples, print_every):
    """Assignment 2's Solver stated step by step, in the order it draws from numpy's global generator.

    Each step draws a batch with replacement, np.random.choice(N, batch_size), and updates every
    parameter with a config of its own. At the end of each epoch, max(N // batch_size, 1) steps, the
    epoch count goes up and the learning rate is multiplied by lr_decay. After the first step, at the
    end of every epoch and after the last step the accuracies are checked, training first, each on
    np.random.choice(n, num_samples) of its n samples when there are more (and num_samples is not
    None), scored 100 samples at a time; a strictly better validation accuracy keeps a copy of the
    parameters, which are put back at the end. Prints "(Iteration t / T) loss: %f" every print_every
    steps and "(Epoch e / E) train acc: %f; val_acc: %f" at every check. Returns the printed lines
    and the histories."""
    def accuracy(X, y, num_samples):
        if num_samples is not None and len(X) > num_samples:
            rows = np.random.choice(len(X), num_samples)
            X, y = X[rows], y[rows]
        return np.mean(np.hstack([np.argmax(model.loss(X[i:i + 100]), axis=1) for i in range(0, len(X), 100)]) == y)

    N = len(data["X_train"])
    per_epoch = max(N // batch_size, 1)
    steps = num_epochs * per_epoch
    configs = {name: {"learning_rate": learning_rate} for name in model.params}
    lines, losses, train_accs, val_accs = [], [], [], []
    epoch, best_val_acc, best_params = 0, 0, {}
    for t in range(steps):
        rows = np.random.choice(N, batch_size)
        loss, grads = model.loss(data["X_train"][rows], data["y_train"][rows])
        losses.append(loss)
        for name in model.params:
            model.params[name], configs[name] = update_rule(model.params[name], grads[name], configs[name])
        if t % print_every == 0:
            lines.append(f"(Iteration {t + 1} / {steps}) loss: {loss:f}")
        if (t + 1) % per_epoch == 0:
            epoch += 1
            for config in configs.values():
                config["learning_rate"] *= lr_decay
        if t == 0 or (t + 1) % per_epoch == 0 or t == steps - 1:
            train_accs.append(accuracy(data["X_train"], data["y_train"], num_train_samples))
            val_accs.append(accuracy(data["X_val"], data["y_val"], num_val_samples))
            lines.append(f"(Epoch {epoch} / {num_epochs}) train acc: {train_accs[-1]:f}; val_acc: {val_accs[-1]:f}")
            if val_accs[-1] > best_val_acc:
                best_val_acc, best_params = val_accs[-1], {k: v.copy() for k, v in model.params.items()}
    model.params = best_params
    return lines, losses, train_accs, val_accs, best_val_acc


@pytest.mark.solver
@pytest.mark.parametrize("rule", RULES)
def test_solver_keeps_assignment_2s_bookkeeping_draw_for_draw(rule, capsys):
    """An Assignment 2 model (reg held by the model, loss(X, y=None)) on image-shaped data, with
    Assignment 2's keyword arguments: the same seed gives Assignment 2's losses, accuracies, printed
    lines, best validation accuracy and final (best) parameters, with the accuracies' samples drawn
    (1,200 training samples > num_train_samples, 150 validation samples > num_val_samples)."""
    data = image_data()
    options = dict(num_epochs=3, batch_size=100, num_train_samples=1000, num_val_samples=100, print_every=5)
    rate = {"sgd": 0.05, "sgd_momentum": 0.02, "rmsprop": 1e-3, "adam": 1e-3}[rule]

    reference = assignment2_model()
    np.random.seed(231)
    lines, losses, train_accs, val_accs, best = assignment2_bookkeeping(
        reference, data, getattr(optim, rule), rate, lr_decay=0.9, **options)

    model = assignment2_model()
    solver = Solver(model, data, update_rule=rule, optim_config={"learning_rate": rate}, lr_decay=0.9, **options)
    assert (solver.epoch, solver.best_val_acc, solver.best_params) == (0, 0, {})    # before training
    capsys.readouterr()
    np.random.seed(231)
    solver.train()
    assert capsys.readouterr().out.splitlines() == lines
    assert solver.loss_history == losses and len(losses) == 36
    assert solver.train_acc_history == train_accs and solver.val_acc_history == val_accs
    assert len(val_accs) == 1 + 3                                   # after the first step, then per epoch
    assert solver.epoch == solver.num_epochs == 3 and solver.best_val_acc == best
    assert all(np.array_equal(model.params[k], reference.params[k]) for k in reference.params)
    assert model.params is solver.best_params


@pytest.mark.solver
def test_checkpoints_have_assignment_2s_name_and_keys(tmp_path, capsys):
    model = assignment2_model()
    name = str(tmp_path / "fc")
    solver = Solver(model, image_data(num_train=200), num_epochs=2, batch_size=100, checkpoint_name=name)
    solver.train()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fc_epoch_0.pkl", "fc_epoch_1.pkl", "fc_epoch_2.pkl"]
    assert f'Saving checkpoint to "{name}_epoch_2.pkl"' in capsys.readouterr().out
    with open(f"{name}_epoch_2.pkl", "rb") as f:
        checkpoint = pickle.load(f)
    assert set(checkpoint) == {"model", "update_rule", "lr_decay", "optim_config", "batch_size", "num_train_samples",
                               "num_val_samples", "epoch", "loss_history", "train_acc_history", "val_acc_history"}
    assert checkpoint["epoch"] == 2 and checkpoint["loss_history"] == solver.loss_history
    assert checkpoint["val_acc_history"] == solver.val_acc_history and len(checkpoint["val_acc_history"]) == 3
    assert set(checkpoint["model"].params) == {"W1", "b1", "W2", "b2"}


@pytest.mark.solver
def test_one_solver_trains_assignment_1s_net_with_reg_passed_to_its_loss():
    data = image_data(num_train=300)
    rows = {key: X.reshape(len(X), -1) if key.startswith("X") else X for key, X in data.items()}
    np.random.seed(0)
    net = TwoLayerNet(48, 20, 5, std=0.1)
    start = TwoLayerNet(48, 20, 5)
    start.params = {k: v.copy() for k, v in net.params.items()}
    solver = Solver(net, rows, reg=0.01, optim_config={"learning_rate": 0.1}, num_epochs=10, verbose=False)
    np.random.seed(1)
    solver.train()
    np.random.seed(1)
    batch = np.random.choice(300, 100)                            # the first batch the Solver drew
    X, y = rows["X_train"][batch], rows["y_train"][batch]
    assert solver.loss_history[0] == start.loss(X, y, reg=0.01)[0] != start.loss(X, y)[0]
    assert solver.val_acc_history[-1] > 0.8 > solver.val_acc_history[0]


@pytest.mark.solver
def test_a_mismatch_between_model_and_data_or_reg_is_named():
    with pytest.raises(ValueError, match=r"reg=0\.1 is for a model whose loss takes it .*FullyConnectedNet\.loss "
                                         r"takes no reg.*FullyConnectedNet\(\.\.\., reg=0\.1\)"):
        Solver(assignment2_model(), image_data(), reg=0.1)
    with pytest.raises(ValueError, match=r"X must be 2-D \(N, D\), got shape \(1, 3, 4, 4\); flatten images"):
        Solver(TwoLayerNet(48, 20, 5), image_data())              # Assignment 1's net takes rows
    with pytest.raises(ValueError, match=r"X_val holds samples of shape \(48,\) but the training samples have "
                                         r"shape \(3, 4, 4\)"):
        data = image_data()
        Solver(assignment2_model(), dict(data, X_val=data["X_val"].reshape(150, -1)))
