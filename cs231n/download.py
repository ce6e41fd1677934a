"""Fetch CIFAR-10: checksum-verified download with a progress bar, then safe extraction.

pooch downloads into a staging folder inside the data folder, checks the MD5 and only then
is the archive moved into place, so a failed or tampered download leaves nothing behind.
Extraction goes to another staging folder and is moved into place only when complete;
members that are not plain files or folders, or that would land outside it, are refused.
A verified archive that turns out to be unusable is deleted, so it is not kept as a cache.

Runs into one data folder are serialised by a lock file, ``.cifar-10.lock`` in that folder
(an empty file that stays there: the lock itself is held by the operating system and dies
with its process, so a left-over file never blocks anyone). A second run waits, says so,
and then finds the data complete. The run holding the lock removes staging folders left by
a run that was killed.

Every failure is a DataError (or, for a bad setting, a ValueError from cs231n.config) with a
one-line message naming the file or folder and what to do.

Run ``python -m cs231n.download`` (or ``make data``) to fetch into the configured data folder.
"""
import contextlib
import errno
import ftplib
import gzip
import logging
import os
import re
import shutil
import sys
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

import pooch
import requests
from filelock import FileLock, Timeout
from tqdm.auto import tqdm

from cs231n import config

ARCHIVE = "cifar-10-python.tar.gz"
FOLDER = "cifar-10-batches-py"
BATCH_FILES = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch", "batches.meta"]
LOCK = ".cifar-10.lock"
STAGING_PREFIXES = (".downloading-", ".extracting-")
SPACE_NEEDED = "about 360 MB (the archive is 163 MB and unpacks to 178 MB)"

FULL = {errno.ENOSPC, errno.EDQUOT}
DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


class DataError(RuntimeError):
    """The data could not be fetched, verified, extracted or read. The message is one line."""

    def __init__(self, message):
        super().__init__(re.sub(r"\s*\n\s*", " ", str(message)).strip())


class ArchiveError(DataError):
    """The archive itself cannot be used (it is deleted rather than kept as a cache)."""


def is_complete(folder):
    """True if ``folder`` holds every CIFAR-10 batch file."""
    return all((Path(folder) / name).is_file() for name in BATCH_FILES)


def fetch_cifar10(data_dir=None, url=None, md5=None):
    """Make sure ``<data_dir>/cifar-10-batches-py`` is complete; return its Path.

    Defaults come from cs231n.config (environment variables); url and md5 are given together
    or not at all. Does nothing if the folder is already complete. Raises ValueError or
    TypeError for a bad setting or argument, DataError with the reason for anything else.
    """
    data_dir = _data_dir(data_dir)
    url, md5 = _source(url, md5)
    target = data_dir / FOLDER
    try:
        if is_complete(target):
            print(f"CIFAR-10 is already in {target}: nothing to do.")
            return target
        _check_slots(data_dir)
        _make_folder(data_dir)
        with _locked(data_dir):
            if is_complete(target):      # another run completed it while we waited
                print(f"CIFAR-10 is already in {target}: nothing to do.")
                return target
            _remove_stale(data_dir)
            archive = download(url, md5, data_dir)
            try:
                extract(archive, data_dir)
            except ArchiveError as error:
                _discard(archive, error)
    except OSError as error:             # anything not handled more precisely below
        raise DataError(os_message(error, data_dir, "preparing the data folder")) from None
    print(f"CIFAR-10 is ready in {target}")
    return target


def _data_dir(data_dir):
    if data_dir is None or data_dir == "":
        return config.data_dir()
    if not isinstance(data_dir, (str, os.PathLike)):
        raise TypeError(f"data_dir must be a path (str or pathlib.Path), got {type(data_dir).__name__}")
    return config.check_data_dir(data_dir, "data_dir")


def _source(url, md5):
    if url is None:
        if md5 is not None:
            raise ValueError(f"md5={md5!r} was given without url: give both, or neither to use "
                             "CS231N_CIFAR10_URL and CS231N_CIFAR10_MD5")
        return config.cifar10_source()
    if md5 is None:
        raise ValueError(f"url={url!r} was given without md5: give the archive's MD5 too, "
                         "so the download can be verified")
    return config.check_url(url, "url"), config.check_md5(md5, "md5")


def _check_slots(data_dir):
    """The names the download writes must not be taken by something else."""
    target, archive = data_dir / FOLDER, data_dir / ARCHIVE
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise DataError(f"{target} exists but is not a folder: move or delete it, then run again")
    if archive.exists() and not archive.is_file():
        raise DataError(f"{archive} exists but is not a file: move or delete it, then run again")


