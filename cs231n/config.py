"""Where data lives and where it comes from, read from the environment in one place.

CS231N_DATA_DIR      folder for downloaded data (default: the per-user cache, e.g. ~/.cache/cs231n)
CS231N_CIFAR10_URL   source of the CIFAR-10 python archive (http, https, ftp or file://)
CS231N_CIFAR10_MD5   expected MD5 of that archive (required when the URL is not the official one)
"""
import os
from pathlib import Path

import pooch

OFFICIAL_CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
OFFICIAL_CIFAR10_MD5 = "c58f30108f718f92721af3b95e74349a"


def data_dir():
    """The data folder as a Path (not created here)."""
    return Path(os.environ.get("CS231N_DATA_DIR") or pooch.os_cache("cs231n")).expanduser()


def cifar10_source():
    """(url, md5) of the CIFAR-10 archive to fetch."""
    url = os.environ.get("CS231N_CIFAR10_URL") or OFFICIAL_CIFAR10_URL
    md5 = os.environ.get("CS231N_CIFAR10_MD5")
    if md5 is None and url != OFFICIAL_CIFAR10_URL:
        raise ValueError("CS231N_CIFAR10_URL is set but CS231N_CIFAR10_MD5 is not: "
                         "give the MD5 of the archive at that address")
    return url, (md5 or OFFICIAL_CIFAR10_MD5).lower()
