"""A guard installed in every kernel that grades a submission (tools/grader/grading_hooks.py starts it).

A submission is untrusted: its code must not reach the network, start programs, or write outside its own
folder (the kernel's working directory, the submission's copy) and the temporary folder. ``install()`` adds
a Python audit hook that refuses those operations with a PermissionError starting "refused by the grader",
which the grading report picks up from the notebook's outputs. Connections to the loopback address stay
allowed (the kernel's own machinery does not use Python sockets, but a test may).

This is a guard against mistakes and naive attempts, not a sandbox: code that calls the C library directly
(ctypes) is not stopped. For submissions you distrust, run `make grade` in a container or virtual machine
without network.
"""
import os
import sys
import tempfile

REFUSED = "refused by the grader"
#: audit events that start a program
PROGRAMS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
            "pty.spawn"}
#: audit events that change files: event -> the positions of its arguments that name a changed path
CHANGES = {"os.remove": (0,), "os.rmdir": (0,), "os.mkdir": (0,), "os.rename": (0, 1), "os.symlink": (1,),
           "os.link": (1,), "os.chmod": (0,), "os.chown": (0,), "os.truncate": (0,), "os.utime": (0,),
           "shutil.rmtree": (0,), "shutil.copyfile": (1,), "shutil.copytree": (1,), "shutil.move": (0, 1)}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _inside(path, folders):
    try:
        real = os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return False
    return real == os.devnull or any(real == f or real.startswith(f + os.sep) for f in folders)


def _loopback(address):
    host = address[0] if isinstance(address, tuple) and address else address
    return isinstance(host, str) and (host in ("localhost", "::1", "") or host.startswith("127."))


def install(folder=None):
    """Refuse, from now on in this process, network access beyond loopback, starting programs, and
    writing outside ``folder`` (default: the working directory) and the temporary folder."""
    folders = [os.path.realpath(f) for f in (folder or os.getcwd(), tempfile.gettempdir())]

    def refuse(what):
        raise PermissionError(f"{REFUSED}: {what}")

    def hook(event, args):
        if event in PROGRAMS:
            refuse(f"starting a program ({event})")
        elif event in ("socket.connect", "socket.sendto") and not _loopback(args[1]):
            refuse(f"network access to {args[1]!r}")
        elif event == "socket.getaddrinfo" and not _loopback(args[0]):
            refuse(f"network access to {args[0]!r}")
        elif event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            mode, flags = args[1] or "", args[2] or 0
            writes = any(c in str(mode) for c in "wax+") or bool(flags & WRITE_FLAGS)
            if writes and not _inside(args[0], folders):
                refuse(f"writing {os.fsdecode(args[0])}, outside the submission's folder")
        elif event in CHANGES:
            paths = [args[i] for i in CHANGES[event] if isinstance(args[i], (str, bytes, os.PathLike))]
            outside = [p for p in paths if not _inside(p, folders)]
            if outside:
                refuse(f"{event} on {os.fsdecode(outside[0])}, outside the submission's folder")

    sys.addaudithook(hook)