def _make_folder(data_dir):
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        if error.errno in DENIED:
            parent = next((p for p in data_dir.parents if p.exists()), data_dir.anchor)
            raise DataError(f"cannot create the data folder {data_dir}: {parent} is not writable "
                            f"({error.strerror}); create it yourself or set CS231N_DATA_DIR to a "
                            "folder you can write to") from None
        raise DataError(os_message(error, data_dir, "creating the data folder")) from None


@contextlib.contextmanager
def _locked(data_dir):
    """Hold the data folder's lock; wait, saying so, while another run holds it."""
    lock = FileLock(str(data_dir / LOCK))
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            print(f"another download into {data_dir} is running; waiting for it to finish...",
                  flush=True)
            lock.acquire()
    except OSError as error:
        if error.errno in DENIED:
            raise DataError(f"the data folder {data_dir} is not writable ({error.strerror}): make "
                            "it writable or set CS231N_DATA_DIR to a folder you can write to") from None
        raise DataError(os_message(error, data_dir, "locking the data folder")) from None
    try:
        yield
    finally:
        lock.release()


def _remove_stale(data_dir):
    """Remove staging folders left by a run that was killed (call only with the lock held)."""
    for path in data_dir.iterdir():
        if path.name.startswith(STAGING_PREFIXES) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
            print(f"removed {path}, left by an interrupted run")


def _discard(archive, error):
    """Delete a verified but unusable archive and re-raise ``error`` saying so."""
    try:
        archive.unlink(missing_ok=True)
    except OSError as failure:
        raise DataError(f"{error}; it could not be deleted ({failure.strerror}): delete "
                        f"{archive} by hand") from None
    raise DataError(f"{error}; it was deleted") from None


def os_message(error, folder, doing, needed=SPACE_NEEDED):
    """One line for an OSError met while ``doing`` something in the data folder ``folder``."""
    path = error.filename or folder
    reason = error.strerror or str(error)
    if error.errno in FULL:
        return (f"no space left in {folder} while {doing} ({reason}): free {needed} on that disk, "
                "or set CS231N_DATA_DIR to a folder on a bigger one, and run again")
    if error.errno in DENIED:
        return (f"cannot write {path} while {doing} ({reason}): make {folder} writable, or set "
                "CS231N_DATA_DIR to a folder you can write to")
    return (f"{doing} failed on {path} ({reason}): check {folder}, or set CS231N_DATA_DIR to "
            "another folder")


@contextlib.contextmanager
def _quiet_pooch():
    """pooch logs to stderr; we say what happens on stdout instead, so stderr is for errors."""
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def download(url, md5, data_dir):
    """Fetch ``url`` into ``data_dir/cifar-10-python.tar.gz`` unless a copy with this
    MD5 is already there; return the archive's Path."""
    data_dir = Path(data_dir)
    archive = data_dir / ARCHIVE
    try:
        if archive.is_file() and pooch.file_hash(str(archive), alg="md5") == md5:
            print(f"using the verified archive {archive}")
            return archive
    except OSError as error:
        raise DataError(os_message(error, data_dir, f"reading {archive}")) from None
    parts = urlparse(url)
    if parts.scheme == "file" and not Path(unquote(parts.path)).is_file():
        raise DataError(f"{url}: there is no file {unquote(parts.path)}; check the path in "
                        "CS231N_CIFAR10_URL")
    print(f"downloading {url} into {data_dir}", flush=True)
    downloader = copy_local_file if parts.scheme == "file" else None
    staging = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIXES[0], dir=data_dir))
        with _quiet_pooch():
            fetched = pooch.retrieve(url, known_hash=f"md5:{md5}", fname=ARCHIVE, path=staging,
                                     downloader=downloader, progressbar=sys.stderr.isatty())
        os.replace(fetched, archive)
    except ValueError as error:
        if "hash" not in str(error):
            raise DataError(f"could not download {url} ({error})") from None
        raise DataError(f"{url} does not have the expected MD5 {md5}: the file is truncated, "
                        f"corrupt or not the one you meant, so it was not kept ({error})") from None
    except (requests.RequestException, ftplib.Error, EOFError) as error:
        raise DataError(f"could not download {url} ({error}): check the address and the network, "
                        "or fetch the archive yourself and point CS231N_CIFAR10_URL at it with "
                        "file://") from None
    except OSError as error:
        if error.filename is None and error.errno not in FULL | DENIED:   # a network error
            raise DataError(f"could not download {url} ({error}): check the address and the "
                            "network") from None
        raise DataError(os_message(error, data_dir, f"downloading {url}")) from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return archive


