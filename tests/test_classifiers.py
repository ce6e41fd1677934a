"""The models notebook 5 compares with the two-layer net: the linear softmax classifier, the net
without its ReLU and the net with its biases held at zero; and the notebook's figures."""
import numpy as np
import pytest

from cs231n import TwoLayerNet, eval_numerical_gradient
from cs231n.classifiers import LinearSoftmax, TwoLayerNoBias, TwoLayerNoReLU
from cs231n.solver import Solver
from cs231n.synthetic import make_spiral
from problems import blob_data
from rules import RULES

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
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)      # small scores: no overflow here
    data_loss = -np.log(probs[np.arange(len(y)), y]).mean()
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


def no_bias_problem(seed, N=7, D=5, H=6, C=4):
    """A two-layer net with its biases held at zero, and data for it: model, X (N, D), y (N,)."""
    rng = np.random.default_rng(seed)
    np.random.seed(seed)
    return TwoLayerNoBias(D, H, C, std=0.5), rng.normal(size=(N, D)) * 2, rng.integers(0, C, size=N)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("reg", [0.0, 3.0])
def test_no_bias_net_has_the_weight_gradients_of_the_net_and_zero_bias_gradients(seed, reg):
    model, X, y = no_bias_problem(seed)
    loss, grads = model.loss(X, y, reg=reg)
    net = TwoLayerNet(5, 6, 4)
    net.params = model.params
    net_loss, net_grads = net.loss(X, y, reg=reg)
    assert loss == net_loss and grads.keys() == model.params.keys()
    for name in ("W1", "W2"):
        numerical = eval_numerical_gradient(lambda _: model.loss(X, y, reg=reg)[0], model.params[name], verbose=False)
        np.testing.assert_allclose(grads[name], numerical, rtol=1e-6, atol=1e-9, err_msg=name)
        np.testing.assert_array_equal(grads[name], net_grads[name])
    for name in ("b1", "b2"):
        assert grads[name].shape == model.params[name].shape and not grads[name].any()
        assert net_grads[name].any()                    # the net with biases would have moved them


def test_no_bias_net_is_positively_homogeneous_and_the_net_with_biases_is_not():
    """scores(a X) = a scores(X) for a > 0, so the class is constant along every ray from the origin;
    the same weights with nonzero biases break both."""
    model, X, _ = no_bias_problem(0)
    for a in (0.01, 0.5, 3.0, 100.0):
        np.testing.assert_allclose(model.loss(a * X), a * model.loss(X), rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(model.predict(a * X), model.predict(X))
    np.testing.assert_array_equal(model.params["b1"], 0)
    np.testing.assert_array_equal(model.params["b2"], 0)
    biased = TwoLayerNet(5, 6, 4)
    biased.params = {**model.params, "b1": np.full(6, 2.0), "b2": np.array([3.0, -3.0, 0.0, 1.0])}
    assert not np.allclose(biased.loss(3.0 * X), 3.0 * biased.loss(X))


@pytest.mark.parametrize("rule", RULES)
def test_no_bias_net_keeps_its_biases_at_zero_with_every_update_rule(rule):
    np.random.seed(0)
    model = TwoLayerNoBias(8, 16, 3, std=1e-2)
    start = {name: p.copy() for name, p in model.params.items()}
    solver = Solver(model, blob_data(), update_rule=rule, optim_config={"learning_rate": 1e-2}, reg=1e-3,
                    num_iterations=20, batch_size=50)
    solver.train()
    assert not model.params["b1"].any() and not model.params["b2"].any()
    assert not np.array_equal(model.params["W1"], start["W1"]) and not np.array_equal(model.params["W2"], start["W2"])


@pytest.mark.parametrize("make", [lambda: LinearSoftmax(8, 3, std=1e-2),
                                  lambda: TwoLayerNoReLU(8, 16, 3, std=1e-2),
                                  lambda: TwoLayerNoBias(8, 16, 3, std=1e-2)])
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
                       ("relu", lambda: TwoLayerNet(2, 50, 3, std=1e-2)),
                       ("no bias", lambda: TwoLayerNoBias(2, 50, 3, std=1e-2))]:
        np.random.seed(0)
        solver = Solver(make(), data, update_rule="sgd_momentum", optim_config={"learning_rate": 1.0},
                        reg=5e-4, num_iterations=300, batch_size=300, replacement=False)
        solver.train()
        accuracy[name] = solver.train_acc_history[-1]
    assert 0.4 < accuracy["linear"] < 0.65
    assert abs(accuracy["no relu"] - accuracy["linear"]) < 0.05
    assert accuracy["relu"] > 0.9
    assert accuracy["no bias"] < 0.65          # without biases the ReLU net classifies by direction only


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


