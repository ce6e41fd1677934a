"""The baselines of notebook 3: the linear softmax classifier and the two-layer net without its ReLU."""
import numpy as np
import pytest

from cs231n import TwoLayerNet, eval_numerical_gradient
from cs231n.classifiers import LinearSoftmax, TwoLayerNoReLU
from cs231n.solver import Solver
from cs231n.synthetic import make_spiral
from problems import blob_data

pytestmark = pytest.mark.solver     # the classifiers train with the Solver and your rules


def linear_problem(seed, N=7, D=5, C=4):
    """A linear classifier with a random bias, and data for it: model, X (N, D), y (N,)."""
    rng = np.random.default_rng(seed)
    np.random.seed(seed)
    model = LinearSoftmax(D, C, std=0.5)
    model.params["b"] = rng.normal(size=C)
    return model, rng.normal(size=(N, D)) * 2, rng.integers(0, C, size=N)


def no_relu_problem(seed, N=7, D=5, H=6, C=4):
    """A two-layer net without ReLU with random biases, and data for it: model, X (N, D), y (N,)."""
    rng = np.random.default_rng(seed)
    np.random.seed(seed)
    model = TwoLayerNoReLU(D, H, C, std=0.5)
    for name in ("b1", "b2"):
        model.params[name] = rng.normal(size=model.params[name].shape)
    return model, rng.normal(size=(N, D)) * 2, rng.integers(0, C, size=N)


@pytest.mark.parametrize("problem", [linear_problem, no_relu_problem])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("reg", [0.0, 0.05, 3.0])
def test_every_gradient_matches_numerical(problem, seed, reg):
    model, X, y = problem(seed)
    _, grads = model.loss(X, y, reg=reg)
    assert grads.keys() == model.params.keys()
    for name, param in model.params.items():
        assert grads[name].shape == param.shape
        numerical = eval_numerical_gradient(lambda _: model.loss(X, y, reg=reg)[0], param, verbose=False)
        np.testing.assert_allclose(grads[name], numerical, rtol=1e-6, atol=1e-9, err_msg=name)


def test_linear_scores_loss_and_predict_by_hand():
    model, X, y = linear_problem(0)
    W, b = model.params["W"], model.params["b"]
    scores = X @ W + b
    np.testing.assert_array_equal(model.loss(X), scores)
    np.testing.assert_array_equal(model.predict(X), scores.argmax(axis=1))
    shifted = scores - scores.max(axis=1, keepdims=True)
    data_loss = np.mean(np.log(np.exp(shifted).sum(axis=1)) - shifted[np.arange(len(y)), y])
    assert model.loss(X, y, reg=0.1)[0] == pytest.approx(data_loss + 0.1 * np.sum(W ** 2), rel=1e-12)


def test_without_relu_the_net_is_one_affine_map():
    """scores = X @ (W1 @ W2) + (b1 @ W2 + b2), also where the hidden inputs are negative (which a
    ReLU would have zeroed), and a LinearSoftmax holding that map predicts the same labels."""
    model, X, _ = no_relu_problem(1)
    p = model.params
    h_in, h_out, scores = model.forward(X)
    assert (h_in < 0).any()
    np.testing.assert_array_equal(h_out, h_in)
    np.testing.assert_allclose(scores, X @ (p["W1"] @ p["W2"]) + (p["b1"] @ p["W2"] + p["b2"]), rtol=1e-12, atol=1e-12)
    linear = LinearSoftmax(5, 4)
    linear.params = {"W": p["W1"] @ p["W2"], "b": p["b1"] @ p["W2"] + p["b2"]}
    np.testing.assert_array_equal(linear.predict(X), model.predict(X))


def test_the_relu_net_is_not_affine():
    """Same parameters with the ReLU back in give different scores: the subclass changed only that."""
    model, X, _ = no_relu_problem(1)
    relu = TwoLayerNet(5, 6, 4)
    relu.params = model.params
    assert not np.allclose(relu.loss(X), model.loss(X))


@pytest.mark.parametrize("make", [lambda: LinearSoftmax(8, 3, std=1e-2),
                                  lambda: TwoLayerNoReLU(8, 16, 3, std=1e-2)])
