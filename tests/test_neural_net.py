import numpy as np
import pytest

from cs231n import TwoLayerNet, eval_numerical_gradient, rel_error
from cs231n.toy import OFFICIAL_LOSS, OFFICIAL_SCORES, init_toy_data, init_toy_model


def random_problem(seed, N=7, D=5, H=6, C=4):
    rng = np.random.default_rng(seed)
    np.random.seed(seed)
    net = TwoLayerNet(D, H, C, std=0.5)
    for name in ("b1", "b2"):
        net.params[name] = rng.normal(size=net.params[name].shape)
    return net, rng.normal(size=(N, D)) * 2, rng.integers(0, C, size=N)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("reg", [0.0, 0.05, 3.0])
def test_every_gradient_matches_numerical(seed, reg):
    net, X, y = random_problem(seed, N=3 + seed, D=2 + seed, H=4 + 2 * seed, C=2 + seed)
    _, grads = net.loss(X, y, reg=reg)
    assert grads.keys() == net.params.keys()
    for name, param in net.params.items():
        assert grads[name].shape == param.shape
        numerical = eval_numerical_gradient(lambda _: net.loss(X, y, reg=reg)[0], param, verbose=False)
        # Entries near 1e-8 carry round-off of ~1e-11, so pair rtol with a small atol.
        np.testing.assert_allclose(grads[name], numerical, rtol=1e-6, atol=1e-9, err_msg=name)


def test_official_toy_scores_and_loss():
    net = init_toy_model()
    X, y = init_toy_data()
    assert np.sum(np.abs(net.loss(X) - OFFICIAL_SCORES)) < 1e-7
    loss, _ = net.loss(X, y, reg=0.05)
    assert abs(loss - OFFICIAL_LOSS) < 1e-10


def test_official_toy_gradients():
    net = init_toy_model()
    X, y = init_toy_data()
    _, grads = net.loss(X, y, reg=0.05)
    for name, param in net.params.items():
        numerical = eval_numerical_gradient(lambda _: net.loss(X, y, reg=0.05)[0], param, verbose=False)
        assert rel_error(numerical, grads[name]) < 1e-8, name


def test_official_toy_training_reaches_low_loss():
    net = init_toy_model()
    X, y = init_toy_data()
    stats = net.train(X, y, X, y, learning_rate=1e-1, reg=5e-6, num_iters=100)
    assert len(stats["loss_history"]) == 100
    assert stats["loss_history"][-1] < 0.02
    assert (net.predict(X) == y).all()


def test_training_lowers_the_loss_on_separable_data():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 8)) * 3
    y = rng.integers(0, 3, size=300)
    X = centres[y] + rng.normal(size=(300, 8))
    np.random.seed(0)
    net = TwoLayerNet(8, 16, 3, std=1e-2)
    first = net.loss(X, y)[0]
    stats = net.train(X, y, X, y, learning_rate=0.5, num_iters=200, batch_size=50)
    assert net.loss(X, y)[0] < 0.5 * first
    assert stats["val_acc_history"][-1] > 0.9
    assert len(stats["train_acc_history"]) == len(stats["val_acc_history"]) == 200 // 6 + 1


@pytest.mark.parametrize("extreme", [1e4, -1e4])
def test_loss_stays_finite_at_extreme_scores(extreme):
    net, X, y = random_problem(0)
    net.params["b2"][:] = 0
    net.params["b2"][0] = extreme
    loss, grads = net.loss(X, y)
    assert np.isfinite(loss)
    assert all(np.isfinite(g).all() for g in grads.values())
    expected = np.mean(np.where(y == 0, 0.0, extreme)) if extreme > 0 else None
    if expected is not None:
        assert loss == pytest.approx(expected, rel=1e-3)


def test_scores_without_labels_and_predict():
    net, X, _ = random_problem(1)
    scores = net.loss(X)
    assert scores.shape == (len(X), 4)
    assert (net.predict(X) == scores.argmax(axis=1)).all()


@pytest.mark.parametrize("X, message", [
    (np.zeros(5), "must be 2-D"),
    (np.zeros((3, 4)), "expects 5"),
    (np.zeros((0, 5)), "empty batch"),
    (np.full((3, 5), np.nan), "NaN or infinite"),
    (np.full((3, 5), np.inf), "NaN or infinite"),
])
def test_bad_X_is_named(X, message):
    net, _, _ = random_problem(0)
    with pytest.raises(ValueError, match=message):
        net.loss(X)


def test_non_numeric_X_is_a_type_error():
    net, _, _ = random_problem(0)
    with pytest.raises(TypeError, match="real numbers"):
        net.loss(np.array([["a"] * 5]))


@pytest.mark.parametrize("y, error, message", [
    (np.array([0, 1]), ValueError, "must have shape"),
    (np.array([0, 1, 4, 0, 1, 2, 3]), ValueError, r"outside 0\.\.3: \[4\]"),
    (np.array([0, -1, 2, 0, 1, 2, 3]), ValueError, "outside"),
    (np.array([0.0, 1, 2, 0, 1, 2, 3]), TypeError, "integer class labels"),
    (np.ones(7, dtype=bool), TypeError, "integer class labels"),
])
def test_bad_labels_are_named(y, error, message):
    net, X, _ = random_problem(0)
    with pytest.raises(error, match=message):
        net.loss(X, y)


