"""Data augmentation for minibatches of flattened images, used through the Solver's ``augment`` hook.

An augmentation takes a batch X (B, 3072) of 32x32x3 images, one per row, and returns a batch of
the same shape. Rows may be mean-centred: flipping a centred image flips the mean image too, which
is nearly left-right symmetric for natural photos, so the difference is negligible.
"""
import numpy as np

IMAGE_SHAPE = (32, 32, 3)


def check_image_rows(X):
    """Raise a ValueError naming the problem unless X is (B, 3072): rows of IMAGE_SHAPE images."""
    size = int(np.prod(IMAGE_SHAPE))
    if X.ndim != 2 or X.shape[1] != size:
        raise ValueError(f"augmentations need rows of {size} values ({IMAGE_SHAPE} images), "
                         f"got an array of shape {X.shape}")


def random_flips(X):
    """A copy of X (B, 3072) with a random half of its images mirrored left-right
    (numpy's global generator decides which)."""
    check_image_rows(X)
    images = X.reshape(-1, *IMAGE_SHAPE).copy()
    chosen = np.random.rand(len(images)) < 0.5
    images[chosen] = images[chosen, :, ::-1]
    return images.reshape(X.shape)


def mirrored(X):
    """A copy of X (B, 3072) with every image mirrored left-right."""
    check_image_rows(X)
    return X.reshape(-1, *IMAGE_SHAPE)[:, :, ::-1].reshape(X.shape)


def shifted(X, dy, dx):
    """A copy of X (B, 3072) with every image moved dy pixels down and dx pixels right (negative: up,
    left). The uncovered border is filled with zeros, which for mean-centred rows is the mean image."""
    check_image_rows(X)
    images = X.reshape(-1, *IMAGE_SHAPE)
    moved = np.zeros_like(images)
    height, width = IMAGE_SHAPE[:2]
    # Row r of the output is row r - dy of the input, for the rows where that exists.
    moved[:, max(dy, 0):height + min(dy, 0), max(dx, 0):width + min(dx, 0)] = \
        images[:, max(-dy, 0):height + min(-dy, 0), max(-dx, 0):width + min(-dx, 0)]
    return moved.reshape(X.shape)


def random_translations(X, max_shift=2):
    """A copy of X (B, 3072) with every image moved by a random whole number of pixels, from
    -max_shift to max_shift, down and right independently (numpy's global generator decides);
    the border is filled as by ``shifted``."""
    check_image_rows(X)
    shifts = np.random.randint(-max_shift, max_shift + 1, size=(len(X), 2))
    moved = np.empty_like(X)
    for i, (dy, dx) in enumerate(shifts):
        moved[i:i + 1] = shifted(X[i:i + 1], dy, dx)
    return moved


def random_flips_and_translations(X, max_shift=2):
    """random_flips, then random_translations by up to max_shift pixels."""
    return random_translations(random_flips(X), max_shift)
