"""Layers that often come together, as Assignment 2's ``layer_utils.py``: a sandwich's forward pass
keeps the caches of its parts, and its backward pass calls theirs in reverse order."""
from cs231n.layers import affine_backward, affine_forward, relu_backward, relu_forward


def affine_relu_forward(x, w, b):
    """ReLU(x w + b) for x (N, d_1, ..., d_k), w (D, M), b (M,): out (N, M) and the cache of both."""
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(dout, cache):
    """From dout (N, M): dx shaped like x, dw (D, M), db (M,)."""
    fc_cache, relu_cache = cache
    return affine_backward(relu_backward(dout, relu_cache), fc_cache)
