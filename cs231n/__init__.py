"""Teaching package for the CS231n two-layer network and its backpropagation."""
from cs231n.gradient_check import (eval_numerical_gradient, eval_numerical_gradient_array,
                                   grad_check_sparse, rel_error)
from cs231n.neural_net import TwoLayerNet

__all__ = ["TwoLayerNet", "eval_numerical_gradient", "eval_numerical_gradient_array",
           "grad_check_sparse", "rel_error"]
