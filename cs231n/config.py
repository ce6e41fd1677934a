"""Where data lives and where it comes from, read from the environment in one place.

CS231N_DATA_DIR      folder for downloaded data (default: the per-user cache, e.g. ~/.cache/cs231n);
                     created if missing, so it must not be a file or lie inside one
CS231N_CIFAR10_URL   source of the CIFAR-10 python archive: an https://, http://, ftp:// or
                     file:// URL (file:// followed by an absolute path, e.g. file:///data/c.tar.gz).
                     Plain http is accepted: the MD5 below protects the archive's integrity
                     whatever the transport.
CS231N_CIFAR10_MD5   expected MD5 of that archive, 32 hexadecimal characters (required when the
                     URL is not the official one)

Settings are checked here, before anything is fetched, and a bad one is a ValueError naming
the variable, its value and what to put there instead.
"""
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pooch

OFFICIAL_CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
OFFICIAL_CIFAR10_MD5 = "c58f30108f718f92721af3b95e74349a"
URL_SCHEMES = ("https", "http", "ftp", "file")


def data_dir():
    """The data folder as a Path (not created here)."""
    value = os.environ.get("CS231N_DATA_DIR")
    if not value:
        return Path(pooch.os_cache("cs231n")).expanduser()
    return check_data_dir(value, "CS231N_DATA_DIR")


def check_data_dir(value, name):
    """A data folder setting or argument: a folder, or a path where one can be created."""
    path = Path(value).expanduser()
    if path.exists() and not path.is_dir():
        raise ValueError(f"{name}={value} is a file, not a folder: set it to a folder "
                         "(it is created if missing)")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ValueError(f"{name}={value} lies inside {parent}, which is a file, not a "
                                 "folder: set it to a folder that can be created")
            break
    return path


def cifar10_source():
    """(url, md5) of the CIFAR-10 archive to fetch, both checked."""
    url = os.environ.get("CS231N_CIFAR10_URL") or OFFICIAL_CIFAR10_URL    # empty means unset
    md5 = os.environ.get("CS231N_CIFAR10_MD5") or None
    if md5 is None and url != OFFICIAL_CIFAR10_URL:
        raise ValueError("CS231N_CIFAR10_URL is set but CS231N_CIFAR10_MD5 is not: "
                         "give the MD5 of the archive at that address")
    url = check_url(url, "CS231N_CIFAR10_URL")
    md5 = check_md5(md5 or OFFICIAL_CIFAR10_MD5, "CS231N_CIFAR10_MD5")
    if url == OFFICIAL_CIFAR10_URL and md5 != OFFICIAL_CIFAR10_MD5:
        raise ValueError(f"CS231N_CIFAR10_MD5={md5} is set but CS231N_CIFAR10_URL is not, and the "
                         f"official archive's MD5 is {OFFICIAL_CIFAR10_MD5}: set CS231N_CIFAR10_URL "
                         "to the archive this MD5 belongs to, or unset CS231N_CIFAR10_MD5")
    return url, md5


def check_url(url, name):
    """url must be an https, http, ftp or file:// URL (``name`` is the setting, for the message)."""
    if not isinstance(url, str):
        raise TypeError(f"{name} must be a URL string, got {type(url).__name__}")
    parts = urlparse(url.strip())
    if parts.scheme not in URL_SCHEMES:
        if parts.scheme and len(parts.scheme) > 1:   # a one-letter "scheme" is a Windows drive
            raise ValueError(f"{name}={url} has the scheme {parts.scheme!r}, which is not "
                             f"supported: use one of {', '.join(s + '://' for s in URL_SCHEMES)}")
        path = Path(url).expanduser()
        if path.exists():
            raise ValueError(f"{name}={url} is a plain path, not a URL: write it as "
                             f"{path.resolve().as_uri()}")
        raise ValueError(f"{name}={url} is not a URL: give an https://, http:// or ftp:// address, "
                         "or file:// followed by the absolute path of a local archive")
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise ValueError(f"{name}={url} reads {parts.netloc!r} as a host name: a file URL is "
                             "file:// followed by an absolute path, with three slashes "
                             "(file:///home/me/cifar-10-python.tar.gz)")
        if not unquote(parts.path).strip("/"):
            raise ValueError(f"{name}={url} names no file: write file:// followed by the "
                             "absolute path of the archive")
    elif not parts.netloc:
        raise ValueError(f"{name}={url} has no host name: write {parts.scheme}://HOST/PATH")
    return url.strip()


MD5_PATTERN = re.compile(r"[0-9a-f]{32}")
LOOKALIKES = {40: "a SHA-1", 56: "a SHA-224", 64: "a SHA-256", 96: "a SHA-384", 128: "a SHA-512"}


def check_md5(md5, name):
    """md5 must be 32 hexadecimal characters; returns it in lower case."""
    if not isinstance(md5, str):
        raise TypeError(f"{name} must be a string of 32 hexadecimal characters, got "
                        f"{type(md5).__name__}")
    value = md5.strip().lower()
    if value.startswith("md5:"):
        value = value[4:]
    if MD5_PATTERN.fullmatch(value):
        return value
    if re.fullmatch(r"[0-9a-f]+", value) and len(value) in LOOKALIKES:
        raise ValueError(f"{name}={md5} has {len(value)} hexadecimal characters and looks like "
                         f"{LOOKALIKES[len(value)]} checksum, not an MD5: give the archive's MD5 "
                         "(32 characters, e.g. from `md5sum cifar-10-python.tar.gz`)")
    raise ValueError(f"{name}={md5!r} is not an MD5: it must be 32 hexadecimal characters "
                     "(e.g. from `md5sum cifar-10-python.tar.gz`)")
