"""Calling plug-in code: with a time budget, containing whatever it raises.

Every call ocopkit makes into a plug-in — importing it, registering it with pluggy,
each hook — goes through a :class:`Guard`. The guard catches **every** exception the
plug-in raises, :class:`BaseException` subclasses such as :class:`SystemExit` and
:class:`GeneratorExit` included, and hands it back as an :class:`Outcome`, so that the
loader reports it like any other failure; only :class:`KeyboardInterrupt` (the user
pressing Ctrl-C) goes on.

The time budget
---------------
Python cannot stop a thread from the outside. With a time budget
(:attr:`Limits.timeout`, default 10 s) the guard therefore runs plug-in code on a
worker thread and waits for it until the deadline; a plug-in still running then is
*abandoned*: it is reported as timed out and skipped, its ``register`` callback is
closed (whatever it registers later is refused) and the worker is never reused. The
abandoned thread is a daemon: it keeps running (sleeping, waiting, looping) until it
ends or the process exits, and never delays the exit. Two things it can still do, and
that no in-process design can prevent, are documented in :doc:`/plugins`: use CPU
while it runs, and — in C code that holds the interpreter lock — stall the process.
``ocopkit check-plugin`` therefore checks a plug-in in a child process it can kill
(:func:`ocopkit.plugins.check_plugin` with ``isolated=True``).

Without a budget (``timeout=None``, ``OCOPKIT_PLUGIN_TIMEOUT=none``) plug-in code runs
on the calling thread, with no limit.

>>> guard = Guard()
>>> guard.call(lambda: 6 * 7, timeout=1).value
42
>>> import sys
>>> type(guard.call(lambda: sys.exit(3), timeout=1).error).__name__
'SystemExit'
>>> import threading
>>> released = threading.Event()
>>> guard.call(released.wait, timeout=0.05).timed_out
True
>>> released.set()
"""

from __future__ import annotations

import math
import os
import queue
import threading
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from ocopkit.errors import Problem, ValidationError

__all__ = [
    "DEFAULT_MAX_CONTRIBUTIONS",
    "DEFAULT_TIMEOUT",
    "ENV_MAX_CONTRIBUTIONS",
    "ENV_TIMEOUT",
    "Guard",
    "Limits",
    "Outcome",
    "describe",
    "exception_text",
]

#: Environment variable: seconds of plug-in code per plug-in and stage (``none``: no limit).
ENV_TIMEOUT: Final = "OCOPKIT_PLUGIN_TIMEOUT"
#: Environment variable: the most values one plug-in may register through one hook.
ENV_MAX_CONTRIBUTIONS: Final = "OCOPKIT_PLUGIN_MAX_CONTRIBUTIONS"
#: The default time budget, in seconds.
DEFAULT_TIMEOUT: Final = 10.0
#: The default cap on the values one plug-in registers through one hook.
DEFAULT_MAX_CONTRIBUTIONS: Final = 10_000

_NONE = frozenset({"none", "off", "unlimited"})
#: How long an idle worker thread waits for more work before it ends.
_IDLE_SECONDS = 2.0


def _setting_problem(name: str, value: object, expected_en: str, expected_vi: str) -> Problem:
    return Problem(f"${name}", "bad-setting", f"{name} = {value!r}: cần {expected_vi}",
                   f"{name} = {value!r}: expected {expected_en}")


def _check_timeout(_: object, __: attrs.Attribute[Any], value: float | None) -> None:
    if value is None:
        return
    if (type(value) not in (int, float)) or not math.isfinite(value) or value <= 0:
        raise ValidationError([_setting_problem(
            "timeout", value, "a positive number of seconds, or None for no limit",
            "một số giây dương, hoặc None (không giới hạn)")])


def _check_cap(_: object, __: attrs.Attribute[Any], value: int) -> None:
    if type(value) is not int or value < 1:
        raise ValidationError([_setting_problem(
            "max_contributions", value, "a whole number ≥ 1", "một số nguyên ≥ 1")])


