"""Load CIFAR-10 (or the built-in stand-in) and split it the way the assignments do: flat rows for
the package's notebooks (load_data), a dict of images for Assignment 2's (get_CIFAR10_data).

Memory, for reference: the 60,000 images as floats take 60000 * 3072 * 8 B = 1.47 GB in
float64 and 0.74 GB in float32 (the uint8 files on disk hold 184 MB).
"""
import hashlib
import numbers
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cs231n import config
from cs231n.checks import check_count, check_float_dtype
from cs231n.download import FOLDER, DataError, is_complete
from cs231n.synthetic import CLASS_NAMES as BUILTIN_CLASS_NAMES
from cs231n.synthetic import make_builtin_images

CIFAR10_CLASS_NAMES = ("airplane", "automobile", "bird", "cat", "deer",
                       "dog", "frog", "horse", "ship", "truck")
NUM_TRAIN, NUM_TEST = 50000, 10000     # images in CIFAR-10 (and at most in the built-in set)
# The fingerprint of the copy of CIFAR-10 that the notebooks' stored outputs, and the numbers in their
# text, were made with (rebuilt from JPEG files: the official archive's images re-encoded, in another
# order). On any other copy the notebooks run the same code and print other numbers.
STORED_OUTPUTS_FINGERPRINT = "6522cf7025ac"


def load_CIFAR_batch(filename, dtype=np.float64):
    """One batch file -> X (10000, 32, 32, 3) of dtype, y (10000,) int64."""
    dtype = check_float_dtype(dtype)
    X, y = read_batch(filename)
    return X.astype(dtype), y


class BatchUnpickler(pickle.Unpickler):
    """Unpickles what a CIFAR-10 batch holds (dicts, lists, strings, numbers, numpy arrays)
    and refuses every other class, so a corrupt or hostile file cannot build arbitrary objects."""
    ALLOWED = {("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
               ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"),
               ("numpy", "ndarray"), ("numpy", "dtype"), ("_codecs", "encode")}

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"it refers to {module}.{name}, which a CIFAR-10 batch "
                                         "does not contain")
        return super().find_class(module, name)


def read_batch(filename):
    """One batch file -> X (N, 32, 32, 3) uint8, y (N,) int64, or a DataError naming the file."""
    advice = "delete its folder and run `make data` again"
    try:
        with open(filename, "rb") as f:
            batch = BatchUnpickler(f, encoding="latin1").load()
        data, labels = np.asarray(batch["data"]), np.asarray(batch["labels"])
    except FileNotFoundError:
        raise DataError(f"CIFAR-10 batch file {filename} is missing; run `make data`") from None
    except OSError as error:
        raise DataError(f"cannot read CIFAR-10 batch file {filename} ({error.strerror}); check "
                        f"its permissions, or {advice}") from None
    except Exception as error:   # any exception while decoding means a corrupt file
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        raise DataError(f"CIFAR-10 batch file {filename} is corrupt ({detail}); {advice}") from None
    problem = batch_problem(data, labels)
    if problem:
        raise DataError(f"CIFAR-10 batch file {filename} is corrupt ({problem}); {advice}")
    X = data.astype(np.uint8).reshape(-1, 3, 32, 32)
    return np.ascontiguousarray(X.transpose(0, 2, 3, 1)), labels.astype(np.int64)   # (N, 32, 32, 3), C order


def batch_problem(data, labels):
    """What is wrong with a batch's arrays, or None: data (N, 3072) integers in 0..255,
    labels (N,) integers in 0..9."""
    if not np.issubdtype(data.dtype, np.integer) or data.size == 0 or data.size % 3072:
        return f"its data is {data.dtype} of shape {data.shape}, not rows of 3072 pixel bytes"
    if data.min() < 0 or data.max() > 255:
        return f"its pixel values run from {data.min()} to {data.max()}, outside 0..255"
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        return f"its labels are {labels.dtype} of shape {labels.shape}, not a list of integers"
    if len(labels) != data.size // 3072:
        return f"it has {data.size // 3072} images but {len(labels)} labels"
    if labels.min() < 0 or labels.max() > 9:
        return f"its labels run from {labels.min()} to {labels.max()}, outside 0..9"
    return None


def read_CIFAR10(root):
    """All of CIFAR-10 from the folder ``root`` (cifar-10-batches-py), as stored: Xtr (50000, 32,
    32, 3) uint8, ytr (50000,) int64, Xte (10000, 32, 32, 3) uint8, yte (10000,) int64."""
    root = Path(root)
    parts = [read_batch(root / f"data_batch_{i}") for i in range(1, 6)]
    Xte, yte = read_batch(root / "test_batch")
    return np.concatenate([X for X, _ in parts]), np.concatenate([y for _, y in parts]), Xte, yte


