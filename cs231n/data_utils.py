"""Load CIFAR-10 (or the built-in stand-in) and split it the way the assignment does.

Memory, for reference: the 60,000 images as floats take 60000 * 3072 * 8 B = 1.47 GB in
float64 and 0.74 GB in float32 (the uint8 files on disk hold 184 MB).
"""
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cs231n import config
from cs231n.download import FOLDER, DataError, is_complete
from cs231n.synthetic import CLASS_NAMES as BUILTIN_CLASS_NAMES
from cs231n.synthetic import make_builtin_images

CIFAR10_CLASS_NAMES = ("airplane", "automobile", "bird", "cat", "deer",
                       "dog", "frog", "horse", "ship", "truck")


def load_CIFAR_batch(filename, dtype=np.float64):
    """One batch file -> X (10000, 32, 32, 3) of dtype, y (10000,) int64."""
    X, y = read_batch(filename)
    return X.astype(dtype), y


def read_batch(filename):
    """One batch file -> X (N, 32, 32, 3) uint8, y (N,) int64, or a DataError naming the file."""
    try:
        with open(filename, "rb") as f:
            batch = pickle.load(f, encoding="latin1")
        X = np.asarray(batch["data"], dtype=np.uint8).reshape(-1, 3, 32, 32)
        y = np.asarray(batch["labels"], dtype=np.int64)
    except FileNotFoundError:
        raise DataError(f"CIFAR-10 batch file {filename} is missing; run `make data`") from None
    except (pickle.UnpicklingError, EOFError, KeyError, TypeError, ValueError) as error:
        raise DataError(f"CIFAR-10 batch file {filename} is corrupt ({type(error).__name__}: "
                        f"{error}); delete its folder and run `make data` again") from None
    if len(X) != len(y):
        raise DataError(f"CIFAR-10 batch file {filename} has {len(X)} images but {len(y)} labels")
    return np.ascontiguousarray(X.transpose(0, 2, 3, 1)), y   # (N, 32, 32, 3), C order


def load_CIFAR10(root, dtype=np.float64):
    """All of CIFAR-10 from the folder ``root`` (cifar-10-batches-py).

    Returns Xtr (50000, 32, 32, 3), ytr (50000,), Xte (10000, 32, 32, 3), yte (10000,);
    images as ``dtype`` (the official code returns float64). The batches are joined as
    uint8 and converted once, so the peak is the float arrays plus 184 MB.
    """
    root = Path(root)
    parts = [read_batch(root / f"data_batch_{i}") for i in range(1, 6)]
    Xtr = np.concatenate([X for X, _ in parts]).astype(dtype)
    ytr = np.concatenate([y for _, y in parts])
    Xte, yte = load_CIFAR_batch(root / "test_batch", dtype)
    return Xtr, ytr, Xte, yte


def cifar10_root(root=None):
    """The cifar-10-batches-py folder: ``root`` if given, else the one in the configured data folder."""
    return Path(root) if root else config.data_dir() / FOLDER


def split_and_center(Xtr, ytr, Xte, yte, num_training, num_validation, num_test):
    """The assignment's split: train = the first num_training training images,
    validation = the next num_validation, test = the first num_test test images;
    the mean training image is subtracted from all three (in place: Xtr and Xte are
    changed) and rows are flattened.

    Returns X_train (num_training, 3072), y_train, X_val, y_val, X_test, y_test, mean_image (32, 32, 3).
    """
    if num_training + num_validation > len(Xtr) or num_test > len(Xte):
        raise ValueError(f"asked for {num_training} + {num_validation} training and validation "
                         f"images and {num_test} test images, but there are {len(Xtr)} and {len(Xte)}")
    X_train = Xtr[:num_training]
    X_val = Xtr[num_training:num_training + num_validation]
    X_test = Xte[:num_test]
    mean_image = X_train.mean(axis=0)
    for X in (X_train, X_val, X_test):
        X -= mean_image      # in place: these are views into Xtr and Xte
    return (X_train.reshape(num_training, -1), ytr[:num_training],
            X_val.reshape(num_validation, -1), ytr[num_training:num_training + num_validation],
            X_test.reshape(num_test, -1), yte[:num_test], mean_image)


def get_CIFAR10_data(num_training=49000, num_validation=1000, num_test=1000, root=None,
                     dtype=np.float64):
    """CIFAR-10 split and mean-centred as in the official two-layer-net notebook.

    root defaults to <CS231N_DATA_DIR>/cifar-10-batches-py.
    Returns X_train (num_training, 3072), y_train, X_val (num_validation, 3072), y_val,
    X_test (num_test, 3072), y_test. Measured peak memory: 1.7 GB in float64, 1.0 GB in float32.
    """
    root = cifar10_root(root)
    return split_and_center(*load_CIFAR10(root, dtype), num_training, num_validation, num_test)[:6]


@dataclass
class Data:
    """A split data set: X_* are (N, 3072) mean-centred rows, y_* are (N,) labels."""
    name: str
    source: str
    class_names: tuple
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    mean_image: np.ndarray
    scale: float = 1.0     # the X_* rows are (image - mean_image) / scale

    def images(self, X):
        """Rows (N, 3072) of this set back to displayable images (N, 32, 32, 3) in 0..255."""
        return X.reshape(-1, 32, 32, 3) * self.scale + self.mean_image

    def describe(self):
        """One paragraph saying which data this is and where it came from."""
        return (f"Data: {self.name} ({self.source}).\n"
                f"train {self.X_train.shape}, validation {self.X_val.shape}, test {self.X_test.shape}")


def load_data(num_training=49000, num_validation=1000, num_test=1000, dtype=np.float32, root=None):
    """CIFAR-10 if it is on disk, otherwise the package's built-in stand-in; a Data."""
    root = cifar10_root(root)
    if is_complete(root):
        arrays = load_CIFAR10(root, dtype)
        name, source, classes = "CIFAR-10", f"read from {root}", CIFAR10_CLASS_NAMES
    else:
        arrays = make_builtin_images(num_training + num_validation, num_test, dtype=dtype)
        name, classes = "the built-in synthetic data set", BUILTIN_CLASS_NAMES
        source = (f"CIFAR-10 was not found in {root}; run `make data` to download it, "
                  "then re-run this notebook")
    split = split_and_center(*arrays, num_training, num_validation, num_test)
    return Data(name, source, classes, *split)


def standardize(data):
    """Divide every X of ``data`` (a Data) by the training rows' standard deviation, in
    place, so inputs have unit variance; return that standard deviation."""
    scale = float(data.X_train.std())
    for X in (data.X_train, data.X_val, data.X_test):
        X /= scale
    data.scale *= scale
    return scale
