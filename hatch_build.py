"""The wheel's build hook: compile the hot modules with mypyc (docs/performance.md).

A regular wheel (``pip install .``, ``python -m build``) carries, next to the Python source of
each module listed under ``compile`` in ``[tool.hatch.build.targets.wheel.hooks.custom]`` (a
core or plugin module), a C extension that mypyc made from that same source; Python imports
the extension first. An editable install (``pip install -e .``) is never compiled, so that an
edit takes effect at once. ``REFERAT_BUILD`` chooses: ``auto`` (the default) compiles when a C
compiler is there and builds the pure-Python wheel with a warning when not, ``pure`` never
compiles, ``compiled`` fails the build when compiling fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

_SETUP = """\
from mypyc.build import mypycify
from setuptools import setup

setup(
    name="referat-compiled",
    # optional dependencies (orjson, lxml …) need not be in the build environment
    ext_modules=mypycify(["--ignore-missing-imports", *{modules!r}], opt_level="3"),
    script_args=["build_ext", "--inplace"],
)
"""
_EXTENSIONS = ("*.so", "*.pyd")
#: Where the packages are: the core and the built-in plugins (pyproject's wheel packages).
_SOURCES = ("src", "plugins")


class CompiledModules(BuildHookInterface):  # type: ignore[type-arg]
    """Adds mypyc-compiled extensions of the listed modules to a regular wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        mode = os.environ.get("REFERAT_BUILD", "auto")
        if mode not in ("auto", "pure", "compiled"):
            msg = f"REFERAT_BUILD={mode!r}: use auto, pure or compiled"
            raise ValueError(msg)
        if self.target_name != "wheel" or version != "standard" or mode == "pure":
            return
        modules = [str(path) for path in self.config.get("compile", [])]
        self._workdir = Path(tempfile.mkdtemp(prefix="referat-mypyc-"))
        try:
            extensions = self._compile(modules)
        except (OSError, subprocess.CalledProcessError) as error:
            output = (getattr(error, "stdout", "") or "") + (getattr(error, "stderr", "") or "")
            message = f"referat: compiling with mypyc failed ({error})\n{output[-3000:]}"
            if mode == "compiled":
                raise RuntimeError(message) from error
            self.app.display_warning(message + "\nreferat: building the pure-Python wheel")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include"].update(extensions)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        workdir = getattr(self, "_workdir", None)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)

    def _compile(self, modules: list[str]) -> dict[str, str]:
        """Compile ``modules`` (``package/module.py``, the package under ``src/`` or
        ``plugins/``) in a copy of the packages; the extensions built, as absolute path → path
        in the wheel."""
        for folder in _SOURCES:
            for package in sorted((Path(self.root) / folder).glob("*/__init__.py")):
                shutil.copytree(
                    package.parent,
                    self._workdir / package.parent.name,
                    ignore=shutil.ignore_patterns("__pycache__", *_EXTENSIONS),
                )
        for module in modules:
            _check_compilable(self._workdir / module)
        (self._workdir / "setup.py").write_text(_SETUP.format(modules=modules), encoding="utf-8")
        subprocess.run(
            [sys.executable, "setup.py"],
            cwd=self._workdir,
            check=True,
            capture_output=True,
            text=True,
        )
        built = [path for pattern in _EXTENSIONS for path in self._workdir.rglob(pattern)]
        if not built:
            msg = "mypyc built no extension"
            raise OSError(msg)
        return {
            str(path): path.relative_to(self._workdir).as_posix()
            for path in built
            if "build" not in path.relative_to(self._workdir).parts[:1]
        }


def _check_compilable(path: Path) -> None:
    """Refuse what mypyc compiles without complaint but fails on at import: a module-level
    ``__getattr__`` (PEP 562 lazy attributes; a crash) and an attrs field with a factory
    (``field(factory=list)``: a ``TypeError``)."""
    source = path.read_text(encoding="utf-8")
    for construct in ("\ndef __getattr__(", "factory=", "Factory("):
        if construct in source:
            msg = f"{path}: {construct.strip()!r} does not compile with mypyc (see compile)"
            raise ValueError(msg)
