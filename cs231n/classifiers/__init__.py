"""The models, in Assignment 1's layout: ``cs231n/classifiers/neural_net.py`` holds the path of
the assignment's ``TwoLayerNet`` (its code is in cs231n/neural_net.py), and the baselines the
package's notebooks compare it with are in cs231n/classifiers/baselines.py.

    from cs231n.classifiers.neural_net import TwoLayerNet     # as Assignment 1's notebook
    from cs231n.classifiers import LinearSoftmax, TwoLayerNoBias, TwoLayerNoReLU
"""
from cs231n.classifiers.baselines import LinearSoftmax, TwoLayerNoBias, TwoLayerNoReLU

__all__ = ["LinearSoftmax", "TwoLayerNoBias", "TwoLayerNoReLU"]
