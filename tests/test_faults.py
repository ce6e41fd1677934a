"""Every bad input and every fault: one clear error, nothing touched, nothing half-written.

Two tables, one test each:

API_FAULTS   calls into the package. A row is ``fault(call, ErrorType, regex, id=...)``; ``call``
             gets a World (below) holding ready-made inputs. The test checks the error's type,
             that its message matches ``regex`` (which names the argument or setting and the
             value) and is one line, and that everything in ``world.watched`` (arrays, dicts of
             arrays, folders) is exactly as before the call. Model rows (a TwoLayerNet in the
             World, its params watched) can be added to the same table.
CLI_FAULTS   ``python -m cs231n.download`` in a subprocess with its settings in the environment.
             A row is ``pytest.param(setup, regex, kept, id=...)``: ``setup(stage)`` prepares the
             fault and returns the environment variables to set; ``kept`` names files the run may
             add (a verified, complete archive). The test checks exit code 1, a single stderr line
             starting with "error:", no traceback, and that the data folder holds what it held
             before (plus ``kept``): no staging folder, no partial archive.

The lock file ``.cifar-10.lock`` that a run leaves in the data folder is ignored throughout:
it is empty and its lock is held by the kernel only while its process lives (test_killed_run
shows a later run is not blocked by it).

Faults that need the machine's help (a full disk, a read-only folder) use a small or read-only
tmpfs when running as root, chmod otherwise, and are skipped, saying why, when neither works.
A killed run and two concurrent runs have tests of their own at the end.
"""
import hashlib
import io
import os
import pickle
import re
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from cs231n import (TwoLayerNet, eval_numerical_gradient, eval_numerical_gradient_array, grad_check_sparse,
                    rel_error, softmax, softmax_loss)
from cs231n.checks import check_features
from cs231n.data_utils import (Data, get_CIFAR10_data, load_CIFAR10, load_CIFAR_batch, load_data,
                               read_batch, split_and_center, standardize, whiten)
from cs231n.download import ARCHIVE, BATCH_FILES, FOLDER, LOCK, DataError, fetch_cifar10, is_complete
from cs231n.synthetic import make_builtin_images
from test_data import add_file, batch_bytes, member, write_archive
from test_data import server  # noqa: F401  (a fixture: the local HTTP server)

pytestmark = pytest.mark.faults

STAGING = (".downloading-", ".extracting-")


# ---------------------------------------------------------------------------------------------
# The World given to API rows, and what "unchanged" means.

@dataclass
class World:
    tmp: Path
    cifar: Path                 # a complete small cifar-10-batches-py (100 train, 20 test images)
    monkeypatch: pytest.MonkeyPatch
    x: np.ndarray = field(default_factory=lambda: np.array([[1.0, -2.0], [0.5, 3.0]]))
    watched: dict = field(default_factory=dict)

    def file(self, name, payload):
        """A file in tmp holding ``payload`` (bytes, or an object to pickle)."""
        path = self.tmp / name
        path.write_bytes(payload if isinstance(payload, bytes) else pickle.dumps(payload, protocol=2))
        return path


