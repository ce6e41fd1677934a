"""Assignment 1's picture of many images at once: ``visualize_grid``, e.g. the first layer's
weights as 32x32 colour images, ``visualize_grid(W1.reshape(32, 32, 3, -1).transpose(3, 0, 1, 2))``."""
import math
import numbers

import numpy as np

from cs231n.checks import check_positive


def visualize_grid(Xs, ubound=255.0, padding=1):
    """Tile N images into one picture, G = ceil(sqrt(N)) to a row, filled row by row.

    Xs: (N, H, W, C) real numbers. Each image is scaled on its own to run from 0 (its lowest
    value) to ubound (its highest); an image of one value becomes 0. The ``padding`` pixels
    between images and the cells left over after the last image are 0.
    Returns the grid, float64 (G*H + (G-1)*padding, G*W + (G-1)*padding, C).
    """
    Xs = np.asarray(Xs)
    if Xs.ndim != 4 or Xs.shape[0] == 0 or not np.issubdtype(Xs.dtype, np.number):
        raise ValueError(f"Xs must be a non-empty array of images of shape (N, H, W, C), got "
                         f"{Xs.dtype} of shape {Xs.shape}")
    ubound = check_positive(ubound, "ubound")
    if isinstance(padding, bool) or not isinstance(padding, numbers.Integral) or padding < 0:
        raise ValueError(f"padding must be an integer >= 0 (blank pixels between images), got {padding!r}")
    N, H, W, C = Xs.shape
    G = math.ceil(math.sqrt(N))
    low = Xs.min(axis=(1, 2, 3), keepdims=True)                    # (N, 1, 1, 1)
    span = Xs.max(axis=(1, 2, 3), keepdims=True) - low
    scaled = ubound * (Xs - low) / np.where(span > 0, span, 1)      # (N, H, W, C) in [0, ubound]
    grid = np.zeros((G * H + (G - 1) * padding, G * W + (G - 1) * padding, C))
    for i, image in enumerate(scaled):
        top, left = (i // G) * (H + padding), (i % G) * (W + padding)
        grid[top:top + H, left:left + W] = image
    return grid