def copy_local_file(url, output_file, pooch_instance=None):
    """pooch downloader for file:// URLs: copy the file with a progress bar."""
    source = Path(unquote(urlparse(url).path))
    try:
        src = open(source, "rb")
        size = os.fstat(src.fileno()).st_size
    except OSError as error:
        raise DataError(f"cannot read {source} ({error.strerror}): check the path in "
                        "CS231N_CIFAR10_URL and its permissions") from None
    with src, open(output_file, "wb") as dst, tqdm(
            total=size, unit="B", unit_scale=True, desc=source.name,
            disable=not sys.stderr.isatty()) as bar:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
            bar.update(len(chunk))


# Errors that mean the archive's bytes cannot be unpacked, and errno values that an archive
# (not the disk) causes when its members collide.
UNREADABLE = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile)
COLLISIONS = {errno.ENOTDIR, errno.EEXIST, errno.EISDIR, errno.ENAMETOOLONG, errno.ENOTEMPTY}


def extract(archive, data_dir):
    """Safely unpack the CIFAR-10 folder of ``archive`` into ``data_dir``.

    Raises ArchiveError if the archive cannot be used, DataError for a problem of the data
    folder (no space, not writable); either way nothing half-written stays behind.
    """
    data_dir = Path(data_dir)
    staging, needed = None, SPACE_NEEDED
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIXES[1], dir=data_dir))
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            check_members(members, staging, archive)
            needed = megabytes(sum(m.size for m in members))
            tar.extractall(staging, members=members, **SAFE_FILTER)
        unpacked = staging / FOLDER
        if unpacked.exists() and not unpacked.is_dir():
            raise ArchiveError(f"{archive} is not a CIFAR-10 archive: its {FOLDER} is a regular "
                               "file, not a folder")
        missing = [n for n in BATCH_FILES if not (unpacked / n).is_file()]
        if missing:
            raise ArchiveError(f"{archive} is not a CIFAR-10 archive: {FOLDER}/{missing[0]} is missing")
        if (data_dir / FOLDER).exists():
            shutil.rmtree(data_dir / FOLDER)     # an incomplete earlier copy
        os.replace(unpacked, data_dir / FOLDER)
    except UNREADABLE as error:
        raise ArchiveError(f"{archive} is not a readable .tar.gz archive ({error})") from None
    except OSError as error:
        inside = staging is not None and error.filename and Path(error.filename).is_relative_to(staging)
        if inside and error.errno in COLLISIONS:
            raise ArchiveError(f"{archive} cannot be unpacked: {error.strerror} for "
                               f"{Path(error.filename).relative_to(staging)}") from None
        raise DataError(os_message(error, data_dir, f"unpacking {archive.name}", needed)
                        + f"; the verified archive {archive} is kept for the next run") from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def megabytes(size):
    """A size in bytes as "0.4 MB" or "178 MB"."""
    return f"{size / 1e6:.1f} MB" if size < 10e6 else f"{size / 1e6:.0f} MB"


# tarfile's own "data" filter (Python >= 3.11.4) as a second line of defence.
SAFE_FILTER = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}


def check_members(members, root, archive):
    """Every member is safe (see check_member) and no member lies inside a regular file."""
    files = set()
    for member in members:
        check_member(member, root, archive)
        if member.isfile():
            files.add(PurePosixPath(os.path.normpath(member.name)))
    for member in members:
        path = PurePosixPath(os.path.normpath(member.name))
        clash = next((p for p in path.parents if p in files), None)
        if clash is None and member.isdir() and path in files:
            clash = path
        if clash is not None:
            raise ArchiveError(f"{archive} is not a CIFAR-10 archive: {str(clash)!r} in it is a "
                               f"regular file, yet {member.name!r} is meant to be inside it")


def check_member(member, root, archive):
    """Refuse anything but regular files and folders that stay inside ``root``."""
    if not (member.isfile() or member.isdir()):
        raise ArchiveError(f"{archive}: refusing member {member.name!r}, which is a link or a "
                           "special file; only regular files and folders are extracted")
    destination = (root / member.name).resolve()
    if not destination.is_relative_to(root.resolve()):
        raise ArchiveError(f"{archive}: refusing member {member.name!r}, which would be written "
                           f"outside the data folder")


def main():
    try:
        fetch_cifar10()
    except (DataError, ValueError, TypeError) as error:
        sys.exit(f"error: {error}")
    except KeyboardInterrupt:
        sys.exit("error: interrupted; nothing half-written was kept, run again to resume")


if __name__ == "__main__":
    main()
