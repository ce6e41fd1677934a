"""Assignment 2's layers (cs231n/layers.py, cs231n/layer_utils.py): the values its notebook prints, each
backward pass against numerical gradients, and the two-layer net rebuilt from layers."""
import numpy as np
import pytest

from cs231n import TwoLayerNet
from cs231n.gradient_check import eval_numerical_gradient, eval_numerical_gradient_array, rel_error
from cs231n.layer_utils import affine_relu_backward, affine_relu_forward
from cs231n.layers import affine_backward, affine_forward, relu_backward, relu_forward, softmax_loss, svm_loss

pytestmark = pytest.mark.layers


def test_affine_forward_flattens_each_sample_as_assignment_2s_check_expects():
    x = np.linspace(-0.1, 0.5, num=240).reshape(2, 4, 5, 6)
    w = np.linspace(-0.2, 0.3, num=360).reshape(120, 3)
    b = np.linspace(-0.3, 0.1, num=3)
    out, (cx, cw, cb) = affine_forward(x, w, b)
    expected = [[1.49834967, 1.70660132, 1.91485297], [3.25553199, 3.5141327, 3.77273342]]   # A2's values
    assert rel_error(out, np.array(expected)) < 1e-8 and cx is x and cw is w and cb is b


def test_relu_forward_as_assignment_2s_check_expects():
    out, cache = relu_forward(np.linspace(-0.5, 0.5, num=12).reshape(3, 4))
    expected = np.zeros((3, 4))
    expected[1, 2:], expected[2] = [0.04545455, 0.13636364], [0.22727273, 0.31818182, 0.40909091, 0.5]
    assert rel_error(out, expected) < 1e-7 and cache.shape == (3, 4)


@pytest.mark.parametrize("layer", ["affine", "affine_relu"])
def test_backward_passes_match_numerical_gradients(layer):
    forward, backward = {"affine": (affine_forward, affine_backward),
                         "affine_relu": (affine_relu_forward, affine_relu_backward)}[layer]
    rng = np.random.default_rng(231)
    x, w, b, dout = rng.normal(size=(10, 2, 3)), rng.normal(size=(6, 5)), rng.normal(size=5), rng.normal(size=(10, 5))
    dx, dw, db = backward(dout, forward(x, w, b)[1])
    assert dx.shape == x.shape and dw.shape == w.shape and db.shape == b.shape
    assert rel_error(dx, eval_numerical_gradient_array(lambda x: forward(x, w, b)[0], x, dout)) < 1e-8
    assert rel_error(dw, eval_numerical_gradient_array(lambda w: forward(x, w, b)[0], w, dout)) < 1e-8
    assert rel_error(db, eval_numerical_gradient_array(lambda b: forward(x, w, b)[0], b, dout)) < 1e-8


def test_relu_backward_passes_the_gradient_where_the_input_was_positive():
    x = np.array([[-1.0, 2.0], [3.0, -4.0]])
    dout = np.array([[10.0, 20.0], [30.0, 40.0]])
    assert np.array_equal(relu_backward(dout, relu_forward(x)[1]), [[0.0, 20.0], [30.0, 0.0]])
    x = np.random.default_rng(0).normal(size=(10, 10))
    dout = np.random.default_rng(1).normal(size=(10, 10))
    assert rel_error(relu_backward(dout, x), eval_numerical_gradient_array(lambda x: relu_forward(x)[0], x, dout)) < 1e-9


def test_the_loss_layers_near_their_values_for_small_scores():
    """Scores near 0: the hinge loss is about C - 1 = 9 (every margin about 1), softmax's about ln 10."""
    rng = np.random.default_rng(231)
    x, y = 0.001 * rng.normal(size=(50, 10)), rng.integers(10, size=50)
    for loss_layer, expected in ((svm_loss, 9.0), (softmax_loss, np.log(10))):
        loss, dx = loss_layer(x, y)
        assert abs(loss - expected) < 0.01 and dx.shape == x.shape
        assert rel_error(dx, eval_numerical_gradient(lambda x: loss_layer(x, y)[0], x, verbose=False)) < 1e-7


def test_two_layer_net_composed_from_layers_gives_its_loss_and_gradients():
    """affine - ReLU - affine - softmax with the L2 penalty reg * sum(W**2): the same numbers as
    TwoLayerNet.loss, gradient for gradient."""
    np.random.seed(0)
    net = TwoLayerNet(4, 10, 3, std=1e-1)
    X, y, reg = np.random.randn(5, 4), np.array([0, 1, 2, 2, 1]), 0.05
    p = net.params
    hidden, hidden_cache = affine_relu_forward(X, p["W1"], p["b1"])
    scores, scores_cache = affine_forward(hidden, p["W2"], p["b2"])
    loss, dscores = softmax_loss(scores, y)
    loss += reg * (np.sum(p["W1"] ** 2) + np.sum(p["W2"] ** 2))
    dhidden, dW2, db2 = affine_backward(dscores, scores_cache)
    _, dW1, db1 = affine_relu_backward(dhidden, hidden_cache)
    grads = {"W1": dW1 + 2 * reg * p["W1"], "b1": db1, "W2": dW2 + 2 * reg * p["W2"], "b2": db2}
    expected_loss, expected = net.loss(X, y, reg=reg)
    assert abs(loss - expected_loss) < 1e-12
    assert all(np.allclose(grads[name], expected[name], rtol=0, atol=1e-12) for name in p)


@pytest.mark.parametrize("call, message", [
    (lambda: affine_forward(np.ones((2, 3)), np.ones((4, 5)), np.ones(5)), r"x's samples have 3 values .* w must be \(3, M\)"),
    (lambda: affine_forward(np.ones((2, 3)), np.ones((3, 5)), np.ones(4)), r"b \(M,\), got shapes \(2, 3\), \(3, 5\) and \(4,\)"),
])
def test_mismatched_shapes_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
