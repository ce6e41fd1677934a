import hashlib
import io
import pickle
import subprocess
import sys
import tarfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from cs231n import config
from cs231n.data_utils import get_CIFAR10_data, load_CIFAR10, load_data
from cs231n.download import BATCH_FILES, FOLDER, LOCK, DataError, fetch_cifar10
from cs231n.synthetic import make_builtin_images

pytestmark = pytest.mark.data

PER_BATCH = 20   # images per batch in the small archives made here


def batch_bytes(seed, n=PER_BATCH):
    """A pickled batch in the official layout: 'data' (n, 3072) uint8 rows (R, G, B planes)."""
    rng = np.random.default_rng(seed)
    batch = {"data": rng.integers(0, 256, size=(n, 3072), dtype=np.uint8),
             "labels": [int(v) for v in np.arange(n) % 10], "batch_label": f"batch {seed}"}
    return pickle.dumps(batch, protocol=2)


def add_file(tar, name, payload):
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    tar.addfile(info, io.BytesIO(payload))


def write_archive(path, extra=()):
    """A small CIFAR-10 python archive at path; extra: TarInfo members appended. Returns its md5."""
    with tarfile.open(path, "w:gz") as tar:
        for seed, name in enumerate(BATCH_FILES[:-1]):
            add_file(tar, f"{FOLDER}/{name}", batch_bytes(seed))
        add_file(tar, f"{FOLDER}/batches.meta", pickle.dumps({"label_names": ["c"] * 10}, protocol=2))
        for member in extra:
            tar.addfile(member, io.BytesIO(b"x" * member.size) if member.isfile() else None)
    return hashlib.md5(path.read_bytes()).hexdigest()


