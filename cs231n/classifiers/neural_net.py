"""Assignment 1's module path for TwoLayerNet, whose code is in cs231n/neural_net.py (where the
package's notebooks, exercises and student edition point)."""
from cs231n.neural_net import TwoLayerNet  # noqa: F401  (re-exported)