def load_CIFAR10(root, dtype=np.float64):
    """All of CIFAR-10 from the folder ``root`` (cifar-10-batches-py).

    Returns Xtr (50000, 32, 32, 3), ytr (50000,), Xte (10000, 32, 32, 3), yte (10000,);
    images as ``dtype`` (the official code returns float64). The batches are joined as
    uint8 and converted once, so the peak is the float arrays plus 184 MB.
    """
    dtype = check_float_dtype(dtype)
    Xtr, ytr, Xte, yte = read_CIFAR10(root)
    return Xtr.astype(dtype), ytr, Xte.astype(dtype), yte


def cifar10_root(root=None):
    """The cifar-10-batches-py folder: ``root`` if given, else the one in the configured data folder."""
    return Path(root) if root else config.data_dir() / FOLDER


def check_counts(num_training, num_validation, num_test, num_train_images=NUM_TRAIN,
                 num_test_images=NUM_TEST, where="CIFAR-10"):
    """The split sizes must be integers >= 1 that the data can supply."""
    num_training = check_count(num_training, "num_training")
    num_validation = check_count(num_validation, "num_validation")
    num_test = check_count(num_test, "num_test")
    if num_training + num_validation > num_train_images:
        raise ValueError(f"num_training + num_validation = {num_training} + {num_validation} = "
                         f"{num_training + num_validation}, but {where} has {num_train_images} "
                         "training images: ask for fewer")
    if num_test > num_test_images:
        raise ValueError(f"num_test = {num_test}, but {where} has {num_test_images} test images: "
                         "ask for fewer")
    return num_training, num_validation, num_test


def split(Xtr, ytr, Xte, yte, num_training, num_validation, num_test):
    """The assignments' split of images Xtr (N, ...), labels ytr (N,), Xte (N_test, ...), yte
    (N_test,): train = the first num_training training images, validation = the next
    num_validation, test = the first num_test test images. Returns X_train, y_train, X_val,
    y_val, X_test, y_test (views, not copies)."""
    for X, y, names in ((Xtr, ytr, "Xtr and ytr"), (Xte, yte, "Xte and yte")):
        if np.ndim(X) < 2 or np.shape(y) != (len(X),):
            raise ValueError(f"{names} must hold one label per image, got shapes {np.shape(X)} and "
                             f"{np.shape(y)}")
    if Xtr.shape[1:] != Xte.shape[1:]:
        raise ValueError(f"Xtr and Xte must hold images of one shape, got {Xtr.shape[1:]} and "
                         f"{Xte.shape[1:]}")
    num_training, num_validation, num_test = check_counts(
        num_training, num_validation, num_test, len(Xtr), len(Xte), "the data")
    validation = slice(num_training, num_training + num_validation)
    return (Xtr[:num_training], ytr[:num_training], Xtr[validation], ytr[validation],
            Xte[:num_test], yte[:num_test])


def split_and_center(Xtr, ytr, Xte, yte, num_training, num_validation, num_test):
    """The assignment's split (see split); the mean training image is subtracted from all three
    (in place: Xtr and Xte are changed) and rows are flattened.

    Returns X_train (num_training, 3072), y_train, X_val, y_val, X_test, y_test, mean_image (32, 32, 3).
    """
    for name, X in (("Xtr", Xtr), ("Xte", Xte)):
        if not isinstance(X, np.ndarray) or not np.issubdtype(X.dtype, np.floating):
            shown = X.dtype if isinstance(X, np.ndarray) else type(X).__name__
            raise TypeError(f"{name} must be a float array (the mean is subtracted in place), got "
                            f"{shown}; pass {name}.astype(np.float32)")
    X_train, y_train, X_val, y_val, X_test, y_test = split(Xtr, ytr, Xte, yte, num_training,
                                                           num_validation, num_test)
    mean_image = X_train.mean(axis=0)
    for X in (X_train, X_val, X_test):
        X -= mean_image      # in place: these are views into Xtr and Xte
    return (X_train.reshape(len(X_train), -1), y_train, X_val.reshape(len(X_val), -1), y_val,
            X_test.reshape(len(X_test), -1), y_test, mean_image)


