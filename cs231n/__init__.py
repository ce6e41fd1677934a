"""Teaching package for the CS231n two-layer network and its backpropagation."""
from cs231n.gradient_check import (eval_numerical_gradient, eval_numerical_gradient_array,
                                   grad_check_sparse, rel_error)
from cs231n.neural_net import TwoLayerNet, softmax, softmax_loss

__all__ = ["TwoLayerNet", "softmax", "softmax_loss", "eval_numerical_gradient", "eval_numerical_gradient_array",
           "grad_check_sparse", "rel_error"]
