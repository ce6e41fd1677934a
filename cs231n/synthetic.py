"""A built-in, CIFAR-shaped stand-in for CIFAR-10, used when the real data is not on disk.

Each of the 10 classes has a smooth colour texture of its own (a sum of random 2-D waves).
An image is a randomly placed 32x32 window of its class texture, possibly mirrored, at a
random contrast, blended with the texture of another class, shifted in brightness per
channel and covered in pixel noise. That leaves a two-layer network clearly above chance
and clearly below perfect, so curves, tuning and confusion matrices mean something.
Everything is drawn from one seeded generator, so the set is the same on every machine.
"""
import numbers

import numpy as np

from cs231n.checks import check_count, check_float_dtype

CLASS_NAMES = ("waves-0", "waves-1", "waves-2", "waves-3", "waves-4",
               "waves-5", "waves-6", "waves-7", "waves-8", "waves-9")
SIZE, MARGIN = 32, 24          # image side; how far a window can move inside a texture


def class_textures(rng, num_classes=10, num_waves=6):
    """(num_classes, SIZE + MARGIN, SIZE + MARGIN, 3) float textures with values near [-1, 1]."""
    side = SIZE + MARGIN
    grid = np.stack(np.meshgrid(np.arange(side), np.arange(side), indexing="ij"), axis=-1)
    textures = np.zeros((num_classes, side, side, 3))
    for k in range(num_classes):
        for _ in range(num_waves):
            direction = rng.normal(size=2)
            frequency = rng.uniform(0.5, 3.0) * 2 * np.pi / side
            wave = np.cos(frequency * grid @ (direction / np.linalg.norm(direction))
                          + rng.uniform(0, 2 * np.pi))
            textures[k] += wave[..., None] * rng.normal(size=3)
        textures[k] /= np.abs(textures[k]).max()
    return textures


def all_windows(textures):
    """Every SIZE x SIZE window of every texture: (classes, MARGIN + 1, MARGIN + 1, SIZE, SIZE, 3)."""
    views = np.lib.stride_tricks.sliding_window_view(textures, (SIZE, SIZE), axis=(1, 2))
    return np.ascontiguousarray(views.transpose(0, 1, 2, 4, 5, 3))


def draw_images(rng, windows, labels, mix=1.5, noise=0.8):
    """Images (N, SIZE, SIZE, 3) in 0..255 (float32) for the given labels (N,);
    windows come from all_windows."""
    n, num_classes = len(labels), len(windows)
    dx, dy = rng.integers(0, MARGIN + 1, size=(2, n))
    images = windows[labels, dx, dy]
    flip = rng.random(n) < 0.5
    images[flip] = images[flip, :, ::-1]
    others = (labels + rng.integers(1, num_classes, size=n)) % num_classes
    images *= rng.uniform(0.4, 1.0, size=(n, 1, 1, 1)).astype(np.float32)
    images += rng.uniform(0, mix, size=(n, 1, 1, 1)).astype(np.float32) * windows[others, dx, dy]
    images += rng.normal(scale=0.3, size=(n, 1, 1, 3)).astype(np.float32)
    images += rng.standard_normal(size=images.shape, dtype=np.float32) * np.float32(noise)
    return np.clip(128 + 60 * images, 0, 255).round()


def make_builtin_images(num_train=50000, num_test=10000, dtype=np.float64, seed=0):
    """The built-in set with CIFAR-10's shapes and return values (see load_CIFAR10):
    Xtr (num_train, 32, 32, 3), ytr (num_train,), Xte (num_test, 32, 32, 3), yte (num_test,),
    pixel values are whole numbers in 0..255 stored as dtype (a floating type)."""
    num_train, num_test = check_count(num_train, "num_train"), check_count(num_test, "num_test")
    dtype = check_float_dtype(dtype)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    rng = np.random.default_rng(seed)
    windows = all_windows(class_textures(rng)).astype(np.float32)
    arrays = []
    for n in (num_train, num_test):
        labels = np.arange(n) % len(windows)
        rng.shuffle(labels)
        images = np.empty((n, SIZE, SIZE, 3), dtype=dtype)
        for start in range(0, n, 5000):                    # bounded temporaries
            images[start:start + 5000] = draw_images(rng, windows, labels[start:start + 5000])
        arrays += [images, labels]
    return tuple(arrays)


def make_spiral(num_per_class=100, num_classes=3, noise=0.2, seed=0):
    """The 2-D spiral of the CS231n notes' "Minimal Neural Network Case Study".

    Class j has num_per_class points at radii evenly spaced in [0, 1] and angles evenly spaced
    in [4j, 4(j + 1)] radians plus ``noise`` * standard normal noise, at (r sin t, r cos t).
    Returns X (num_classes * num_per_class, 2) floats, y (num_classes * num_per_class,) ints
    (class j fills rows j * num_per_class to (j + 1) * num_per_class - 1). The noise comes from a
    generator of its own seeded with ``seed``; numpy's global generator is left alone.
    """
    rng = np.random.default_rng(seed)
    radius = np.linspace(0.0, 1.0, num_per_class)
    X = np.empty((num_classes * num_per_class, 2))
    y = np.repeat(np.arange(num_classes), num_per_class)
    for j in range(num_classes):
        theta = np.linspace(4 * j, 4 * (j + 1), num_per_class) + noise * rng.standard_normal(num_per_class)
        X[y == j] = np.column_stack([radius * np.sin(theta), radius * np.cos(theta)])
    return X, y