def test_they_train_with_the_solver(make):
    np.random.seed(0)
    model = make()
    solver = Solver(model, blob_data(), update_rule="sgd_momentum", optim_config={"learning_rate": 0.05},
                    num_epochs=10, batch_size=50)
    solver.train()
    assert np.mean(solver.loss_history[-4:]) < 0.5 * solver.loss_history[0]
    assert solver.val_acc_history[-1] > 0.9


def test_on_the_spiral_only_the_relu_net_gets_past_the_linear_ceiling():
    X, y = make_spiral(seed=0)
    data = {"X_train": X, "y_train": y, "X_val": X, "y_val": y}
    accuracy = {}
    for name, make in [("linear", lambda: LinearSoftmax(2, 3)), ("no relu", lambda: TwoLayerNoReLU(2, 50, 3, std=1e-2)),
                       ("relu", lambda: TwoLayerNet(2, 50, 3, std=1e-2))]:
        np.random.seed(0)
        solver = Solver(make(), data, update_rule="sgd_momentum", optim_config={"learning_rate": 1.0},
                        reg=5e-4, num_iterations=300, batch_size=300, replacement=False)
        solver.train()
        accuracy[name] = solver.train_acc_history[-1]
    assert 0.4 < accuracy["linear"] < 0.65
    assert abs(accuracy["no relu"] - accuracy["linear"]) < 0.05
    assert accuracy["relu"] > 0.9


def test_make_spiral_follows_the_notes_generator():
    X, y = make_spiral(num_per_class=50, num_classes=4, seed=3)
    assert X.shape == (200, 2) and y.shape == (200,) and np.issubdtype(y.dtype, np.integer)
    np.testing.assert_array_equal(np.bincount(y), [50] * 4)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 2], np.linspace(0, 1, 50), atol=1e-12)
    np.testing.assert_array_equal(make_spiral(seed=3)[0], make_spiral(seed=3)[0])
    assert not np.array_equal(make_spiral(seed=3)[0], make_spiral(seed=4)[0])
    state = np.random.get_state()[1].copy()
    make_spiral(seed=0)
    np.testing.assert_array_equal(np.random.get_state()[1], state)     # the global generator untouched
    # Without noise, class j's angle atan2(x1, x2) runs evenly from 4j to 4(j + 1) (mod 2 pi).
    X, y = make_spiral(num_per_class=10, noise=0.0)
    angle = np.arctan2(X[y == 1, 0], X[y == 1, 1])[1:]                 # radius 0 has no angle
    np.testing.assert_allclose(np.cos(angle), np.cos(np.linspace(4, 8, 10)[1:]), atol=1e-12)


@pytest.mark.parametrize("make, message", [
    (lambda: LinearSoftmax(2.5, 3), "input_size must be an integer"),
    (lambda: LinearSoftmax(2, 0), "output_size must be an integer"),
    (lambda: LinearSoftmax(2, 3, std=-1), "std must be a finite number > 0"),
])
def test_bad_sizes_are_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_bad_inputs_are_refused_as_by_the_two_layer_net():
    model = LinearSoftmax(2, 3)
    with pytest.raises(ValueError, match="expects 2"):
        model.loss(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="labels outside 0..2"):
        model.loss(np.zeros((2, 2)), np.array([0, 3]))
    with pytest.raises(ValueError, match="reg must be"):
        model.loss(np.zeros((2, 2)), np.array([0, 1]), reg=-1.0)


def test_animation_html_works_offline():
    from cs231n.plotting import animate_decision_boundary, animation_html
    X, y = make_spiral(num_per_class=10, num_classes=3, seed=0)
    animation = animate_decision_boundary([lambda P: np.zeros(len(P), dtype=int), lambda P: (P[:, 0] > 0).astype(int)],
                                          ["all class 0", "split at x = 0"], X, y, steps=20)
    page = animation_html(animation)
    assert "https://" not in page and 'class="fa ' not in page
    assert "play ▶" in page and page.count("data:image/png;base64") == 2