class CountingHandler(SimpleHTTPRequestHandler):
    requests = []

    def do_GET(self):
        CountingHandler.requests.append(self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    """A real HTTP server on 127.0.0.1 serving tmp_path/www; yields (folder, base_url)."""
    www = tmp_path / "www"
    www.mkdir()
    CountingHandler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(CountingHandler, directory=str(www)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield www, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def leftovers(folder):
    """What is in a data folder, less the lock file: an empty file whose lock is held by the
    operating system and dies with its process, so it never blocks a later run."""
    return sorted(p.name for p in folder.iterdir() if p.name != LOCK) if folder.exists() else []


def test_good_archive_is_fetched_extracted_and_loaded(server, data_dir):
    www, base = server
    md5 = write_archive(www / "c.tar.gz")
    target = fetch_cifar10(data_dir, f"{base}/c.tar.gz", md5)
    assert target == data_dir / FOLDER
    assert leftovers(data_dir) == ["cifar-10-batches-py", "cifar-10-python.tar.gz"]
    Xtr, ytr, Xte, yte = load_CIFAR10(target)
    assert Xtr.shape == (5 * PER_BATCH, 32, 32, 3) and Xte.shape == (PER_BATCH, 32, 32, 3)
    assert ytr.shape == (5 * PER_BATCH,) and np.bincount(ytr).tolist() == [10] * 10
    rows = pickle.loads(batch_bytes(0))["data"]
    assert np.array_equal(Xtr[0, :, :, 0].ravel(), rows[0, :1024])       # red plane, row-major
    assert np.array_equal(Xtr[0, :, :, 2].ravel(), rows[0, 2048:])       # blue plane


def test_second_fetch_uses_the_cache(server, data_dir, capsys):
    www, base = server
    md5 = write_archive(www / "c.tar.gz")
    fetch_cifar10(data_dir, f"{base}/c.tar.gz", md5)
    assert len(CountingHandler.requests) == 1
    fetch_cifar10(data_dir, f"{base}/c.tar.gz", md5)
    assert "nothing to do" in capsys.readouterr().out
    (data_dir / FOLDER / "test_batch").unlink()          # broken folder, archive still cached
    fetch_cifar10(data_dir, f"{base}/c.tar.gz", md5)
    assert len(CountingHandler.requests) == 1
    assert (data_dir / FOLDER / "test_batch").is_file()


def test_wrong_checksum_is_refused_and_nothing_is_kept(server, data_dir):
    www, base = server
    write_archive(www / "c.tar.gz")
    with pytest.raises(DataError, match="expected MD5 0{32}"):
        fetch_cifar10(data_dir, f"{base}/c.tar.gz", "0" * 32)
    assert leftovers(data_dir) == []


def test_tampered_byte_is_refused(server, data_dir):
    www, base = server
    md5 = write_archive(www / "c.tar.gz")
    blob = bytearray((www / "c.tar.gz").read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    (www / "c.tar.gz").write_bytes(bytes(blob))
    with pytest.raises(DataError, match="truncated, corrupt"):
        fetch_cifar10(data_dir, f"{base}/c.tar.gz", md5)
    assert leftovers(data_dir) == []


def test_truncated_archive_is_refused(server, data_dir):
    www, base = server
    md5 = write_archive(www / "full.tar.gz")
    half = (www / "full.tar.gz").read_bytes()[:2000]
    (www / "cut.tar.gz").write_bytes(half)
    with pytest.raises(DataError, match="expected MD5"):
        fetch_cifar10(data_dir, f"{base}/cut.tar.gz", md5)
    assert leftovers(data_dir) == []
    # Even with its own checksum a truncated archive cannot be unpacked, and is not kept.
    with pytest.raises(DataError, match="not a readable .tar.gz"):
        fetch_cifar10(data_dir, f"{base}/cut.tar.gz", hashlib.md5(half).hexdigest())
    assert leftovers(data_dir) == []


def member(name, kind=tarfile.REGTYPE, linkname=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, linkname
    info.size = 3 if kind == tarfile.REGTYPE else 0
    return info


@pytest.mark.parametrize("bad, message", [
    (member("../escaped"), "outside the data folder"),
    (member(f"{FOLDER}/../../escaped"), "outside the data folder"),
    (member("/tmp/cs231n-absolute-escape"), "outside the data folder"),
    (member(f"{FOLDER}/link", tarfile.SYMTYPE, "/etc/passwd"), "link or a special file"),
    (member(f"{FOLDER}/hard", tarfile.LNKTYPE, f"{FOLDER}/test_batch"), "link or a special file"),
    (member(f"{FOLDER}/dev", tarfile.CHRTYPE), "link or a special file"),
    (member(f"{FOLDER}/fifo", tarfile.FIFOTYPE), "link or a special file"),
])
def test_unsafe_members_are_refused(server, data_dir, tmp_path, bad, message):
    www, base = server
    md5 = write_archive(www / "evil.tar.gz", extra=[bad])
    with pytest.raises(DataError, match=message):
        fetch_cifar10(data_dir, f"{base}/evil.tar.gz", md5)
    assert leftovers(data_dir) == []
    assert not (tmp_path / "escaped").exists()
    assert not (tmp_path.parent / "cs231n-absolute-escape").exists()


def test_archive_without_cifar_folder_is_refused(server, data_dir):
    www, base = server
    with tarfile.open(www / "other.tar.gz", "w:gz") as tar:
        add_file(tar, "something/else.txt", b"hello")
    md5 = hashlib.md5((www / "other.tar.gz").read_bytes()).hexdigest()
    with pytest.raises(DataError, match="data_batch_1 is missing"):
        fetch_cifar10(data_dir, f"{base}/other.tar.gz", md5)
    assert leftovers(data_dir) == []


def test_file_url_through_the_command_line(tmp_path, data_dir):
    md5 = write_archive(tmp_path / "c.tar.gz")
    env = {"CS231N_DATA_DIR": str(data_dir), "CS231N_CIFAR10_URL": (tmp_path / "c.tar.gz").as_uri(),
           "CS231N_CIFAR10_MD5": md5, "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "cs231n.download"]
    first = subprocess.run(command, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "ready in" in first.stdout
    again = subprocess.run(command, env=env, capture_output=True, text=True)
    assert "nothing to do" in again.stdout

    env["CS231N_CIFAR10_MD5"] = "f" * 32
    env["CS231N_DATA_DIR"] = str(tmp_path / "other")
    refused = subprocess.run(command, env=env, capture_output=True, text=True)
    assert refused.returncode == 1
    assert "error:" in refused.stderr and "Traceback" not in refused.stderr
    assert leftovers(tmp_path / "other") == []


def test_url_without_checksum_is_a_configuration_error(monkeypatch):
    monkeypatch.setenv("CS231N_CIFAR10_URL", "http://127.0.0.1:9/x.tar.gz")
    monkeypatch.delenv("CS231N_CIFAR10_MD5", raising=False)
    with pytest.raises(ValueError, match="CS231N_CIFAR10_MD5 is not"):
        config.cifar10_source()


def test_configuration_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CS231N_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CS231N_CIFAR10_URL", raising=False)
    monkeypatch.delenv("CS231N_CIFAR10_MD5", raising=False)
    assert config.data_dir() == tmp_path
    assert config.cifar10_source() == (config.OFFICIAL_CIFAR10_URL, "c58f30108f718f92721af3b95e74349a")


@pytest.fixture
def extracted(tmp_path):
    md5 = write_archive(tmp_path / "c.tar.gz")
    return fetch_cifar10(tmp_path / "data", (tmp_path / "c.tar.gz").as_uri(), md5)


def test_corrupt_batch_is_named(extracted):
    (extracted / "data_batch_3").write_bytes(b"not a pickle at all")
    with pytest.raises(DataError, match="data_batch_3 is corrupt"):
        load_CIFAR10(extracted)


def test_missing_batch_is_named(extracted):
    (extracted / "test_batch").unlink()
    with pytest.raises(DataError, match="test_batch is missing"):
        load_CIFAR10(extracted)


def test_get_CIFAR10_data_is_assignment_2s_dict_of_images_and_load_data_the_same_split_in_rows(extracted):
    """The assignments' split: train = the first num_training training images, validation = the
    next num_validation, test = the first num_test test images; the mean training image subtracted.
    Assignment 2's get_CIFAR10_data gives a dict of (N, 3, 32, 32) images (its notebook prints the
    keys in this order); load_data, the package notebooks' loader, the same images as rows."""
    data = get_CIFAR10_data(num_training=90, num_validation=10, num_test=20, root=extracted)
    assert list(data) == ["X_train", "y_train", "X_val", "y_val", "X_test", "y_test"]
    images = [data[key] for key in ("X_train", "X_val", "X_test")]
    assert [X.shape for X in images] == [(90, 3, 32, 32), (10, 3, 32, 32), (20, 3, 32, 32)]
    assert all(X.dtype == np.float64 and X.flags.c_contiguous for X in images)
    Xtr, ytr, Xte, yte = load_CIFAR10(extracted)
    mean = Xtr[:90].mean(axis=0)                                          # (32, 32, 3)
    assert np.abs(data["X_train"].mean(axis=0)).max() < 1e-9
    assert np.allclose(data["X_val"], (Xtr[90:100] - mean).transpose(0, 3, 1, 2))
    assert np.allclose(data["X_test"], (Xte[:20] - mean).transpose(0, 3, 1, 2))
    assert np.array_equal(data["y_train"], ytr[:90]) and np.array_equal(data["y_val"], ytr[90:100])
    assert np.array_equal(data["y_test"], yte[:20])

    raw = get_CIFAR10_data(90, 10, 20, subtract_mean=False, root=extracted, dtype=np.float32)
    assert raw["X_train"].dtype == np.float32
    assert np.array_equal(raw["X_train"], Xtr[:90].transpose(0, 3, 1, 2))   # pixel values as stored

    rows = load_data(90, 10, 20, dtype=np.float64, root=extracted)
    assert np.allclose(rows.X_val, (Xtr[90:100] - mean).reshape(10, -1))
    assert np.array_equal(rows.y_val, data["y_val"]) and np.array_equal(rows.y_test, data["y_test"])
    with pytest.raises(ValueError, match=r"num_training \+ num_validation = 100 \+ 1 = 101, but the data has 100"):
        get_CIFAR10_data(num_training=100, num_validation=1, root=extracted)


def test_load_data_prefers_cifar_and_falls_back_to_builtin(extracted, tmp_path):
    real = load_data(90, 10, 20, root=extracted)
    assert real.name == "CIFAR-10" and real.class_names[0] == "airplane"
    builtin = load_data(90, 10, 20, root=tmp_path / "nowhere")
    assert "built-in" in builtin.name and "make data" in builtin.describe()
    assert "will differ from its readings" in builtin.describe() and not builtin.same_as_stored_outputs
    assert "Another copy than the stored outputs'" in real.describe() and not real.same_as_stored_outputs
    assert builtin.X_train.shape == (90, 3072) and builtin.X_train.dtype == np.float32
    assert np.allclose(builtin.images(builtin.X_val).reshape(10, -1),
                       make_builtin_images(100, 20)[0][90:].reshape(10, -1), atol=1e-3)


def test_the_fingerprint_tells_copies_apart_by_their_labels_in_file_order(extracted):
    from cs231n.data_utils import STORED_OUTPUTS_FINGERPRINT, fingerprint
    _, ytr, _, yte = load_CIFAR10(extracted)
    data = load_data(90, 10, 20, root=extracted)
    assert data.fingerprint == fingerprint(ytr, yte) and len(data.fingerprint) == 12
    assert fingerprint(ytr[::-1], yte) != data.fingerprint and fingerprint(ytr, yte[:-1]) != data.fingerprint
    data.fingerprint = STORED_OUTPUTS_FINGERPRINT
    assert data.same_as_stored_outputs and "should match the text's" in data.describe()


def test_builtin_set_is_cifar_shaped_balanced_and_deterministic():
    Xtr, ytr, Xte, yte = make_builtin_images(500, 100)
    assert Xtr.shape == (500, 32, 32, 3) and Xte.shape == (100, 32, 32, 3)
    assert np.bincount(ytr).tolist() == [50] * 10 and np.bincount(yte).tolist() == [10] * 10
    assert Xtr.min() >= 0 and Xtr.max() <= 255 and np.array_equal(Xtr, Xtr.round())
    again = make_builtin_images(500, 100)
    assert all(np.array_equal(a, b) for a, b in zip((Xtr, ytr, Xte, yte), again))


def test_whiten_equalises_the_variances_commutes_with_flips_and_images_still_display(tmp_path):
    from cs231n.augment import random_flips
    from cs231n.data_utils import whiten
    data = load_data(600, 10, 20, root=tmp_path)            # the built-in set
    X, before = data.X_train.copy(), data.images(data.X_val).copy()
    epsilon = 0.01
    W = whiten(data, epsilon=epsilon)
    assert np.allclose(data.X_train, X @ W, atol=1e-3) and data.X_train.std() == pytest.approx(1, abs=1e-4)
    assert np.allclose(W, W.T, atol=1e-6)     # ZCA: rows stay in pixel coordinates (up to float32 rounding)
    # Along each principal direction of the training rows and their mirror images, variance lambda
    # becomes lambda / (lambda + epsilon * mean(lambda)), times one scale: the large ones all about equal.
    both = np.vstack([X, X.reshape(-1, 32, 32, 3)[:, :, ::-1].reshape(X.shape)])
    lam = np.linalg.eigvalsh(both.T @ both / len(both))
    lam_white = np.linalg.eigvalsh(W.T @ (both.T @ both / len(both)) @ W)
    large = lam > 100 * epsilon * lam.mean()
    assert lam[large].max() / lam[large].min() > 100                # very unequal before
    assert lam_white[large].max() / lam_white[large].min() < 1.05   # equal after
    np.random.seed(0)
    flipped_then_whitened = random_flips(X[:50]) @ W
    np.random.seed(0)
    assert np.allclose(flipped_then_whitened, random_flips(X[:50] @ W), atol=1e-3)
    assert np.allclose(data.images(data.X_val), before, atol=1e-2)


def test_the_mirror_symmetric_eigh_gives_eigh_of_the_whole_covariance():
    from cs231n.data_utils import mirror_symmetric_eigh
    mirror = np.arange(4 * 6 * 3).reshape(4, 6, 3)[:, ::-1].ravel()          # 4x6 images, 3 colours
    A = np.random.default_rng(0).standard_normal((200, len(mirror)))
    covariance = A.T @ A / 200
    covariance = (covariance + covariance[mirror][:, mirror]) / 2
    values, vectors = mirror_symmetric_eigh(covariance, mirror)
    assert np.allclose(np.sort(values), np.linalg.eigvalsh(covariance))
    assert np.allclose(vectors.T @ vectors, np.eye(len(mirror)))           # orthonormal
    assert np.allclose(covariance @ vectors, vectors * values)              # eigenvectors, in order of values
    assert np.allclose(np.abs(vectors[mirror]), np.abs(vectors))            # each its mirror image, up to sign


def test_standardize_gives_unit_variance_and_images_still_display(extracted):
    from cs231n.data_utils import standardize
    data = load_data(90, 10, 20, root=extracted)
    before = data.images(data.X_val).copy()
    scale = standardize(data)
    assert scale > 1 and data.X_train.std() == pytest.approx(1, abs=1e-4)
    assert np.allclose(data.images(data.X_val), before, atol=1e-3)
