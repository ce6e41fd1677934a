"""make bench: its last line has the promised format (a tiny run on the built-in data), and its
fast training loop does the plain Solver's arithmetic."""
import contextlib
import io
import re

import numpy as np
import pytest

import tools.bench as bench
from cs231n.augment import random_flips_and_translations
from cs231n.data_utils import load_data
from cs231n.neural_net import TwoLayerNet
from cs231n.solver import Solver
from tools.fastloop import AUGMENTATIONS, Batches, FastTrainer

SUMMARY = (r"test_acc=0\.\d{4} test_images=\d+ train_seconds=\d+\.\d budget_seconds=\d+\.\d "
           r"examples_per_s=\d+ gemm_fraction=\d+\.\d\d")


@pytest.fixture(scope="module")
def tiny_bench(tmp_path_factory):
    """make bench's main, run once, on a small built-in set with a 16-unit BENCH trained for 20 steps:
    (its net, the lines it printed)."""
    small = dict(num_training=400, num_validation=100, num_test=200)   # fast: a small built-in set
    tiny = dict(bench.BENCH, hidden_size=16, solver=dict(bench.BENCH["solver"], num_epochs=None,
                                                         num_iterations=20, batch_size=100))
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.setenv("CS231N_DATA_DIR", str(tmp_path_factory.mktemp("no-cifar")))   # built-in data
        patch.delenv("OPENBLAS_THREAD_TIMEOUT", raising=False)
        patch.setattr(bench, "load_data", lambda num_test, dtype: load_data(**small, dtype=dtype))
        patch.setattr(bench, "step_seconds", lambda: 1e-3)      # the 3072-500-10 timing: not tested here
        net = bench.main(tiny)
    return net, out.getvalue().strip().splitlines()


def test_bench_prints_the_summary_line_last(tiny_bench):
    _, lines = tiny_bench
    assert "built-in" in lines[0]
    assert lines[-2].startswith("note: trained and tested on the built-in synthetic data set, not CIFAR-10")
    assert any(line.startswith("note: OPENBLAS_THREAD_TIMEOUT is not set") for line in lines)
    assert re.fullmatch(SUMMARY, lines[-1]), lines[-1]
    values = dict(pair.split("=") for pair in lines[-1].split())
    gemm = float(re.search(r"product during the run: median ([\d.]+) GFLOP/s", "\n".join(lines)).group(1))
    budget = float(values["train_seconds"]) * gemm / 130           # both printed to 0.1: allow their rounding
    assert float(values["budget_seconds"]) == pytest.approx(budget, rel=0.02, abs=0.1)


def test_the_bench_predictor_is_one_hidden_layer_over_the_stated_views(tiny_bench):
    """The trained model is a TwoLayerNet (affine - ReLU - affine) and its test accuracy is that of the
    probabilities averaged over the 50 views the bench states (mirrored or not, moved by up to 2 px), which
    are timed apart from the training."""
    net, lines = tiny_bench
    assert type(net) is TwoLayerNet and sorted(net.params) == ["W1", "W2", "b1", "b2"]
    assert [net.params[k].shape for k in ("W1", "b1", "W2", "b2")] == [(3072, 16), (16,), (16, 10), (10,)]
    assert len(bench.BENCH["test_views"]) == 50
    assert any(line.startswith("test time: 50 view(s) of each of the 200 test images (mirrored or not, moved "
                               "by up to 2 px)") for line in lines)
    X = np.random.default_rng(0).standard_normal((7, 3072)).astype(np.float32)
    W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
    images = X.reshape(7, 32, 32, 3)
    total = 0
    for mirror, dy, dx in bench.BENCH["test_views"]:
        seen = images[:, :, ::-1] if mirror else images
        padded = np.pad(seen, ((0, 0), (2, 2), (2, 2), (0, 0)))      # a zero border of 2 px
        seen = padded[:, 2 - dy:34 - dy, 2 - dx:34 - dx]               # pixel (r, c) from (r - dy, c - dx)
        scores = np.maximum(seen.reshape(7, -1) @ W1 + b1, 0) @ W2 + b2
        total = total + np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    assert np.array_equal(bench.predict(net, X, bench.BENCH["test_views"]), total.argmax(axis=1))
    assert np.array_equal(bench.predict(net, X), net.predict(X))       # one view: the net as it is


