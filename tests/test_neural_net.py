import numpy as np
import pytest

from cs231n import TwoLayerNet, eval_numerical_gradient, softmax, softmax_loss
from cs231n.exercises import backward_problems
from cs231n.neural_net import log_softmax
from cs231n.toy import OFFICIAL_LOSS, OFFICIAL_SCORES, OFFICIAL_TRAINING_LOSS, init_toy_data, init_toy_model
from problems import blobs, random_problem


@pytest.mark.softmax
def test_log_softmax_is_right_and_does_not_overflow():
    scores = np.array([[0.0, 0.0], [0.0, np.log(3.0)], [1000.0, 1000.0], [-1000.0, 0.0]])
    expected = [[-np.log(2), -np.log(2)], [-np.log(4), np.log(3 / 4)], [-np.log(2), -np.log(2)], [-1000.0, 0.0]]
    got = log_softmax(scores)
    assert np.shape(got) == (4, 2), f"log_softmax returns shape {np.shape(got)} for scores of shape (4, 2)"
    assert np.isfinite(got).all(), (f"log_softmax is not finite for scores of 1000 or -1000: rows 3 and 4 give "
                                    f"{got[2:].tolist()} (exp overflows; notebook 1 shows a way around it)")
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12, err_msg="log_softmax gives wrong values")
    np.testing.assert_allclose(softmax(scores).sum(axis=1), 1.0, rtol=1e-12)


def softmax_problem():
    """Scores (5, 4), labels (5,) and the softmax probabilities (5, 4), computed directly."""
    scores, y = np.random.default_rng(0).normal(size=(5, 4)), np.array([0, 3, 1, 1, 2])
    return scores, y, np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)


@pytest.mark.softmax
def test_softmax_loss_is_the_mean_cross_entropy():
    """Notebook 1 writes the loss; its gradient dscores may wait for notebook 2 (the next test)."""
    scores, y, probs = softmax_problem()
    loss, _ = softmax_loss(scores, y)
    assert isinstance(loss, float) and loss == pytest.approx(-np.log(probs[np.arange(5), y]).mean(), rel=1e-12)


@pytest.mark.backward
def test_softmax_loss_gradient_on_a_small_example():
    """dscores against the numerical gradient of the mean cross-entropy, computed here from scratch."""
    scores, y, _ = softmax_problem()
    _, dscores = softmax_loss(scores, y)
    assert np.shape(dscores) == (5, 4), f"dscores must have the shape of the scores, (5, 4), got {np.shape(dscores)}"

    def mean_cross_entropy(s):
        probs = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
        return -np.log(probs[np.arange(5), y]).mean()
    expected = eval_numerical_gradient(mean_cross_entropy, scores.copy(), verbose=False)
    np.testing.assert_allclose(dscores, expected, rtol=1e-7, atol=1e-10,
                               err_msg="dscores is not the gradient of the mean cross-entropy over the scores")


@pytest.mark.backward
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


@pytest.mark.forward
def test_official_toy_scores_and_loss():
    """The loss is checked before the backward pass exists, as in the official notebook."""
    net = init_toy_model()
    X, y = init_toy_data()
    scores = net.loss(X)
    assert np.sum(np.abs(scores - OFFICIAL_SCORES)) < 1e-7
    loss, _ = net.penalised_loss(scores, y, reg=0.05)        # dscores may wait for notebook 2
    assert isinstance(loss, float) and abs(loss - OFFICIAL_LOSS) < 1e-10


@pytest.mark.backward
def test_loss_returns_the_penalised_loss_with_the_gradients():
    net = init_toy_model()
    X, y = init_toy_data()
    assert net.loss(X, y, reg=0.05)[0] == net.penalised_loss(net.loss(X), y, reg=0.05)[0]


@pytest.mark.backward
def test_official_toy_gradients():
    net = init_toy_model()
    X, y = init_toy_data()
    problems = backward_problems(net, X, y, reg=0.05)      # every parameter's error, and where it points
    assert not problems, problems


@pytest.mark.train
def test_official_toy_training_reproduces_the_official_final_loss():
    """Same order of seeding as the official notebook: data (seed 1), then a fresh model (seed 0),
    so the batches drawn from numpy's global generator are the official ones."""
    X, y = init_toy_data()
    net = init_toy_model()
    stats = net.train(X, y, X, y, learning_rate=1e-1, reg=5e-6, num_iters=100)
    assert len(stats["loss_history"]) == 100
    assert abs(stats["loss_history"][-1] - OFFICIAL_TRAINING_LOSS) < 1e-12
    assert (net.predict(X) == y).all()


@pytest.mark.train
def test_training_lowers_the_loss_on_separable_data():
    X, y = blobs()
    np.random.seed(0)
    net = TwoLayerNet(8, 16, 3, std=1e-2)
    first = net.loss(X, y)[0]
    stats = net.train(X, y, X, y, learning_rate=0.5, num_iters=200, batch_size=50)
    assert net.loss(X, y)[0] < 0.5 * first
    assert stats["val_acc_history"][-1] > 0.9
    # Checked after the first step, after each of the 33 epochs of 6 steps and after the last step;
    # on all the training samples, with the last parameters kept.
    assert len(stats["train_acc_history"]) == len(stats["val_acc_history"]) == 1 + 200 // 6 + 1
    assert stats["train_acc_history"][-1] == np.mean(net.predict(X) == y)


