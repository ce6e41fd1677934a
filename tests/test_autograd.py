"""The tiny autograd (cs231n/autograd.py): the toy network's loss and every gradient of TwoLayerNet.loss,
the rules at each gate, and gradients added where a value fans out."""
import numpy as np
import pytest

from cs231n import TwoLayerNet
from cs231n.autograd import Tensor, softmax_loss
from cs231n.gradient_check import eval_numerical_gradient, rel_error

pytestmark = pytest.mark.layers       # notebook 4 introduces the engine; it is compared with TwoLayerNet


def toy():
    np.random.seed(0)
    net = TwoLayerNet(4, 10, 3, std=1e-1)
    np.random.seed(1)
    return net, 10 * np.random.randn(5, 4), np.array([0, 1, 2, 2, 1])


def autograd_loss(net, X, y, reg):
    """The two-layer net's loss as a graph of Tensors; returns (loss, the parameter Tensors)."""
    p = {name: Tensor(value) for name, value in net.params.items()}
    scores = (Tensor(X) @ p["W1"] + p["b1"]).relu() @ p["W2"] + p["b2"]
    loss = softmax_loss(scores, y) + reg * ((p["W1"] * p["W1"]).sum() + (p["W2"] * p["W2"]).sum())
    return loss, p


def test_the_engine_reproduces_two_layer_nets_loss_and_every_gradient():
    net, X, y = toy()
    loss, params = autograd_loss(net, X, y, reg=0.05)
    loss.backward()
    expected_loss, expected = net.loss(X, y, reg=0.05)
    assert abs(loss.data - expected_loss) < 1e-12
    for name, tensor in params.items():
        assert tensor.grad.shape == net.params[name].shape
        assert np.allclose(tensor.grad, expected[name], rtol=0, atol=1e-12), name


def test_each_gate_on_numbers():
    a, b = Tensor(3.0), Tensor(-4.0)
    (a * b).backward()                                  # multiply swaps
    assert (a.grad, b.grad) == (-4.0, 3.0)
    a, b = Tensor(3.0), Tensor(-4.0)
    (a + b).backward()                                  # add distributes
    assert (a.grad, b.grad) == (1.0, 1.0)
    x = Tensor([2.0, -1.0])
    x.relu().sum().backward()                           # max routes
    assert x.grad.tolist() == [1.0, 0.0]


def test_gradients_add_where_a_value_fans_out():
    x = Tensor(3.0)
    (x * x + x).backward()                              # x feeds three inputs: 3 + 3 + 1
    assert x.grad == 7.0
    bias = Tensor(np.zeros(3))
    (Tensor(np.ones((4, 3))) + bias).sum().backward()   # a bias broadcast to 4 rows gets 4 gradients
    assert bias.grad.tolist() == [4.0, 4.0, 4.0]


def test_the_graph_lists_every_node_after_its_parents():
    net, X, y = toy()
    loss, _ = autograd_loss(net, X, y, reg=0.05)
    order = loss.graph()
    position = {id(node): i for i, node in enumerate(order)}
    assert order[-1] is loss and all(position[id(p)] < position[id(n)] for n in order for p in n.parents)
    assert {node.op for node in order} >= {"@", "+", "relu", "exp", "log", "sum", "pick", "*"}


def test_the_loss_layer_against_a_numerical_gradient():
    scores, y = np.random.default_rng(0).normal(size=(6, 4)), np.array([0, 3, 1, 1, 2, 0])
    tensor = Tensor(scores)
    softmax_loss(tensor, y).backward()
    numerical = eval_numerical_gradient(lambda s: softmax_loss(Tensor(s), y).data, scores, verbose=False)
    assert rel_error(tensor.grad, numerical) < 1e-7


@pytest.mark.parametrize("call, error, message", [
    (lambda: Tensor("abc"), TypeError, "a Tensor holds numbers, got str"),
    (lambda: Tensor(np.ones(3)).backward(), ValueError, r"backward\(\) starts from a scalar .* shape \(3,\)"),
    (lambda: Tensor(np.ones((2, 3))).pick([0, 3]), ValueError, "y"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