def snapshot(value):
    """A comparable copy: arrays copied, dicts and lists item by item, folders as a listing of
    every file with its size, mtime and mode (the lock file left out)."""
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, dict):
        return {k: snapshot(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [snapshot(v) for v in value]
    if isinstance(value, Path):
        if not value.exists():
            return "absent"
        if value.is_file():
            return ("file", value.stat().st_size, value.stat().st_mtime_ns)
        return sorted((str(p.relative_to(value)), p.is_dir(), p.stat().st_size if p.is_file() else 0,
                       p.stat().st_mtime_ns, p.stat().st_mode)
                      for p in value.rglob("*") if p.name != LOCK)
    return repr(value)


@pytest.fixture(scope="module")
def small_cifar(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cifar")
    md5 = write_archive(tmp / "c.tar.gz")
    return fetch_cifar10(tmp / "data", (tmp / "c.tar.gz").as_uri(), md5)


@pytest.fixture
def world(tmp_path, small_cifar, monkeypatch):
    w = World(tmp_path, small_cifar, monkeypatch)
    w.watched.update(x=w.x, cifar=w.cifar)
    return w


def fault(call, error, pattern, id):
    return pytest.param(call, error, pattern, id=id)


def assert_one_clear_line(error, error_type, pattern):
    assert type(error) is error_type, f"{type(error).__name__} instead of {error_type.__name__}: {error}"
    message = str(error)
    assert "\n" not in message, f"message is not one line: {message!r}"
    assert re.search(pattern, message), f"{pattern!r} not found in {message!r}"


# ---------------------------------------------------------------------------------------------
# API rows.

def f_sum_squares(v):
    return np.sum(v ** 2)


def f_overflows(v):
    with np.errstate(over="ignore"):
        return np.exp(1e3 * v).sum()


def f_divides_by_zero(v):
    with np.errstate(divide="ignore", invalid="ignore"):
        return v / 0.0


GRADIENT_FAULTS = [
    # rel_error, the judge: no broadcasting, nothing empty, numbers only
    fault(lambda w: rel_error(np.array([[1.], [2.], [3.]]), np.array([1., 2., 3.])), ValueError,
          r"x has shape \(3, 1\) but y has shape \(3,\).*not broadcast", id="rel_error-column-vs-row"),
    fault(lambda w: rel_error(w.x, 0.0), ValueError, r"x has shape \(2, 2\) but y has shape \(\)",
          id="rel_error-array-vs-scalar"),
    fault(lambda w: rel_error(np.zeros(0), np.zeros(0)), ValueError, r"empty arrays \(shape \(0,\)\)",
          id="rel_error-empty"),
    fault(lambda w: rel_error(["a"], ["b"]), TypeError, r"compares numbers, got dtypes <U1",
          id="rel_error-strings"),
    # eval_numerical_gradient: float x, a sane h, a finite scalar f
    fault(lambda w: eval_numerical_gradient(f_sum_squares, np.array([1, 2, 3]), verbose=False),
          TypeError, r"x has dtype int64.*pass x\.astype\(float\)", id="numgrad-integer-x"),
    fault(lambda w: eval_numerical_gradient(f_sum_squares, [1.0, 2.0], verbose=False), TypeError,
          r"x must be a numpy array of floats.*got list", id="numgrad-list-x"),
    fault(lambda w: eval_numerical_gradient(f_sum_squares, w.x, verbose=False, h=0), ValueError,
          r"h must be a finite number > 0, got 0$", id="numgrad-h-zero"),
    fault(lambda w: eval_numerical_gradient(f_sum_squares, w.x, verbose=False, h=-1e-5), ValueError,
          r"h must be a finite number > 0, got -1e-05", id="numgrad-h-negative"),
    fault(lambda w: eval_numerical_gradient(f_sum_squares, w.x, verbose=False, h=float("nan")),
          ValueError, r"h must be a finite number > 0, got nan", id="numgrad-h-nan"),
    fault(lambda w: eval_numerical_gradient(f_sum_squares, w.x, verbose=False, h="1e-5"), ValueError,
          r"h must be a finite number > 0, got '1e-5'", id="numgrad-h-string"),
    fault(lambda w: eval_numerical_gradient(lambda v: v * 2, w.x, verbose=False), ValueError,
          r"f must return a scalar .* at x\[0, 0\] \+ h it returned shape \(2, 2\).*"
          r"eval_numerical_gradient_array", id="numgrad-f-returns-array"),
    fault(lambda w: eval_numerical_gradient(lambda v: np.nan, w.x, verbose=False), ValueError,
          r"f returned nan at x\[0, 0\] \+ h", id="numgrad-f-returns-nan"),
    fault(lambda w: eval_numerical_gradient(f_overflows, w.x, verbose=False),
          ValueError, r"f returned inf at x\[0, 0\] \+ h.*smaller h", id="numgrad-f-overflows"),
    fault(lambda w: eval_numerical_gradient(lambda v: None, w.x, verbose=False), TypeError,
          r"f returned None at x\[0, 0\] \+ h.*return statement", id="numgrad-f-returns-none"),
    fault(lambda w: eval_numerical_gradient(lambda v: "loss", w.x, verbose=False), TypeError,
          r"f must return a number, but at x\[0, 0\] \+ h it returned str", id="numgrad-f-returns-str"),
    fault(lambda w: eval_numerical_gradient(f_sum_squares, np.ones(3, np.float16), verbose=False),
          ValueError, r"h=1e-05 is too small for x\[0\] = 1\.0 in float16: x \+ h rounds back to x; "
          r"use a larger h, or x\.astype\(np\.float64\)", id="numgrad-h-lost-in-float16"),
    fault(lambda w: eval_numerical_gradient(f_sum_squares, np.array([1.0, 1e8]), verbose=False, h=1e-10),
          ValueError, r"h=1e-10 is too small for x\[1\] = 100000000\.0 in float64", id="numgrad-h-lost-in-float64"),
    fault(lambda w: eval_numerical_gradient(f_sum_squares, np.array([1.0, np.inf]), verbose=False),
          ValueError, r"x\[1\] is inf: the gradient is taken at finite points only", id="numgrad-x-inf"),
    fault(lambda w: eval_numerical_gradient(f_sum_squares, np.broadcast_to(w.x, (3, 2, 2)), verbose=False),
          ValueError, r"x is read-only, but it is perturbed in place; pass x\.copy\(\)", id="numgrad-x-read-only"),
    # eval_numerical_gradient_array: df shaped like f(x)
    fault(lambda w: eval_numerical_gradient_array(lambda v: v @ np.ones((2, 4)), w.x, np.ones((4, 2))),
          ValueError, r"df has shape \(4, 2\) but f\(x\) has shape \(2, 4\)", id="numgrad-array-df-shape"),
    fault(lambda w: eval_numerical_gradient_array(lambda v: v, w.x, np.ones(2)), ValueError,
          r"df has shape \(2,\) but f\(x\) has shape \(2, 2\)", id="numgrad-array-df-would-broadcast"),
    fault(lambda w: eval_numerical_gradient_array(lambda v: v, w.x.astype(int), np.ones((2, 2))),
          TypeError, r"x has dtype int64.*astype\(float\)", id="numgrad-array-integer-x"),
    fault(lambda w: eval_numerical_gradient_array(lambda v: v, w.x, np.ones((2, 2)), h=0.0), ValueError,
          r"h must be a finite number > 0, got 0\.0", id="numgrad-array-h-zero"),
    fault(lambda w: eval_numerical_gradient_array(f_divides_by_zero, w.x, np.ones((2, 2))), ValueError,
          r"f returned NaN or infinite values at x\[0, 0\] \+ h", id="numgrad-array-f-not-finite"),
    fault(lambda w: eval_numerical_gradient_array(lambda v: v, w.x, np.full((2, 2), "a")), TypeError,
          r"df must hold numbers, got dtype <U1", id="numgrad-array-df-strings"),
    # grad_check_sparse
    fault(lambda w: grad_check_sparse(f_sum_squares, w.x, np.zeros(4)), ValueError,
          r"analytic_grad has shape \(4,\) but x has shape \(2, 2\)", id="sparse-analytic-shape"),
    fault(lambda w: grad_check_sparse(f_sum_squares, w.x, 2 * w.x, num_checks=0), ValueError,
          r"num_checks must be an integer >= 1, got 0", id="sparse-num-checks-zero"),
    fault(lambda w: grad_check_sparse(f_sum_squares, w.x, 2 * w.x, num_checks=2.5), ValueError,
          r"num_checks must be an integer >= 1, got 2\.5", id="sparse-num-checks-float"),
    fault(lambda w: grad_check_sparse(f_sum_squares, w.x, 2 * w.x, rng=42), TypeError,
          r"rng must be a numpy Generator or None, got int; pass np\.random\.default_rng\(42\)",
          id="sparse-rng-seed"),
    fault(lambda w: grad_check_sparse(f_sum_squares, np.zeros((0, 3)), np.zeros((0, 3))), ValueError,
          r"x is empty \(shape \(0, 3\)\)", id="sparse-empty-x"),
    fault(lambda w: grad_check_sparse(f_sum_squares, np.arange(4), np.zeros(4)), TypeError,
          r"x has dtype int64", id="sparse-integer-x"),
    fault(lambda w: grad_check_sparse(lambda v: v, w.x, 2 * w.x, rng=np.random.default_rng(0)),
          ValueError, r"f must return a scalar", id="sparse-f-returns-array"),
    fault(lambda w: grad_check_sparse(f_sum_squares, w.x, np.full((2, 2), "g")), TypeError,
          r"analytic_grad must hold numbers, got dtype <U1", id="sparse-analytic-strings"),
    fault(lambda w: grad_check_sparse(f_sum_squares, w.x, 2 * w.x, h=-1), ValueError,
          r"h must be a finite number > 0, got -1", id="sparse-h-negative"),
    # checks.py hint for one sample
    fault(lambda w: check_features(np.zeros(5), 5), ValueError,
          r"shape \(5,\); for one sample of 5 features pass X\[None\] \(or X\.reshape\(1, -1\)\)",
          id="check_features-one-sample"),
]


class Evil:
    """Unpickling this would run a shell command."""
    def __reduce__(self):
        return os.system, ("echo pwned",)


def batch(data, labels):
    return {"data": data, "labels": labels, "batch_label": "x"}


GOOD_ROWS = np.zeros((2, 3072), dtype=np.uint8)

LOADER_FAULTS = [
    # split sizes and dtype
    fault(lambda w: get_CIFAR10_data(-1, 10, 10, root=w.cifar), ValueError,
          r"num_training must be an integer >= 1, got -1", id="get-num-training-negative"),
    fault(lambda w: get_CIFAR10_data(0, 10, 10, root=w.cifar), ValueError,
          r"num_training must be an integer >= 1, got 0", id="get-num-training-zero"),
    fault(lambda w: get_CIFAR10_data(10, 2.5, 10, root=w.cifar), ValueError,
          r"num_validation must be an integer >= 1, got 2\.5", id="get-num-validation-float"),
    fault(lambda w: get_CIFAR10_data(10, 10, True, root=w.cifar), ValueError,
          r"num_test must be an integer >= 1, got True", id="get-num-test-bool"),
    fault(lambda w: get_CIFAR10_data("90", 10, 10, root=w.cifar), ValueError,
          r"num_training must be an integer >= 1, got '90'", id="get-num-training-string"),
    fault(lambda w: get_CIFAR10_data(10, 10, 10, root=w.cifar, dtype=np.uint8), TypeError,
          r"dtype must be a floating-point type such as np\.float32 or np\.float64, got uint8",
          id="get-dtype-uint8"),
    fault(lambda w: get_CIFAR10_data(10, 10, 10, root=w.cifar, dtype="banana"), TypeError,
          r"dtype must be a floating-point type .*got 'banana'", id="get-dtype-garbage"),
    fault(lambda w: get_CIFAR10_data(95, 10, 5, root=w.cifar), ValueError,
          r"num_training \+ num_validation = 95 \+ 10 = 105, but the data has 100 training images",
          id="get-more-training-than-data"),
    fault(lambda w: get_CIFAR10_data(10, 10, 21, root=w.cifar), ValueError,
          r"num_test = 21, but the data has 20 test images", id="get-more-test-than-data"),
    fault(lambda w: get_CIFAR10_data(49000, 1000, 1000, root=w.tmp / "nowhere"), DataError,
          r"batch file .*nowhere/data_batch_1 is missing; run `make data`", id="get-no-data"),
    fault(lambda w: load_data(-1, root=w.cifar), ValueError,
          r"num_training must be an integer >= 1, got -1", id="load_data-negative"),
    fault(lambda w: load_data(100, 10, 0, root=w.tmp / "nowhere"), ValueError,
          r"num_test must be an integer >= 1, got 0", id="load_data-builtin-zero-test"),
    fault(lambda w: load_data(60000, 1000, 1000, root=w.tmp / "nowhere"), ValueError,
          r"61000, but CIFAR-10 has 50000 training images", id="load_data-builtin-too-many"),
    fault(lambda w: load_data(10, 10, 10, dtype=np.int32, root=w.cifar), TypeError,
          r"dtype must be a floating-point type .*got int32", id="load_data-dtype-int"),
    fault(lambda w: (w.monkeypatch.setenv("CS231N_DATA_DIR", str(w.file("a-file", b""))), load_data()),
          ValueError, r"CS231N_DATA_DIR=.*a-file is a file, not a folder", id="load_data-data-dir-is-a-file"),
    fault(lambda w: load_CIFAR10(w.cifar, dtype=np.int64), TypeError,
          r"dtype must be a floating-point type .*got int64", id="load_CIFAR10-dtype-int"),
    fault(lambda w: load_CIFAR_batch(w.cifar / "test_batch", dtype=bool), TypeError,
          r"dtype must be a floating-point type .*got bool", id="load_batch-dtype-bool"),
    fault(lambda w: split_and_center(np.zeros((4, 2, 2, 3), np.uint8), np.zeros(4, int),
                                     np.zeros((2, 2, 2, 3)), np.zeros(2, int), 2, 1, 1), TypeError,
          r"Xtr must be a float array .*got uint8; pass Xtr\.astype\(np\.float32\)", id="split-uint8"),
    fault(lambda w: split_and_center(np.zeros((4, 2, 2, 3)), np.zeros(3, int),
                                     np.zeros((2, 2, 2, 3)), np.zeros(2, int), 2, 1, 1), ValueError,
          r"Xtr and ytr must hold one label per image, got shapes \(4, 2, 2, 3\) and \(3,\)",
          id="split-label-count"),
    fault(lambda w: split_and_center(np.zeros((4, 2, 2, 3)), np.zeros(4, int),
                                     np.zeros((2, 2, 2, 3)), np.zeros(2, int), 2, 0, 1), ValueError,
          r"num_validation must be an integer >= 1, got 0", id="split-zero-validation"),
    fault(lambda w: make_builtin_images(0, 10), ValueError, r"num_train must be an integer >= 1, got 0",
          id="builtin-zero"),
    fault(lambda w: make_builtin_images(10, 10, dtype=np.uint8), TypeError,
          r"dtype must be a floating-point type .*got uint8", id="builtin-dtype"),
    fault(lambda w: make_builtin_images(10, 10, seed=-1), ValueError, r"seed must be an integer >= 0, got -1",
          id="builtin-seed"),
    fault(lambda w: standardize(Data("d", "s", (), *[np.ones((3, 4)), np.zeros(3)] * 3, np.zeros(4))),
          ValueError, r"standard deviation 0\.0, so they cannot be standardised", id="standardize-constant"),
    fault(lambda w: whiten(Data("d", "s", (), *[np.ones((3, 3072)), np.zeros(3)] * 3, np.zeros((32, 32, 3))),
                           epsilon="1"), ValueError, r"epsilon must be a number > 0, got '1'", id="whiten-epsilon"),
    fault(lambda w: whiten(Data("d", "s", (), *[np.zeros((3, 3072)), np.zeros(3)] * 3, np.zeros((32, 32, 3)))),
          ValueError, r"variance 0\.0, so they cannot be whitened", id="whiten-constant"),
    fault(lambda w: Data("d", "s", (), *[np.ones((3, 3072)), np.zeros(3)] * 3,
                         np.zeros((32, 32, 3))).images(np.zeros((2, 100))), ValueError,
          r"X must be rows of this data set, shape \(N, 3072\), got shape \(2, 100\)", id="images-shape"),
    # a corrupt batch file, whatever the corruption, is a DataError naming the file
    fault(lambda w: read_batch(w.file("b", b"\x80\x04\x8e" + (2 ** 63 - 1).to_bytes(8, "little"))),
          DataError, r"batch file .*/b is corrupt \(OverflowError.*delete its folder", id="batch-overflow"),
    fault(lambda w: read_batch(w.file("b", b"\x80\x05\x96" + (2 ** 62).to_bytes(8, "little"))),
          DataError, r"batch file .*/b is corrupt \(MemoryError\)", id="batch-memory"),
    fault(lambda w: read_batch(w.file("b", Evil())), DataError,
          r"corrupt \(UnpicklingError: it refers to (posix|os)\.system", id="batch-hostile-pickle"),
    fault(lambda w: read_batch(w.file("b", b"")), DataError, r"corrupt \(EOFError", id="batch-empty-file"),
    fault(lambda w: read_batch(w.file("b", [1, 2, 3])), DataError, r"corrupt \(TypeError", id="batch-not-a-dict"),
    fault(lambda w: read_batch(w.file("b", {"labels": [0]})), DataError, r"corrupt \(KeyError: 'data'\)",
          id="batch-no-data"),
    fault(lambda w: read_batch(w.file("b", batch([[10 ** 30] * 3072], [0]))), DataError,
          r"its data is object of shape \(1, 3072\), not rows of 3072 pixel bytes", id="batch-huge-ints"),
    fault(lambda w: read_batch(w.file("b", batch(np.full((1, 3072), 256), [0]))), DataError,
          r"pixel values run from 256 to 256, outside 0\.\.255", id="batch-pixel-range"),
    fault(lambda w: read_batch(w.file("b", batch(np.zeros((1, 3000), np.uint8), [0]))), DataError,
          r"its data is uint8 of shape \(1, 3000\)", id="batch-odd-size"),
    fault(lambda w: read_batch(w.file("b", batch(GOOD_ROWS, [0, 10]))), DataError,
          r"labels run from 0 to 10, outside 0\.\.9", id="batch-label-range"),
    fault(lambda w: read_batch(w.file("b", batch(GOOD_ROWS, [0]))), DataError,
          r"it has 2 images but 1 labels", id="batch-label-count"),
    fault(lambda w: read_batch(w.file("b", batch(GOOD_ROWS, [0.5, 1.0]))), DataError,
          r"its labels are float64 of shape \(2,\), not a list of integers", id="batch-float-labels"),
    fault(lambda w: read_batch(w.tmp), DataError, r"cannot read CIFAR-10 batch file .* \(Is a directory\)",
          id="batch-is-a-folder"),
]


def fetch_into(w, **kwargs):
    return fetch_cifar10(w.tmp / "data", **kwargs)


def local_archive(w):
    path = w.tmp / "c.tar.gz"
    return path, write_archive(path)


DOWNLOAD_API_FAULTS = [
    fault(lambda w: fetch_into(w, url=local_archive(w)[0].as_uri()), ValueError,
          r"url='file:///.*c\.tar\.gz' was given without md5", id="fetch-url-without-md5"),
    fault(lambda w: fetch_into(w, md5="0" * 32), ValueError, r"md5='0{32}' was given without url",
          id="fetch-md5-without-url"),
    fault(lambda w: fetch_cifar10(123), TypeError, r"data_dir must be a path .*got int", id="fetch-data-dir-int"),
    fault(lambda w: fetch_cifar10(w.file("f", b"")), ValueError, r"data_dir=.*/f is a file, not a folder",
          id="fetch-data-dir-is-a-file"),
    fault(lambda w: fetch_into(w, url=str(local_archive(w)[0]), md5="0" * 32), ValueError,
          r"url=/.*c\.tar\.gz is a plain path, not a URL: write it as file:///.*c\.tar\.gz",
          id="fetch-url-plain-path"),
    fault(lambda w: fetch_into(w, url=local_archive(w)[0].as_uri(), md5="f" * 64), ValueError,
          r"md5=f{64} has 64 hexadecimal characters and looks like a SHA-256", id="fetch-md5-sha256"),
]


@pytest.mark.parametrize("call, error, pattern", GRADIENT_FAULTS + LOADER_FAULTS + DOWNLOAD_API_FAULTS)
def test_api_fault(world, call, error, pattern):
    before = snapshot(world.watched)
    with pytest.raises(Exception) as info:
        call(world)
    assert_one_clear_line(info.value, error, pattern)
    assert snapshot(world.watched) == before
    assert not (world.tmp / "data").exists() or not [
        p for p in (world.tmp / "data").iterdir() if p.name != LOCK]


def test_the_tables_cover_enough_faults():
    assert len(GRADIENT_FAULTS) + len(LOADER_FAULTS) + len(DOWNLOAD_API_FAULTS) >= 40
    assert len(CLI_FAULTS) >= 20


# ---------------------------------------------------------------------------------------------
# The download command line.

class Stage:
    """What a CLI row's setup can use: a temporary folder, archives, a local HTTP server,
    and folders that are full or read-only."""

    def __init__(self, tmp, request):
        self.tmp, self.request = tmp, request
        self.data = tmp / "data"
        self.env = {"CS231N_DATA_DIR": str(self.data)}

    def archive(self, name="c.tar.gz", build=None):
        """A small archive (write_archive, or ``build(tar)`` to fill it); env pointing at it."""
        path = self.tmp / name
        if build is None:
            md5 = write_archive(path)
        else:
            with tarfile.open(path, "w:gz") as tar:
                build(tar)
            md5 = hashlib.md5(path.read_bytes()).hexdigest()
        return self.source(path.as_uri(), md5)

    def raw(self, payload, name="c.tar.gz"):
        path = self.tmp / name
        path.write_bytes(payload)
        return self.source(path.as_uri(), hashlib.md5(payload).hexdigest())

    def source(self, url, md5):
        self.env.update(CS231N_CIFAR10_URL=url, CS231N_CIFAR10_MD5=md5)
        return self.env

    def http(self):
        """(folder served, base URL) of a local HTTP server."""
        return self.request.getfixturevalue("server")

    def tmpfs(self, size, readonly=False):
        """A fresh folder that is a tmpfs of ``size`` (root only; else the test is skipped)."""
        where = self.tmp / ("ro" if readonly else "small")
        where.mkdir()
        if os.geteuid() != 0:
            if readonly:
                where.chmod(0o555)
                self.request.addfinalizer(lambda: where.chmod(0o755))
                return where
            pytest.skip("a full disk is staged on a small tmpfs, which needs root")
        options = f"size={size}" + (",ro" if readonly else "")
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                                 capture_output=True, text=True)
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
        self.request.addfinalizer(lambda: subprocess.run(["umount", "-l", str(where)]))
        return where


def run_cli(env, **kwargs):
    full = {"PATH": "/usr/bin:/bin", "HOME": env.get("HOME", "/nonexistent"), **env}
    return subprocess.run([sys.executable, "-m", "cs231n.download"], env=full, capture_output=True,
                          text=True, timeout=120, **kwargs)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_member(extra):
    """A build function: the good batches plus the TarInfo members in ``extra``."""
    def build(tar):
        for seed, name in enumerate(BATCH_FILES):
            add_file(tar, f"{FOLDER}/{name}", batch_bytes(seed))
        for info in extra:
            tar.addfile(info, io.BytesIO(b"x" * info.size) if info.isfile() else None)
    return build


def without(name):
    def build(tar):
        for seed, batch_name in enumerate(BATCH_FILES):
            if batch_name != name:
                add_file(tar, f"{FOLDER}/{batch_name}", batch_bytes(seed))
    return build


def top_folder_is_a_file(tar):
    add_file(tar, FOLDER, b"not a folder")
    for seed, name in enumerate(BATCH_FILES):
        add_file(tar, f"{FOLDER}/{name}", batch_bytes(seed))


def valid_md5(stage):
    return stage.archive()["CS231N_CIFAR10_MD5"]


def disk_full_while_extracting(stage):
    stage.data = stage.tmpfs("600k") / "data"     # the 0.37 MB archive fits, unpacked twice it does not
    stage.env["CS231N_DATA_DIR"] = str(stage.data)
    return stage.archive()


def disk_full_while_downloading(stage):
    stage.data = stage.tmpfs("200k")               # the archive itself does not fit
    stage.env["CS231N_DATA_DIR"] = str(stage.data)
    return stage.archive()


def read_only_data_folder(stage):
    stage.data = stage.tmpfs("100k", readonly=True)
    stage.env["CS231N_DATA_DIR"] = str(stage.data)
    return stage.archive()


def read_only_parent(stage):
    stage.data = stage.tmpfs("100k", readonly=True) / "data"
    stage.env["CS231N_DATA_DIR"] = str(stage.data)
    return stage.archive()


def not_found_over_http(stage):
    www, base = stage.http()
    return stage.source(f"{base}/missing.tar.gz", "0" * 32)


def taken(name, as_folder):
    def setup(stage):
        stage.data.mkdir()
        if as_folder:
            (stage.data / name).mkdir()
        else:
            (stage.data / name).write_bytes(b"someone else's file")
        return stage.archive()
    return setup


def set_env(**values):
    """A setup that makes an archive, then overrides settings (values may use {archive}, {md5})."""
    def setup(stage):
        env = stage.archive()
        path = stage.tmp / "c.tar.gz"
        fill = {"archive": str(path), "md5": env["CS231N_CIFAR10_MD5"], "tmp": str(stage.tmp),
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "sha1": hashlib.sha1(path.read_bytes()).hexdigest()}
        (stage.tmp / "a-file").write_bytes(b"")
        for key, value in values.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value.format(**fill)
        return env
    return setup


CLI_FAULTS = [
    # settings
    pytest.param(set_env(CS231N_CIFAR10_URL="{archive}"), r"^error: CS231N_CIFAR10_URL=/.*c\.tar\.gz is a "
                 r"plain path, not a URL: write it as file:///.*c\.tar\.gz$", (), id="url-plain-path"),
    pytest.param(set_env(CS231N_CIFAR10_URL="downloads/c.tar.gz"), r"CS231N_CIFAR10_URL=downloads/c\.tar\.gz "
                 r"is not a URL: give an https://, http:// or ftp:// address, or file://", (), id="url-no-scheme"),
    pytest.param(set_env(CS231N_CIFAR10_URL="s3://bucket/c.tar.gz"), r"CS231N_CIFAR10_URL=s3://bucket/c\.tar\.gz "
                 r"has the scheme 's3', which is not supported", (), id="url-unsupported-scheme"),
    pytest.param(set_env(CS231N_CIFAR10_URL="file://tmp/c.tar.gz"), r"CS231N_CIFAR10_URL=file://tmp/c\.tar\.gz "
                 r"reads 'tmp' as a host name.*three slashes", (), id="url-file-two-slashes"),
    pytest.param(set_env(CS231N_CIFAR10_URL="https:///c.tar.gz"), r"CS231N_CIFAR10_URL=https:///c\.tar\.gz "
                 r"has no host name", (), id="url-no-host"),
    pytest.param(set_env(CS231N_CIFAR10_MD5="{sha256}"), r"CS231N_CIFAR10_MD5=[0-9a-f]{64} has 64 "
                 r"hexadecimal characters and looks like a SHA-256", (), id="md5-is-a-sha256"),
    pytest.param(set_env(CS231N_CIFAR10_MD5="{sha1}"), r"CS231N_CIFAR10_MD5=[0-9a-f]{40} .*looks like a SHA-1",
                 (), id="md5-is-a-sha1"),
    pytest.param(set_env(CS231N_CIFAR10_MD5="not-a-checksum"), r"CS231N_CIFAR10_MD5='not-a-checksum' is not "
                 r"an MD5: it must be 32 hexadecimal characters", (), id="md5-garbage"),
    pytest.param(set_env(CS231N_CIFAR10_MD5=None), r"CS231N_CIFAR10_URL is set but CS231N_CIFAR10_MD5 is not",
                 (), id="md5-missing"),
    pytest.param(set_env(CS231N_CIFAR10_MD5=""), r"CS231N_CIFAR10_URL is set but CS231N_CIFAR10_MD5 is not",
                 (), id="md5-empty"),
    pytest.param(set_env(CS231N_CIFAR10_URL=None), r"CS231N_CIFAR10_MD5=[0-9a-f]{32} is set but "
                 r"CS231N_CIFAR10_URL is not, and the official archive's MD5 is c58f", (), id="md5-without-url"),
    pytest.param(set_env(CS231N_DATA_DIR="{tmp}/a-file"), r"CS231N_DATA_DIR=.*/a-file is a file, not a folder",
                 (), id="data-dir-is-a-file"),
    pytest.param(set_env(CS231N_DATA_DIR="{tmp}/a-file/data"), r"CS231N_DATA_DIR=.*/a-file/data lies inside "
                 r".*/a-file, which is a file", (), id="data-dir-inside-a-file"),
    # the source
    pytest.param(set_env(CS231N_CIFAR10_URL="file:///nonexistent/c.tar.gz"), r"file:///nonexistent/c\.tar\.gz: "
                 r"there is no file /nonexistent/c\.tar\.gz; check the path in CS231N_CIFAR10_URL", (),
                 id="file-url-missing"),
    pytest.param(set_env(CS231N_CIFAR10_MD5="0" * 32), r"does not have the expected MD5 0{32}.*was not kept",
                 (), id="md5-mismatch"),
    pytest.param(not_found_over_http, r"could not download http://127\.0\.0\.1:\d+/missing\.tar\.gz \(404",
                 (), id="http-404"),
    pytest.param(lambda stage: stage.source(f"http://127.0.0.1:{free_port()}/c.tar.gz", "0" * 32),
                 r"could not download http://127\.0\.0\.1:\d+/c\.tar\.gz .*refused.*check the address",
                 (), id="http-connection-refused"),
    # unusable verified archives: refused and deleted
    pytest.param(lambda stage: stage.archive(build=top_folder_is_a_file), r"is not a CIFAR-10 archive: "
                 r"'cifar-10-batches-py' in it is a regular file.*; it was deleted$", (), id="archive-top-folder-is-a-file"),
    pytest.param(lambda stage: stage.archive(build=lambda tar: add_file(tar, FOLDER, b"x")),
                 r"its cifar-10-batches-py is a regular file, not a folder; it was deleted$", (),
                 id="archive-only-a-file"),
    pytest.param(lambda stage: stage.raw(b"this is not gzip" * 100), r"is not a readable \.tar\.gz archive.*"
                 r"it was deleted$", (), id="archive-not-gzip"),
    pytest.param(lambda stage: stage.archive(build=without("test_batch")), r"cifar-10-batches-py/test_batch is "
                 r"missing; it was deleted$", (), id="archive-missing-batch"),
    pytest.param(lambda stage: stage.archive(build=with_member([member(f"{FOLDER}/ln", tarfile.SYMTYPE, "/etc")])),
                 r"refusing member 'cifar-10-batches-py/ln', which is a link", (), id="archive-symlink"),
    pytest.param(lambda stage: stage.archive(build=with_member([member("../../escaped")])),
                 r"refusing member '\.\./\.\./escaped', which would be written outside", (), id="archive-escape"),
    # the data folder
    pytest.param(taken(FOLDER, as_folder=False), r"data/cifar-10-batches-py exists but is not a folder: move "
                 r"or delete it", (), id="folder-name-taken-by-a-file"),
    pytest.param(taken(ARCHIVE, as_folder=True), r"data/cifar-10-python\.tar\.gz exists but is not a file: "
                 r"move or delete it", (), id="archive-name-taken-by-a-folder"),
    pytest.param(disk_full_while_extracting, r"no space left in .* while unpacking cifar-10-python\.tar\.gz "
                 r"\(No space left on device\): free \d+\.\d MB.*CS231N_DATA_DIR.*the verified archive .* is kept",
                 (ARCHIVE,), id="disk-full-while-extracting"),
    pytest.param(disk_full_while_downloading, r"no space left in .* while downloading file:///.*free about "
                 r"360 MB", (), id="disk-full-while-downloading"),
    pytest.param(read_only_data_folder, r"the data folder .*/ro is not writable \((Read-only file system|"
                 r"Permission denied)\): make it writable or set CS231N_DATA_DIR", (), id="data-folder-read-only"),
    pytest.param(read_only_parent, r"cannot create the data folder .*/ro/data: .*/ro is not writable.*"
                 r"CS231N_DATA_DIR", (), id="data-folder-parent-read-only"),
]


@pytest.mark.parametrize("setup, pattern, kept", CLI_FAULTS)
def test_cli_fault(tmp_path, request, setup, pattern, kept):
    stage = Stage(tmp_path, request)
    env = setup(stage)
    before = snapshot(stage.data)
    result = run_cli(env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert re.search(pattern, lines[0]), f"{pattern!r} not found in {lines[0]!r}"
    after = snapshot(stage.data)
    if stage.data.is_dir():
        left = [p.name for p in stage.data.iterdir()]
        assert not [n for n in left if n.startswith(STAGING)], left
        if ARCHIVE in kept:        # only a verified, complete archive may stay
            assert hashlib.md5((stage.data / ARCHIVE).read_bytes()).hexdigest() == env["CS231N_CIFAR10_MD5"]
        after = [row for row in after if row[0] not in kept] if isinstance(after, list) else after
    if before == "absent" and after == []:
        after = "absent"           # the data folder was created, and holds only the lock file
    assert after == before
    assert not (tmp_path.parent / "escaped").exists()


# ---------------------------------------------------------------------------------------------
# A run killed half-way, and two runs at once.

# Runs the command line with one function replaced by a stall: it writes the marker file (so
# the test knows the run got there), then waits until the "go" file exists (or forever).
STALLING_RUN = """
import sys, time
from pathlib import Path
from cs231n import download
marker, go, where = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
real = getattr(download, where)
def stall(*args, **kwargs):
    if where == "copy_local_file":
        Path(args[1]).write_bytes(b"half an archive")
    marker.write_text("here")
    while not go.exists():
        time.sleep(0.02)
    return real(*args, **kwargs)
setattr(download, where, stall)
download.main()
"""


def start_stalling(env, tmp_path, where):
    marker, go = tmp_path / "marker", tmp_path / "go"
    full = {"PATH": "/usr/bin:/bin", **env}
    process = subprocess.Popen([sys.executable, "-c", STALLING_RUN, str(marker), str(go), where], env=full,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not marker.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            out, err = process.communicate()
            pytest.fail(f"the stalling run did not reach {where}: {out}{err}")
        time.sleep(0.02)
    return process, go


@pytest.mark.parametrize("where, staging", [("check_members", ".extracting-"),
                                            ("copy_local_file", ".downloading-")])
def test_killed_run_leaves_nothing_that_stops_the_next(tmp_path, where, staging):
    stage = Stage(tmp_path, None)
    env = stage.archive()
    process, _ = start_stalling(env, tmp_path, where)
    try:
        left = [p.name for p in stage.data.iterdir() if p.name.startswith(staging)]
        assert len(left) == 1, "the run under test should be inside its staging folder"
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    assert (stage.data / left[0]).is_dir()       # SIGKILL leaves it behind...
    if where == "copy_local_file":
        assert not (stage.data / ARCHIVE).exists()   # ...but never a partial archive in place

    again = run_cli(env)                          # ...and the next run, holding the lock, removes it
    assert again.returncode == 0, again.stderr
    assert f"removed {stage.data / left[0]}, left by an interrupted run" in again.stdout
    assert "ready in" in again.stdout
    assert is_complete(stage.data / FOLDER)
    assert sorted(p.name for p in stage.data.iterdir()) == sorted([LOCK, ARCHIVE, FOLDER])
    assert (stage.data / LOCK).stat().st_size == 0


def test_two_runs_at_once_the_second_waits_then_finds_the_data(tmp_path):
    stage = Stage(tmp_path, None)
    env = stage.archive()
    first, go = start_stalling(env, tmp_path, "check_members")     # holds the lock, mid-extraction
    second = subprocess.Popen([sys.executable, "-u", "-m", "cs231n.download"], text=True,
                              env={"PATH": "/usr/bin:/bin", **env}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    said, waiting = [], threading.Event()

    def read():
        for line in second.stdout:
            said.append(line)
            if "waiting" in line:
                waiting.set()
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert waiting.wait(60), f"the second run did not say it waits: {said}"
        assert second.poll() is None               # it is still waiting for the lock
        go.touch()                                 # let the first run finish
        first_out, first_err = first.communicate(timeout=120)
        second.wait(timeout=120)
        reader.join(timeout=10)
        second_err = second.stderr.read()
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.kill()
    assert first.returncode == 0 and second.returncode == 0, first_err + second_err
    assert "ready in" in first_out and "waiting" not in first_out
    assert said[0].startswith(f"another download into {stage.data} is running; waiting")
    assert "nothing to do" in said[-1]             # it found the data complete: no second download
    assert "downloading" not in "".join(said)
    assert first_err == "" and second_err == ""
    assert is_complete(stage.data / FOLDER)
    assert sorted(p.name for p in stage.data.iterdir()) == sorted([LOCK, ARCHIVE, FOLDER])


# ---------------------------------------------------------------------------------------------
# The model, its functions and the training loop: the same promise, with the model's parameters
# (values, dtypes and the dict itself) as what must stay untouched.

def model_fault(call, error, pattern, id):
    """``call(net, X, y)`` gets a 5-6-3 net and a matching batch X (7, 5), y (7,)."""
    return pytest.param(call, error, pattern, id=id)


def solver_with(net, X, y, **options):
    from cs231n.solver import Solver
    return Solver(net, {"X_train": X, "y_train": y, "X_val": X, "y_val": y}, **options).train()


MODEL_FAULTS = [
    model_fault(lambda n, X, y: TwoLayerNet(3072, 0, 10), ValueError, r"hidden_size must be an integer >= 1, got 0",
                id="net-hidden-0"),
    model_fault(lambda n, X, y: TwoLayerNet(1e2, 10, 10), ValueError, r"input_size must be an integer >= 1, got 100\.0",
                id="net-size-float"),
    model_fault(lambda n, X, y: TwoLayerNet("3072", 10, 10), ValueError, r"input_size must be an integer >= 1, got '3072'",
                id="net-size-string"),
    model_fault(lambda n, X, y: TwoLayerNet(5, 6, 3, std=float("nan")), ValueError, r"std must be a finite number > 0, got nan",
                id="net-std-nan"),
    model_fault(lambda n, X, y: TwoLayerNet(5, 6, 3, std=-1.0), ValueError, r"std must be a finite number > 0, got -1\.0",
                id="net-std-negative"),
    model_fault(lambda n, X, y: n.loss(X[0]), ValueError, r"X must be 2-D.*X\[None\]", id="loss-one-row-1d"),
    model_fault(lambda n, X, y: n.loss(X[:, :4]), ValueError, r"X has 4 features per row but the network expects 5",
                id="loss-wrong-features"),
    model_fault(lambda n, X, y: n.loss(X, y[:3]), ValueError, r"y must have shape \(7,\)", id="loss-short-labels"),
    model_fault(lambda n, X, y: n.loss(X, y - 1), ValueError, r"y has labels outside 0\.\.2: \[-1\]", id="loss-label-minus-1"),
    model_fault(lambda n, X, y: n.loss(X, y, reg=-1), ValueError, r"reg must be a finite number >= 0, got -1", id="loss-reg-negative"),
    model_fault(lambda n, X, y: n.predict(np.full((2, 5), np.nan)), ValueError, r"X contains NaN or infinite values",
                id="predict-nan"),
    model_fault(lambda n, X, y: softmax_loss(np.zeros((3, 4)), np.array([0, -1, 2])), ValueError,
                r"y has labels outside 0\.\.3: \[-1\]", id="softmax_loss-label-minus-1"),
    model_fault(lambda n, X, y: softmax(np.zeros(4)), ValueError, r"scores must be a non-empty 2-D array", id="softmax-1d"),
    model_fault(lambda n, X, y: n.train(X, y, X, y, num_iters=0), ValueError, r"num_iters must be an integer >= 1, got 0",
                id="train-num_iters-0"),
    model_fault(lambda n, X, y: n.train(X, y, X, y, learning_rate=-1), ValueError,
                r"learning_rate must be a finite number > 0, got -1", id="train-negative-rate"),
    model_fault(lambda n, X, y: n.train(X, y, X, y[:3]), ValueError, r"y_val must have shape \(7,\)", id="train-short-y_val"),
    model_fault(lambda n, X, y: solver_with(n, X, y, dtype=int), TypeError,
                r"dtype must be a floating-point type .*got int", id="solver-dtype-int"),
    model_fault(lambda n, X, y: solver_with(n, X, y, optim_config={"momentum": None}), ValueError,
                r"momentum must be a number in \[0, 1\), got None", id="solver-momentum-none"),
    model_fault(lambda n, X, y: solver_with(n, X, y, update_rule="adamw"), ValueError,
                r"update_rule must be one of .*got 'adamw'", id="solver-unknown-rule"),
    model_fault(lambda n, X, y: solver_with(n, X, y, batch_size=50, replacement=False), ValueError,
                r"batch_size 50 is larger than the 7 training samples", id="solver-batch-too-big"),
    model_fault(lambda n, X, y: solver_with(n, X * 1e4, y, optim_config={"learning_rate": 1e12}, num_iterations=30,
                                            batch_size=7), FloatingPointError,
                r"diverged.*smaller learning_rate \(this run was given 1e\+12\)", id="solver-diverges"),
]


@pytest.mark.parametrize("call, error, pattern", MODEL_FAULTS)
def test_model_fault(call, error, pattern):
    np.random.seed(0)
    net = TwoLayerNet(5, 6, 3, std=0.5)
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(7, 5)), rng.integers(0, 3, size=7)
    params = net.params
    before = snapshot(params)
    with pytest.raises(Exception) as info:
        with np.errstate(over="ignore", invalid="ignore"):
            call(net, X, y)
    assert_one_clear_line(info.value, error, pattern)
    assert net.params is params and snapshot(net.params) == before


def test_the_model_table_covers_enough_faults():
    assert len(MODEL_FAULTS) >= 15
