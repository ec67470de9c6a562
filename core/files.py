"""Files written all or nothing: the content goes to a temporary name beside the target, is
flushed to disk, and only then renamed over the target (a rename within one directory is
atomic on POSIX). A process killed half-way leaves the old file (or none) and a stray
`.<name>.*.partial`, never a truncated file under the real name (docs/adr/0012)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PARTIAL_SUFFIX = ".partial"


def _sync_directory(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut (the directory entry is on disk)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def publish(temporary: Path, target: Path) -> None:
    """Put a finished `temporary` file or folder in place of `target`, in one rename."""
    os.replace(temporary, target)
    _sync_directory(target.parent)


def write_atomically(target: str | Path, content: bytes) -> Path:
    """Write `content` to `target` so that readers see the old file or the whole new one."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX
    )
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        publish(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def leftovers(folder: str | Path) -> list[Path]:
    """The temporary files a killed writer left in `folder` (safe to delete)."""
    return sorted(Path(folder).glob(f".*{PARTIAL_SUFFIX}"))
