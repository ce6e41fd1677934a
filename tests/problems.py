"""Small problems shared by the tests."""
import numpy as np

from cs231n import TwoLayerNet


def random_problem(seed, N=7, D=5, H=6, C=4):
    """A net with random biases and data for it: net, X (N, D), y (N,)."""
    rng = np.random.default_rng(seed)
    np.random.seed(seed)
    net = TwoLayerNet(D, H, C, std=0.5)
    for name in ("b1", "b2"):
        net.params[name] = rng.normal(size=net.params[name].shape)
    return net, rng.normal(size=(N, D)) * 2, rng.integers(0, C, size=N)


def blobs(seed=0, n=300, d=8, classes=3):
    """A small, learnable classification problem: X (n, d), y (n,)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(classes, d)) * 3
    y = rng.integers(0, classes, size=n)
    return centres[y] + rng.normal(size=(n, d)), y


def blob_data(n_train=200, n_val=100, **kwargs):
    """A data dict for the Solver from blobs: X_train, y_train, X_val, y_val."""
    X, y = blobs(n=n_train + n_val, **kwargs)
    return {"X_train": X[:n_train], "y_train": y[:n_train], "X_val": X[n_train:], "y_val": y[n_train:]}
