"""Files written all or nothing (core.files): the old content or the whole new one."""

import pytest

from core import files


def test_it_replaces_the_file_and_leaves_nothing_beside_it(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    files.write_atomically(target, b"new and whole")
    assert target.read_bytes() == b"new and whole"
    assert [path.name for path in tmp_path.iterdir()] == ["report.pdf"]


def test_a_failure_before_the_rename_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")

    def disk_gone(temporary, target):
        raise OSError("disk gone")

    monkeypatch.setattr(files, "publish", disk_gone)
    with pytest.raises(OSError):
        files.write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert files.leftovers(tmp_path) == []