@pytest.mark.backward
@pytest.mark.parametrize("extreme", [1e4, -1e4])
def test_loss_stays_finite_and_right_at_extreme_scores(extreme):
    """Class 0's score is pushed to +-1e4, far beyond where exp overflows. With +1e4 the loss of a
    sample is 0 if its label is 0, else about 1e4; with -1e4, class 0 gets probability ~0, so a
    sample labelled 0 costs about 1e4 and the others about ln 3 (three classes left, nearly tied)."""
    net, X, y = random_problem(0)
    net.params["b2"][:] = 0
    net.params["b2"][0] = extreme
    loss, grads = net.loss(X, y)
    assert np.isfinite(loss)
    assert all(np.isfinite(g).all() for g in grads.values())
    if extreme > 0:
        expected = np.mean(np.where(y == 0, 0.0, extreme))
    else:
        expected = np.mean(np.where(y == 0, -extreme, np.log(3)))
    assert loss == pytest.approx(expected, rel=0.05)


@pytest.mark.predict
def test_scores_without_labels_and_predict():
    net, X, _ = random_problem(1)
    scores = net.loss(X)
    assert scores.shape == (len(X), 4)
    assert (net.predict(X) == scores.argmax(axis=1)).all()


@pytest.mark.forward
@pytest.mark.parametrize("X, error, message", [
    (np.zeros(5), ValueError, "must be 2-D"),
    (np.zeros((3, 4)), ValueError, "expects 5"),
    (np.zeros((0, 5)), ValueError, "empty batch"),
    (np.full((3, 5), np.nan), ValueError, "NaN or infinite"),
    (np.full((3, 5), np.inf), ValueError, "NaN or infinite"),
    (np.array([["a"] * 5]), TypeError, "real numbers"),
])
def test_bad_X_is_named(X, error, message):
    net, _, _ = random_problem(0)
    with pytest.raises(error, match=message):
        net.loss(X)


@pytest.mark.forward
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


@pytest.mark.forward
@pytest.mark.parametrize("reg", [-0.1, np.nan, "0.1"])
def test_bad_reg_is_named(reg):
    net, X, y = random_problem(0)
    with pytest.raises(ValueError, match="reg must be"):
        net.loss(X, y, reg=reg)


@pytest.mark.train
@pytest.mark.parametrize("kwargs, message", [
    ({"learning_rate": 0}, "learning_rate must be"),
    ({"learning_rate": -1e-3}, "learning_rate must be"),
    ({"num_iters": 2.5}, "num_iters must be an integer"),
    ({"learning_rate_decay": 0}, "learning_rate_decay must be"),
    ({"batch_size": 0}, "batch_size must be an integer"),
    ({"reg": -1}, "reg must be"),
])
def test_bad_training_arguments_are_named(kwargs, message):
    net, X, y = random_problem(0)
    with pytest.raises(ValueError, match=message):
        net.train(X, y, X, y, **kwargs)


@pytest.mark.train
def test_bad_validation_set_is_named():
    net, X, y = random_problem(0)
    with pytest.raises(ValueError, match="y_val must have shape"):
        net.train(X, y, X, y[:3])


@pytest.mark.train
def test_diverging_run_stops_with_advice_and_leaves_the_model_as_it_was():
    net, X, y = random_problem(0)
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(FloatingPointError, match=r"diverged.*smaller learning_rate \(this run was given 1e\+30\)"):
        with np.errstate(over="ignore", invalid="ignore"):
            net.train(X * 1e3, y, X, y, learning_rate=1e30, num_iters=50, batch_size=4)
    assert all(np.array_equal(before[k], net.params[k]) for k in before)


@pytest.mark.forward
@pytest.mark.parametrize("args, message", [
    ((3072, 0, 10), "hidden_size must be an integer >= 1, got 0"),
    ((1e2, 10, 10), "input_size must be an integer >= 1, got 100.0"),
    (("3072", 10, 10), "input_size must be an integer >= 1, got '3072'"),
    ((5, 10, True), "output_size must be an integer >= 1, got True"),
    ((5, 10, 3, float("nan")), "std must be a finite number > 0, got nan"),
    ((5, 10, 3, 0.0), "std must be a finite number > 0, got 0.0"),
    ((5, 10, 3, -1e-4), "std must be a finite number > 0"),
])
def test_constructor_names_a_bad_argument(args, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        TwoLayerNet(*args)


@pytest.mark.forward
def test_sizes_may_be_numpy_integers():
    net = TwoLayerNet(np.int64(4), np.int32(3), 2)
    assert net.params["W1"].shape == (4, 3) and net.params["W2"].shape == (3, 2)


@pytest.mark.softmax
@pytest.mark.parametrize("call, error, message", [
    (lambda: softmax_loss(np.zeros((3, 4)), np.array([0, -1, 2])), ValueError, r"outside 0\.\.3: \[-1\]"),
    (lambda: softmax_loss(np.zeros((3, 4)), np.array([0, 1])), ValueError, r"y must have shape \(3,\)"),
    (lambda: softmax_loss(np.zeros((3, 4)), np.array([0.0, 1, 2])), TypeError, "integer class labels"),
    (lambda: softmax_loss(np.zeros(4), np.array([0])), ValueError, r"scores must be a non-empty 2-D array.*reshape\(1, -1\)"),
    (lambda: softmax(np.zeros((0, 3))), ValueError, "scores must be a non-empty 2-D"),
    (lambda: softmax(np.array([["a", "b"]])), TypeError, "scores must hold real numbers"),
])
def test_exported_functions_check_their_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()
