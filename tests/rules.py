"""The update rules as test parameters, each marked with the part of `make check` that asks for it:
plain SGD before notebook 3, momentum before notebook 5, RMSProp and Adam before notebook 7."""
import pytest

PART = {"sgd": "train", "sgd_momentum": "momentum", "rmsprop": "adaptive", "adam": "adaptive"}


def rule(name, *values):
    """``pytest.param(name, *values)`` carrying the mark of the part that asks for the rule."""
    return pytest.param(name, *values, marks=getattr(pytest.mark, PART[name]), id=name)


RULES = [rule(name) for name in PART]