def get_CIFAR10_data(num_training=49000, num_validation=1000, num_test=1000, subtract_mean=True,
                     root=None, dtype=np.float64):
    """CIFAR-10 as Assignment 2's notebooks take it: a dict of image-shaped arrays, channels first.

    The assignments' split (see split); with subtract_mean, the mean training image is subtracted
    from the three sets. Returns {"X_train": (num_training, 3, 32, 32), "y_train": (num_training,),
    "X_val": (num_validation, 3, 32, 32), "y_val", "X_test": (num_test, 3, 32, 32), "y_test"},
    images as dtype (Assignment 2: float64). root defaults to <CS231N_DATA_DIR>/cifar-10-batches-py.
    Assignment 1's notebook defines a function of this name itself (flat rows); the package's
    notebooks use load_data.
    """
    counts = check_counts(num_training, num_validation, num_test)
    dtype = check_float_dtype(dtype)
    X_train, y_train, X_val, y_val, X_test, y_test = split(*read_CIFAR10(cifar10_root(root)), *counts)
    # uint8 (N, 32, 32, 3) -> dtype (N, 3, 32, 32), C-ordered: one conversion, one copy.
    X_train, X_val, X_test = (X.transpose(0, 3, 1, 2).astype(dtype, order="C") for X in (X_train, X_val, X_test))
    if subtract_mean:
        mean_image = X_train.mean(axis=0)                           # (3, 32, 32)
        for X in (X_train, X_val, X_test):
            X -= mean_image
    return {"X_train": X_train, "y_train": y_train, "X_val": X_val, "y_val": y_val,
            "X_test": X_test, "y_test": y_test}


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
    fingerprint: str = ""  # of the labels of all training and test images, in file order (fingerprint())
    scale: float = 1.0     # the X_* rows are (image - mean_image) / scale ...
    unwhiten: np.ndarray = None   # ... times the inverse of this (3072, 3072) matrix, if whitened

    @property
    def same_as_stored_outputs(self):
        """True if this is the copy of CIFAR-10 the notebooks' stored outputs were made with: only then
        are their readings of exact numbers checked."""
        return self.fingerprint == STORED_OUTPUTS_FINGERPRINT

    def images(self, X):
        """Rows (N, 3072) of this set back to displayable images (N, 32, 32, 3) in 0..255."""
        if np.ndim(X) != 2 or np.shape(X)[1] != self.mean_image.size:
            raise ValueError(f"X must be rows of this data set, shape (N, {self.mean_image.size}), "
                             f"got shape {np.shape(X)}")
        if self.unwhiten is not None:
            X = X @ self.unwhiten
        return X.reshape(-1, 32, 32, 3) * self.scale + self.mean_image

    def describe(self):
        """One paragraph saying which data this is and where it came from."""
        if self.same_as_stored_outputs:
            copy = "\nThe same copy as the stored outputs: your numbers should match the text's."
        elif self.name == "CIFAR-10":
            copy = ("\nAnother copy than the stored outputs' (other pixels or another order): your numbers "
                    "will differ from the text's.")
        else:
            copy = ("\nNot CIFAR-10: synthetic textures, not photographs. The text reads the stored run on CIFAR-10: "
                    "your numbers and figures will differ from its readings, and what it says about photographs "
                    "(smooth templates, correlated neighbouring pixels, cats and dogs) does not apply here.")
        return (f"Data: {self.name} ({self.source}).{copy}\n"
                f"train {self.X_train.shape}, validation {self.X_val.shape}, test {self.X_test.shape}")


def load_data(num_training=49000, num_validation=1000, num_test=1000, dtype=np.float32, root=None):
    """CIFAR-10 if it is on disk, otherwise the package's built-in stand-in; a Data.
    Both hold at most 50,000 training and 10,000 test images."""
    num_training, num_validation, num_test = check_counts(num_training, num_validation, num_test)
    dtype = check_float_dtype(dtype)
    root = cifar10_root(root)
    if is_complete(root):
        arrays = load_CIFAR10(root, dtype)
        name, source, classes = "CIFAR-10", f"read from {root}", CIFAR10_CLASS_NAMES
    else:
        arrays = make_builtin_images(num_training + num_validation, num_test, dtype=dtype)
        name, classes = "the built-in synthetic data set", BUILTIN_CLASS_NAMES
        source = (f"CIFAR-10 was not found in {root}; run `make data` to download it, "
                  "then re-run this notebook")
    return Data(name, source, classes, *split_and_center(*arrays, num_training, num_validation, num_test),
                fingerprint=fingerprint(arrays[1], arrays[3]))


def fingerprint(y_train, y_test):
    """12 hexadecimal digits that tell copies of a data set apart: a hash of all training and test
    labels (N_train,) and (N_test,), in file order."""
    digest = hashlib.sha1()
    for labels in (y_train, y_test):
        digest.update(np.asarray(labels, dtype=np.uint8).tobytes())
    return digest.hexdigest()[:12]


