"""Fetch CIFAR-10: checksum-verified download with a progress bar, then safe extraction.

pooch downloads into a temporary file beside the target, checks the MD5 and only then
moves the archive into place, so a failed or tampered download leaves nothing behind.
Extraction goes to a temporary folder and is moved into place only when complete;
members that are not plain files or folders, or that would land outside it, are refused.

Run ``python -m cs231n.download`` (or ``make data``) to fetch into the configured data folder.
"""
import os
import shutil
import sys
import tarfile
import tempfile
import zlib
from pathlib import Path
from urllib.parse import unquote, urlparse

import pooch
import requests
from tqdm.auto import tqdm

from cs231n import config

ARCHIVE = "cifar-10-python.tar.gz"
FOLDER = "cifar-10-batches-py"
BATCH_FILES = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch", "batches.meta"]


class DataError(RuntimeError):
    """The data could not be fetched, verified, extracted or read."""


def is_complete(folder):
    """True if ``folder`` holds every CIFAR-10 batch file."""
    return all((Path(folder) / name).is_file() for name in BATCH_FILES)


def fetch_cifar10(data_dir=None, url=None, md5=None):
    """Make sure ``<data_dir>/cifar-10-batches-py`` is complete; return its Path.

    Defaults come from cs231n.config (environment variables). Does nothing if the
    folder is already complete. Raises DataError with the reason otherwise.
    """
    data_dir = Path(data_dir) if data_dir else config.data_dir()
    if url is None:
        url, md5 = config.cifar10_source()
    target = data_dir / FOLDER
    if is_complete(target):
        print(f"CIFAR-10 is already in {target}: nothing to do.")
        return target
    data_dir.mkdir(parents=True, exist_ok=True)
    archive = download(url, md5, data_dir)
    try:
        extract(archive, data_dir)
    except DataError:
        archive.unlink()        # verified but unusable: do not keep it as a cache
        raise
    print(f"CIFAR-10 is ready in {target}")
    return target


def download(url, md5, data_dir):
    """Fetch ``url`` into ``data_dir/cifar-10-python.tar.gz`` unless a copy with this
    MD5 is already there; return the archive's Path."""
    downloader = copy_local_file if urlparse(url).scheme == "file" else None
    try:
        return Path(pooch.retrieve(url, known_hash=f"md5:{md5}", fname=ARCHIVE, path=data_dir,
                                   downloader=downloader, progressbar=True))
    except ValueError as error:   # pooch's checksum mismatch
        raise DataError(f"{url} does not have the expected MD5 {md5}: the file is truncated, "
                        f"corrupt or not the one you meant, so it was not kept ({error})") from None
    except (requests.RequestException, OSError) as error:
        raise DataError(f"could not download {url}: {error}") from None


def copy_local_file(url, output_file, pooch_instance=None):
    """pooch downloader for file:// URLs: copy the file with a progress bar."""
    source = Path(unquote(urlparse(url).path))
    with open(source, "rb") as src, open(output_file, "wb") as dst, tqdm(
            total=source.stat().st_size, unit="B", unit_scale=True, desc=source.name) as bar:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
            bar.update(len(chunk))


def extract(archive, data_dir):
    """Safely unpack the CIFAR-10 folder of ``archive`` into ``data_dir``."""
    data_dir = Path(data_dir)
    staging = Path(tempfile.mkdtemp(prefix=".extracting-", dir=data_dir))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                check_member(member, staging, archive)
            tar.extractall(staging, members=members, **SAFE_FILTER)
        missing = [n for n in BATCH_FILES if not (staging / FOLDER / n).is_file()]
        if missing:
            raise DataError(f"{archive} is not a CIFAR-10 archive: {FOLDER}/{missing[0]} is missing")
        shutil.rmtree(data_dir / FOLDER, ignore_errors=True)   # an incomplete earlier copy
        os.replace(staging / FOLDER, data_dir / FOLDER)
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise DataError(f"{archive} is not a readable .tar.gz archive ({error})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# tarfile's own "data" filter (Python >= 3.11.4) as a second line of defence.
SAFE_FILTER = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}


def check_member(member, root, archive):
    """Refuse anything but regular files and folders that stay inside ``root``."""
    if not (member.isfile() or member.isdir()):
        raise DataError(f"{archive}: refusing member {member.name!r}, which is a link or a "
                        "special file; only regular files and folders are extracted")
    destination = (root / member.name).resolve()
    if not destination.is_relative_to(root.resolve()):
        raise DataError(f"{archive}: refusing member {member.name!r}, which would be written "
                        f"outside the data folder")


def main():
    try:
        fetch_cifar10()
    except (DataError, ValueError) as error:
        sys.exit(f"error: {error}")


if __name__ == "__main__":
    main()
