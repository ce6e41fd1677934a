"""The official 4-10-3 toy problem of the CS231n two-layer-net notebook, with the
reference values that notebook prints, so our numbers can be held against it."""
import numpy as np

from cs231n.neural_net import TwoLayerNet

INPUT_SIZE, HIDDEN_SIZE, NUM_CLASSES, NUM_INPUTS = 4, 10, 3, 5

#: Scores (5, 3) of the toy model on the toy data, as printed by the official notebook.
OFFICIAL_SCORES = np.array([
    [-0.81233741, -1.27654624, -0.70335995],
    [-0.17129677, -1.18803311, -0.47310444],
    [-0.51590475, -1.01354314, -0.8504215],
    [-0.15419291, -0.48629638, -0.52901952],
    [-0.00618733, -0.12435261, -0.15226949]])

#: Loss of the toy model on the toy data at reg=0.05, from the official notebook.
OFFICIAL_LOSS = 1.30378789133


def init_toy_model():
    """The official toy net: seed 0, std 0.1; W1 (4, 10), W2 (10, 3)."""
    np.random.seed(0)
    return TwoLayerNet(INPUT_SIZE, HIDDEN_SIZE, NUM_CLASSES, std=1e-1)


def init_toy_data():
    """The official toy data: seed 1; X (5, 4), y (5,) = [0, 1, 2, 2, 1]."""
    np.random.seed(1)
    X = 10 * np.random.randn(NUM_INPUTS, INPUT_SIZE)
    y = np.array([0, 1, 2, 2, 1])
    return X, y

#: Final training loss of a fresh toy model after the official notebook's training cell
#: (learning_rate=1e-1, reg=5e-6, num_iters=100, data drawn first), as that notebook prints it.
OFFICIAL_TRAINING_LOSS = 0.017149607938732


def loss_along_weight(net, X, y, reg, name, index, values):
    """The loss and its analytic derivative along one weight: for each v in ``values``,
    params[name][index] is set to v (everything else fixed) and net.loss(X, y, reg) is called.

    Returns (losses, slopes), arrays shaped like ``values``; slopes[k] is grads[name][index]
    there. The weight is restored afterwards, also if a call fails.
    """
    param = net.params[name]
    original = param[index]
    losses, slopes = [], []
    try:
        for value in values:
            param[index] = value
            loss, grads = net.loss(X, y, reg=reg)
            losses.append(loss)
            slopes.append(grads[name][index])
    finally:
        param[index] = original
    return np.array(losses), np.array(slopes)