@pytest.mark.parametrize("reg", [-0.1, np.nan, "0.1"])
def test_bad_reg_is_named(reg):
    net, X, y = random_problem(0)
    with pytest.raises(ValueError, match="reg must be"):
        net.loss(X, y, reg=reg)


@pytest.mark.parametrize("kwargs, message", [
    ({"learning_rate": 0}, "learning_rate must be"),
    ({"learning_rate": -1e-3}, "learning_rate must be"),
    ({"num_iters": 2.5}, "num_iters must be an integer"),
    ({"batch_size": 0}, "batch_size must be an integer"),
    ({"reg": -1}, "reg must be"),
])
def test_bad_training_arguments_are_named(kwargs, message):
    net, X, y = random_problem(0)
    with pytest.raises(ValueError, match=message):
        net.train(X, y, X, y, **kwargs)


def test_bad_validation_set_is_named():
    net, X, y = random_problem(0)
    with pytest.raises(ValueError, match="y_val must have shape"):
        net.train(X, y, X, y[:3])


def test_diverging_run_stops_with_advice():
    net, X, y = random_problem(0)
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(FloatingPointError, match="diverged.*smaller learning_rate"):
        with np.errstate(over="ignore", invalid="ignore"):
            net.train(X * 1e3, y, X, y, learning_rate=1e30, num_iters=50, batch_size=4)
    assert any(not np.array_equal(before[k], net.params[k]) for k in before)
    assert all(np.isfinite(v).all() for v in net.params.values())


def blobs(seed=0, n=300, d=8, classes=3):
    """A small, learnable classification problem: X (n, d), y (n,)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(classes, d)) * 3
    y = rng.integers(0, classes, size=n)
    return centres[y] + rng.normal(size=(n, d)), y


@pytest.mark.parametrize("options", [
    {"momentum": 0.9},
    {"shuffle": True},
    {"lr_schedule": "cosine"},
    {"momentum": 0.9, "shuffle": True, "lr_schedule": "cosine", "dtype": np.float32},
])
def test_each_training_option_learns(options):
    X, y = blobs()
    np.random.seed(0)
    net = TwoLayerNet(8, 16, 3, std=1e-2)
    first = net.loss(X, y)[0]
    net.train(X, y, X, y, learning_rate=0.1, num_iters=150, batch_size=50, **options)
    assert net.loss(X, y)[0] < 0.5 * first
    assert np.mean(net.predict(X) == y) > 0.9


def test_float32_training_keeps_everything_float32():
    X, y = blobs()
    np.random.seed(0)
    net = TwoLayerNet(8, 16, 3)
    net.train(X, y, X, y, num_iters=5, dtype=np.float32)
    assert all(v.dtype == np.float32 for v in net.params.values())
    _, grads = net.loss(X.astype(np.float32), y)
    assert all(g.dtype == np.float32 for g in grads.values())


def test_shuffle_visits_every_sample_once_per_epoch():
    from cs231n.neural_net import sample_batches
    np.random.seed(0)
    batches = sample_batches(10, 3, shuffle=True)
    epoch = np.concatenate([next(batches) for _ in range(3)])
    assert len(set(epoch.tolist())) == 9          # 3 batches of 3, no repeats; 1 sample left over


def test_cosine_rate_falls_from_the_rate_to_zero():
    from cs231n.neural_net import cosine_rate
    rates = [cosine_rate(0.2, it, 100) for it in range(100)]
    assert rates[0] == 0.2 and rates[50] == pytest.approx(0.1) and 0 < rates[-1] < 1e-4
    assert all(a > b for a, b in zip(rates, rates[1:]))


def test_early_stopping_restores_the_best_parameters():
    X, y = blobs(n=200)
    X_val, y_val = blobs(seed=1, n=100)
    np.random.seed(0)
    net = TwoLayerNet(8, 16, 3, std=1e-2)
    stats = net.train(X, y, X_val, y_val, learning_rate=0.5, num_iters=2000, batch_size=50, patience=3)
    epochs = len(stats["val_acc_history"])
    assert epochs < 2000 // 4 + 1                 # stopped early
    assert np.mean(net.predict(X_val) == y_val) == pytest.approx(max(stats["val_acc_history"]))


def test_flip_mirrors_images_left_right():
    from cs231n.neural_net import mirror_half
    np.random.seed(3)
    batch = np.arange(4 * 3072, dtype=np.float32).reshape(4, 3072)
    original = batch.copy().reshape(4, 32, 32, 3)
    flipped = mirror_half(batch).reshape(4, 32, 32, 3)
    same = [np.array_equal(flipped[i], original[i]) for i in range(4)]
    mirrored = [np.array_equal(flipped[i], original[i, :, ::-1]) for i in range(4)]
    assert all(s != m for s, m in zip(same, mirrored)) and any(mirrored) and not all(mirrored)


@pytest.mark.parametrize("options, message", [
    ({"momentum": 1.0}, "momentum must be"),
    ({"lr_schedule": "linear"}, "lr_schedule must be"),
    ({"patience": 0}, "patience must be"),
    ({"shuffle": True, "batch_size": 1000}, "larger than the 7 training samples"),
    ({"flip": True}, "flip=True needs rows"),
])
def test_bad_training_options_are_named(options, message):
    net, X, y = random_problem(0)
    with pytest.raises(ValueError, match=message):
        net.train(X, y, X, y, **options)