def standardize(data):
    """Divide every X of ``data`` (a Data) by the training rows' standard deviation, in
    place, so inputs have unit variance; return that standard deviation."""
    scale = float(data.X_train.std())
    if not np.isfinite(scale) or scale == 0:
        raise ValueError(f"the training rows have standard deviation {scale}, so they cannot be "
                         "standardised: check that X_train holds varied, finite values")
    for X in (data.X_train, data.X_val, data.X_test):
        X /= scale
    data.scale *= scale
    return scale


def mirror_symmetric_eigh(covariance, mirror):
    """Eigenvalues (D,) and eigenvectors (D, D), as np.linalg.eigh, of a covariance (D, D) that mirroring
    leaves as it is: covariance[mirror][:, mirror] == covariance, where pixel i's mirror image is pixel
    mirror[i] (no pixel its own). Each eigenvector is then an image equal to its mirror image or to its
    negative, so the problem splits into two of half the size: in the basis (pixel + or - its mirror
    pixel) / sqrt(2), the covariance is C[left, left] + C[left, right] and C[left, left] - C[left, right].
    Four times less work than one eigh, whose cost grows as D cubed."""
    left = np.flatnonzero(mirror > np.arange(len(mirror)))       # one pixel of each pair
    right = mirror[left]
    values, vectors = [], []
    for sign in (1, -1):
        half_values, half_vectors = np.linalg.eigh(covariance[np.ix_(left, left)]
                                                   + sign * covariance[np.ix_(left, right)])
        full = np.zeros((len(mirror), len(left)))
        full[left], full[right] = half_vectors / np.sqrt(2), sign * half_vectors / np.sqrt(2)
        values.append(half_values)
        vectors.append(full)
    return np.concatenate(values), np.hstack(vectors)


def whiten(data, epsilon=1.0, num_samples=10000, chunk=5000):
    """ZCA-whiten every X of ``data`` (a Data) in place; return the (D, D) whitening matrix.

    The matrix is W = U diag(1 / sqrt(lambda + epsilon * mean(lambda))) U^T, with lambda and U
    the eigenvalues and eigenvectors of the (D, D) covariance of the first ``num_samples``
    training rows and their mirror images; then scaled so the training rows have unit standard
    deviation. Directions of large variance (smooth colour blobs) are scaled down and those of
    small variance (edges) up, so every direction with lambda >> epsilon * mean(lambda) has about
    the same variance; epsilon keeps the noisiest directions from being blown up. ZCA (rather
    than PCA) whitening rotates back to pixel coordinates, so rows are still images, and with
    the mirrored rows in the covariance W commutes with left-right flips: augmenting whitened
    rows (cs231n.augment) is the same as whitening augmented images. ``data.images`` still works.
    """
    if isinstance(epsilon, bool) or not isinstance(epsilon, numbers.Real) or not epsilon > 0 \
            or not np.isfinite(epsilon):
        raise ValueError(f"epsilon must be a number > 0, got {epsilon!r}")
    num_samples = check_count(num_samples, "num_samples")
    X = data.X_train[:num_samples]
    if X.ndim != 2 or X.shape[1] != data.mean_image.size or len(X) < 2:
        raise ValueError(f"whitening needs at least 2 training rows of {data.mean_image.size} values, "
                         f"got X_train of shape {data.X_train.shape}")
    covariance = (X.T @ X).astype(np.float64) / len(X)
    mirror = np.arange(X.shape[1]).reshape(data.mean_image.shape)[:, ::-1].ravel()
    covariance = (covariance + covariance[mirror][:, mirror]) / 2    # as if the mirror images were in
    eigenvalues, U = mirror_symmetric_eigh(covariance, mirror)
    eigenvalues = np.maximum(eigenvalues, 0)       # rounding can make the smallest ones slightly < 0
    if not np.isfinite(eigenvalues.mean()) or eigenvalues.mean() == 0:
        raise ValueError(f"the training rows have variance {eigenvalues.mean()}, so they cannot be "
                         "whitened: check that X_train holds varied, finite values")
    shrink = 1 / np.sqrt(eigenvalues + epsilon * eigenvalues.mean())
    U, shrink = U.astype(data.X_train.dtype), shrink.astype(data.X_train.dtype)
    W = (U * shrink) @ U.T
    for split in (data.X_train, data.X_val, data.X_test):
        for start in range(0, len(split), chunk):  # in chunks: no second copy of the data in memory
            split[start:start + chunk] = split[start:start + chunk] @ W
    scale = float(data.X_train.std())
    for split in (data.X_train, data.X_val, data.X_test):
        split /= scale
    data.unwhiten = (U / shrink * scale) @ U.T
    return W / scale
