"""A tiny reverse-mode autograd on numpy arrays, after micrograd (Karpathy): what a framework does
when you call ``loss.backward()``.

Every operation on a ``Tensor`` makes a new Tensor that remembers its inputs and a function that
sends its gradient back to them: local derivative times upstream gradient (the chain rule), added
(``+=``) to what the input already holds, because an input that feeds several operations gets a
gradient from each. ``backward()`` orders the graph so that every node comes after its inputs and
calls those functions from the loss backwards.

    W = Tensor(np.random.randn(4, 3))
    loss = (Tensor(X) @ W).relu().sum()
    loss.backward()          # W.grad (4, 3) is d loss / d W
"""
import numpy as np

from cs231n.checks import check_labels


class Tensor:
    """An array ``data`` (any shape, float64), its gradient ``grad`` (same shape, zeros until
    backward()), the Tensors it was computed from (``parents``) and the name of that operation."""

    def __init__(self, data, parents=(), op=""):
        array = np.asarray(data)
        if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
            raise TypeError(f"a Tensor holds numbers, got {type(data).__name__} of dtype {array.dtype}")
        self.data = array.astype(float)
        self.grad = np.zeros_like(self.data)
        self.parents, self.op = parents, op
        self._backward = lambda: None          # sends self.grad to the parents; set by the operation

    def __repr__(self):
        return f"Tensor(shape={self.data.shape}, op={self.op or 'input'!r})"

    def __add__(self, other):
        other = as_tensor(other)
        out = Tensor(self.data + other.data, (self, other), "+")

        def _backward():                       # add distributes: each input gets the upstream gradient
            self.grad += unbroadcast(out.grad, self.data.shape)
            other.grad += unbroadcast(out.grad, other.data.shape)
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = as_tensor(other)
        out = Tensor(self.data * other.data, (self, other), "*")

        def _backward():                       # multiply swaps: each input gets the other one's value
            self.grad += unbroadcast(other.data * out.grad, self.data.shape)
            other.grad += unbroadcast(self.data * out.grad, other.data.shape)
        out._backward = _backward
        return out

    def __matmul__(self, other):
        other = as_tensor(other)
        out = Tensor(self.data @ other.data, (self, other), "@")

        def _backward():                       # (N, D) @ (D, M): the matrix form of multiply-swaps
            self.grad += out.grad @ other.data.T
            other.grad += self.data.T @ out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Tensor(np.maximum(self.data, 0), (self,), "relu")

        def _backward():                       # max routes: the gradient passes where the input won
            self.grad += (self.data > 0) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Tensor(np.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self):
        out = Tensor(np.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data
        out._backward = _backward
        return out

    def sum(self, axis=None, keepdims=False):
        out = Tensor(self.data.sum(axis=axis, keepdims=keepdims), (self,), "sum")

        def _backward():                       # every summed entry gets the sum's gradient
            grad = out.grad if keepdims or axis is None else np.expand_dims(out.grad, axis)
            self.grad += np.broadcast_to(grad, self.data.shape)
        out._backward = _backward
        return out

    def pick(self, y):
        """Entry y[i] of each row i of a (N, C) Tensor: (N,), e.g. the log-probability of the label."""
        y = check_labels(y, *self.data.shape)
        rows = np.arange(len(y))
        out = Tensor(self.data[rows, y], (self,), "pick")

        def _backward():
            self.grad[rows, y] += out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-as_tensor(other))

    __radd__, __rmul__ = __add__, __mul__

    def graph(self):
        """Every Tensor this one was computed from, and itself, each after its parents (a list)."""
        order, seen = [], set()

        def visit(node):
            if id(node) not in seen:
                seen.add(id(node))
                for parent in node.parents:
                    visit(parent)
                order.append(node)
        visit(self)
        return order

    def backward(self):
        """Fill in .grad of every Tensor in the graph with the gradient of this scalar (a loss)."""
        if self.data.shape != ():
            raise ValueError(f"backward() starts from a scalar such as a loss, but this Tensor has shape "
                             f"{self.data.shape}; reduce it first, e.g. with .sum()")
        self.grad = np.ones_like(self.data)
        for node in reversed(self.graph()):
            node._backward()


def as_tensor(value):
    """value as a Tensor (a number or an array becomes a constant input)."""
    return value if isinstance(value, Tensor) else Tensor(value)


def unbroadcast(grad, shape):
    """grad summed down to shape: an input that numpy broadcast (a bias (M,) added to every row of an
    (N, M) array) fed every entry it was copied to, so its gradient is the sum over those entries."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def softmax_loss(scores, y):
    """The mean softmax cross-entropy of scores (N, C) Tensor for labels y (N,), as a scalar Tensor,
    built from the operations above (shifted by each row's maximum, a constant, so exp cannot overflow)."""
    shifted = scores - scores.data.max(axis=1, keepdims=True)
    log_probs = shifted - shifted.exp().sum(axis=1, keepdims=True).log()
    return -log_probs.pick(y).sum() * (1.0 / len(scores.data))