@attrs.frozen
class Limits:
    """How much a plug-in may cost the host.

    ``timeout``
        seconds of plug-in code allowed per plug-in and stage: its import (with its
        registration in the plug-in manager), all its registration hooks together,
        each call of ``ocopkit_validate_product``. ``None``: no limit (plug-in code
        then runs on the calling thread). Default 10 s.
    ``max_contributions``
        the most values one plug-in may register through one hook (default 10 000;
        a province registers a handful). Beyond it the plug-in is rejected and the
        rest of its values are not even looked at, so that checking a plug-in stays
        fast whatever it registers.

    Both can be set from the environment (:meth:`from_env`), and passed to
    :func:`~ocopkit.plugins.manager`, :func:`~ocopkit.plugins.load` and
    :func:`~ocopkit.plugins.check_plugin` as ``limits=``.

    >>> Limits(timeout=0.5).max_contributions
    10000
    >>> Limits(timeout=-1)
    Traceback (most recent call last):
    ...
    ocopkit.errors.ValidationError: 1 lỗi / 1 problem:
      $timeout: timeout = -1: cần một số giây dương, hoặc None (không giới hạn) / ...
    """

    timeout: float | None = attrs.field(default=DEFAULT_TIMEOUT, validator=_check_timeout)
    max_contributions: int = attrs.field(default=DEFAULT_MAX_CONTRIBUTIONS,
                                         validator=_check_cap)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The limits set by ``OCOPKIT_PLUGIN_TIMEOUT`` and
        ``OCOPKIT_PLUGIN_MAX_CONTRIBUTIONS`` (the defaults where unset).

        A value that is not a number is a :class:`~ocopkit.errors.ValidationError`,
        never silently replaced by the default.

        >>> Limits.from_env({"OCOPKIT_PLUGIN_TIMEOUT": "none"}).timeout is None
        True
        >>> Limits.from_env({"OCOPKIT_PLUGIN_MAX_CONTRIBUTIONS": "lots"})
        Traceback (most recent call last):
        ...
        ocopkit.errors.ValidationError: giới hạn plug-in sai / invalid plug-in limits — 1 lỗi / ...
          $OCOPKIT_PLUGIN_MAX_CONTRIBUTIONS: OCOPKIT_PLUGIN_MAX_CONTRIBUTIONS = 'lots': ...
        """
        env = os.environ if environ is None else environ
        problems: list[Problem] = []
        timeout: float | None = DEFAULT_TIMEOUT
        cap = DEFAULT_MAX_CONTRIBUTIONS
        raw = env.get(ENV_TIMEOUT, "").strip()
        if raw.lower() in _NONE:
            timeout = None
        elif raw:
            try:
                timeout = float(raw)
            except ValueError:
                timeout = -1.0
            if not (math.isfinite(timeout) and timeout > 0):
                problems.append(_setting_problem(
                    ENV_TIMEOUT, raw, "a positive number of seconds, or 'none'",
                    "một số giây dương, hoặc 'none'"))
                timeout = DEFAULT_TIMEOUT
        raw = env.get(ENV_MAX_CONTRIBUTIONS, "").strip()
        if raw:
            if raw.isdigit() and len(raw) <= 9 and int(raw) >= 1:
                cap = int(raw)
            else:
                problems.append(_setting_problem(
                    ENV_MAX_CONTRIBUTIONS, raw, "a whole number from 1 to 999999999",
                    "một số nguyên từ 1 đến 999999999"))
        if problems:
            raise ValidationError(problems, "invalid plug-in limits / giới hạn plug-in sai")
        return cls(timeout=timeout, max_contributions=cap)


@attrs.frozen
class Outcome:
    """What a call into plug-in code gave: a value, an exception, or nothing in time."""

    value: Any = None
    error: BaseException | None = None
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.timed_out


class _Job:
    __slots__ = ("done", "error", "fn", "value")

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn = fn
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.value = self.fn()
        except BaseException as exc:  # contained: handed back to the caller
            self.error = exc
        finally:
            self.done.set()


class _Worker:
    """A daemon thread running jobs one after the other; it ends when idle."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._ended = False
        self._thread = threading.Thread(target=self._loop, name="ocopkit-plugin-call",
                                        daemon=True)
        self._thread.start()

    def submit(self, job: _Job) -> bool:
        """Queue ``job``; ``False`` if the worker has ended (start another)."""
        with self._lock:
            if self._ended:
                return False
            self._jobs.put(job)
            return True

    def _loop(self) -> None:
        while True:
            try:
                job = self._jobs.get(timeout=_IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._jobs.empty():
                        self._ended = True
                        return
                continue
            job.run()


class Guard:
    """Runs plug-in code with a deadline (see the module docstring).

    One guard serves one plug-in manager. It is not meant to be shared between
    threads that call plug-ins at the same time.
    """

    def __init__(self) -> None:
        self._worker: _Worker | None = None

    def call(self, fn: Callable[[], Any], *, timeout: float | None) -> Outcome:
        """Run ``fn()``, waiting at most ``timeout`` seconds (``None``: inline, no limit).

        Never raises, except :class:`KeyboardInterrupt` (from the plug-in or from the
        user while waiting).
        """
        if timeout is None:
            try:
                return Outcome(value=fn())
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # SystemExit, GeneratorExit… are the plug-in's
                return Outcome(error=exc)
        if timeout <= 0:
            return Outcome(timed_out=True)
        job = _Job(fn)
        if self._worker is None or not self._worker.submit(job):
            self._worker = _Worker()
            self._worker.submit(job)
        if not job.done.wait(timeout):
            self._worker = None  # abandoned with the job: never reused
            return Outcome(timed_out=True)
        if isinstance(job.error, KeyboardInterrupt):
            raise job.error
        return Outcome(value=job.value, error=job.error)


# ---------------------------------------------------------------- describing values safely


def _type_name(cls: type) -> str:
    """A class's qualified name, read without running any code the class defines."""
    name = type.__dict__["__qualname__"].__get__(cls)
    return name if type(name) is str else "?"


def describe(value: object) -> str:
    """A short description of ``value`` that runs none of its code (no ``__repr__``).

    >>> describe("a gate"), describe([1, 2]), describe(None)
    ("str 'a gate'", 'list of 2', 'None')
    """
    cls = type(value)
    if value is None:
        return "None"
    if cls in (str, int, float, bool):
        text = repr(value)
        return f"{cls.__name__} {text[:60]}{'…' if len(text) > 60 else ''}"
    if cls in (list, tuple, dict, set, frozenset):
        return f"{cls.__name__} of {len(value)}"  # type: ignore[arg-type]
    return _type_name(cls)


def exception_text(exc: BaseException, limit: int = 300) -> str:
    """``"SystemExit: 3"``: an exception's type and arguments on one line, running none
    of its code (a plug-in's exception may define ``__str__`` to raise or hang).

    >>> exception_text(ValueError("boom\\nagain"))
    'ValueError: boom again'
    """
    args = BaseException.__dict__["args"].__get__(exc)
    parts = []
    for arg in args if type(args) is tuple else ():
        if type(arg) is str:
            parts.append(arg)
        elif type(arg) in (int, float, bool) or arg is None:
            parts.append(repr(arg))
        else:
            parts.append(describe(arg))
    text = " ".join(", ".join(parts).split())
    if len(text) > limit:
        text = text[:limit] + "…"
    name = _type_name(type(exc))
    return f"{name}: {text}" if text else name