@pytest.mark.parametrize("augment, hidden", [(None, 40), (random_flips_and_translations, 40),
                                             (random_flips_and_translations, 300)])   # W1 in 4 blocks
def test_fast_loop_gives_the_parameters_of_the_plain_solver(augment, hidden):
    rng = np.random.default_rng(1)
    data = {"X_train": rng.standard_normal((60, 3072)).astype(np.float32), "y_train": rng.integers(0, 10, 60),
            "X_val": rng.standard_normal((5, 3072)).astype(np.float32), "y_val": rng.integers(0, 10, 5)}
    config = dict(update_rule="sgd_momentum", optim_config={"learning_rate": 5e-2, "momentum": 0.9},
                  reg=1e-2, lr_schedule="cosine", num_iterations=7, batch_size=20, replacement=False,
                  augment=augment, dtype=np.float32)     # 7 steps: over two epochs of 3 batches

    np.random.seed(0)
    plain = TwoLayerNet(3072, hidden, 10, std=1e-2)
    fast_params = {name: p.astype(np.float32) for name, p in plain.params.items()}
    initial = {name: p.copy() for name, p in fast_params.items()}
    solver = Solver(plain, data, verbose=False, restore_best=False, **config)    # the last parameters, as bench.train
    solver.train()

    np.random.seed(0)
    TwoLayerNet(3072, hidden, 10, std=1e-2)               # the same draws from the global generator
    fast = FastTrainer(fast_params, data["X_train"], data["y_train"], **config).train()

    for name, p in plain.params.items():
        np.testing.assert_allclose(fast_params[name], p, rtol=1e-4, atol=1e-6, err_msg=name)
    # The fast loop records the data part of the loss; the Solver adds reg * (|W1|^2 + |W2|^2).
    assert len(fast.loss_history) == len(solver.loss_history) == 7
    l2 = sum(np.vdot(initial[name], initial[name]) for name in ("W1", "W2"))
    np.testing.assert_allclose(fast.loss_history[0] + config["reg"] * l2, solver.loss_history[0], rtol=1e-5)


def test_fast_loop_refuses_settings_it_does_not_reproduce():
    X, y = np.zeros((4, 3072), np.float32), np.zeros(4, int)
    params = {name: p.astype(np.float32) for name, p in TwoLayerNet(3072, 4, 10).params.items()}
    with pytest.raises(ValueError, match="sgd_momentum"):
        FastTrainer(params, X, y, update_rule="adam", optim_config={"learning_rate": 1e-3}, reg=0.0,
                    num_iterations=1, batch_size=2)
    with pytest.raises(ValueError, match="batch_size 5 is larger than the 4 training images"):
        FastTrainer(params, X, y, optim_config={"learning_rate": 1e-3}, reg=0.0, num_iterations=1, batch_size=5)
    with pytest.raises(ValueError, match="no augmentation but flips and translations"):
        FastTrainer(params, X, y, optim_config={"learning_rate": 1e-3}, reg=0.0, num_iterations=1, batch_size=2,
                    augment=lambda X: X)


@pytest.mark.parametrize("augment", sorted(AUGMENTATIONS, key=str))
@pytest.mark.parametrize("batch_size", [30, 31])
def test_fast_batches_are_the_package_batches(augment, batch_size):
    X = np.random.default_rng(2).standard_normal((70, 3072)).astype(np.float32)
    indices = np.random.default_rng(3).permutation(70)[:batch_size]
    batches = Batches(X, batch_size, augment)
    for seed in (5, 6):                          # twice: the buffers are reused
        np.random.seed(seed)
        expected = X[indices] if augment is None else augment(X[indices])
        next_draw = np.random.rand()
        np.random.seed(seed)
        batch, order = batches(indices)
        assert sorted(order) == list(range(batch_size))
        assert np.array_equal(batch, expected[order])
        assert np.random.rand() == next_draw      # as many draws from the generator as the package


def test_reference_product_is_timed_every_few_steps():
    reference = bench.ReferenceProduct(8, 30, 20)
    for step in range(2 * bench.REFERENCE_EVERY + 1):
        reference(step)
    assert len(reference.wall) == len(reference.cpu) == 3            # steps 0, 20 and 40
    assert reference.flops == 2 * 8 * 30 * 20