def test_animation_frames_are_readable_on_a_projector_and_small():
    """Frames of 600 x 520 pixels whose type reads at 12 pt or more (a figure is shown one pixel per
    CSS pixel, 96 per inch), stored as palette PNGs that take far less space than matplotlib's own."""
    import base64
    import io
    import re

    from matplotlib.text import Text
    from PIL import Image

    from cs231n.plotting import animate_decision_boundary, animation_html
    X, y = make_spiral(num_per_class=30, num_classes=3, seed=0)
    predicts = [lambda P, k=k: (np.arctan2(P[:, 0], P[:, 1]) + k > 0).astype(int) + (P[:, 0] > 0.5) for k in range(3)]
    animation = animate_decision_boundary(predicts, [f"frame {k}" for k in range(3)], X, y)
    fig = animation._fig
    assert tuple(np.round(fig.get_size_inches() * fig.dpi)) == (600, 520)
    sizes = [t.get_fontsize() * fig.dpi / 96 for t in fig.findobj(Text) if t.get_text().strip()]
    assert sizes and min(sizes) >= 12
    small, full = animation_html(animation), animation_html(animation, colors=None)
    frames = [Image.open(io.BytesIO(base64.b64decode(f.replace("\\", "").replace("\n", ""))))
              for f in re.findall(r'data:image/png;base64,([^"]+)"', small)]
    assert len(frames) == 3 and all(f.mode == "P" and f.size == (600, 520) for f in frames)
    assert len(small) < 0.6 * len(full)


def test_loss_histories_draws_every_step_of_every_run_with_its_label():
    import matplotlib.pyplot as plt

    from cs231n.plotting import plot_loss_histories
    histories = {"steady": [1.0, 0.5, 0.25], "zigzag": [1.0, 2.0, 1.0], "third": [3.0, 2.0, 1.0]}
    ax = plot_loss_histories(histories, "three runs", ylim=(0, 3))
    assert [line.get_label() for line in ax.lines] == list(histories)
    for line, losses in zip(ax.lines, histories.values()):
        np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
        np.testing.assert_array_equal(line.get_ydata(), losses)
    assert ax.get_ylim() == (0, 3) and ax.get_xlabel() == "step" and ax.get_title() == "three runs"
    assert len({(line.get_linestyle(), line.get_linewidth()) for line in ax.lines}) == 3
    assert ax.get_yscale() == "linear" and ax.get_ylabel() == "training loss"
    plt.close(ax.figure)
    logged = plot_loss_histories(histories, "three runs", log=True)          # a spike and a plateau both readable
    assert logged.get_yscale() == "log" and "log" in logged.get_ylabel()
    np.testing.assert_array_equal(logged.lines[1].get_ydata(), histories["zigzag"])
    plt.close(logged.figure)


def test_decision_boundaries_in_a_grid_label_only_the_outer_panels():
    import matplotlib.pyplot as plt

    from cs231n.plotting import plot_decision_boundaries
    X, y = make_spiral(num_per_class=10, seed=0)
    predicts = [lambda P, k=k: np.full(len(P), k % 3) for k in range(4)]
    grid = plot_decision_boundaries(predicts, list("abcd"), X, y, ncols=2, steps=20)
    assert [ax.get_title() for ax in grid.axes] == list("abcd")
    assert [bool(ax.get_xlabel()) for ax in grid.axes] == [False, False, True, True]
    assert [bool(ax.get_ylabel()) for ax in grid.axes] == [True, False, True, False]
    assert [ax.images[0].get_array()[0, 0] for ax in grid.axes] == [0, 1, 2, 0]     # each panel its classes
    three = plot_decision_boundaries(predicts[:3], list("abc"), X, y, ncols=2, steps=20)
    assert [bool(ax.get_xlabel()) for ax in three.axes[:3]] == [False, True, True]   # nothing below "b"
    row = plot_decision_boundaries(predicts[:3], list("abc"), X, y, steps=20)
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in row.axes)              # one row: all labelled
    for fig in (grid, three, row):
        plt.close(fig)


def test_accuracy_against_hidden_size_says_its_axis_is_logarithmic_and_draws_both_reference_accuracies():
    import matplotlib.pyplot as plt

    from cs231n.plotting import plot_accuracy_vs_hidden
    sizes, train_acc, val_acc = [1, 2, 5, 10], [0.5, 0.6, 0.9, 0.95], [0.45, 0.6, 0.88, 0.96]
    ax = plot_accuracy_vs_hidden(sizes, train_acc, val_acc, reference=(0.54, 0.52), title="sweep")
    assert ax.get_xscale() == "log" and "log scale" in ax.get_xlabel() and ax.get_title() == "sweep"
    assert [line.get_label() for line in ax.lines] == ["training", "validation", "linear softmax, training (54%)",
                                                       "linear softmax, validation (52%)"]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), sizes)
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), val_acc)
    assert [line.get_ydata()[0] for line in ax.lines[2:]] == [0.54, 0.52]
    assert ax.lines[2].get_color() == ax.lines[0].get_color() and ax.lines[3].get_color() == ax.lines[1].get_color()
    plt.close(ax.figure)
    one = plot_accuracy_vs_hidden(sizes, train_acc, val_acc, reference=0.5)
    assert [line.get_label() for line in one.lines][2:] == ["linear softmax (50%)"]
    plt.close(one.figure)
    none = plot_accuracy_vs_hidden(sizes, train_acc, val_acc)
    assert len(none.lines) == 2
    plt.close(none.figure)
