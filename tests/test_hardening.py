"""Hostile or odd input never breaks the app nor the server: archive bombs, models that
load but cannot show everything, broken folders, concurrent and killed trainings,
and What-if edits that would silently change something else."""

from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from pathlib import Path

import keras
import pytest
from helpers import TINY_MAXLEN, TINY_VOCAB

from rnn_viz import i18n
from rnn_viz.analysis import Attributor
from rnn_viz.analysis.whatif import EditError, edit_text
from rnn_viz.app import registry
from rnn_viz.core import uploads
from rnn_viz.core.capabilities import CapabilityError
from rnn_viz.core.errors import NoReadableWordError
from rnn_viz.core.models import (
    ModelBundle,
    ModelError,
    load_model_dir,
    publish_folder,
    sweep_stale,
    work_folder,
)
from rnn_viz.core.text import Vocabulary
from rnn_viz.i18n import ko


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _folder_zip(folder: Path, **extra: bytes) -> dict[str, bytes]:
    members = {f"m/{n}": (folder / n).read_bytes() for n in ("model.keras", "vocab.json")}
    members.update(extra)
    return members


def _left_behind(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


# --------------------------------------------------------------------------- archive bombs
def test_a_zip_bomb_is_refused_while_streaming_and_leaves_nothing(
    model_dirs, tmp_path, tiny_lstm_dir
):
    bomb = _zip(_folder_zip(tiny_lstm_dir, **{"m/history.json": bytes(60 << 20)}))
    assert len(bomb) < 1 << 20  # 60 MB of zeros in well under 1 MB
    with pytest.raises(uploads.UploadError, match="archive bomb"):
        uploads.import_upload("bomb.zip", bomb, tmp_path / "up")
    assert _left_behind(tmp_path / "up") == []


def test_a_member_that_lies_about_its_size_is_refused(model_dirs, tmp_path, tiny_lstm_dir):
    data = bytearray(
        _zip(_folder_zip(tiny_lstm_dir, **{"m/config.json": b"x" * 5000}), zipfile.ZIP_STORED)
    )
    # shrink the declared size of config.json in both headers, keep the real bytes
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        at = -1
        while (at := data.find(sig, at + 1)) >= 0:
            off = 22 if sig == b"PK\x03\x04" else 24
            name_len_at = 26 if sig == b"PK\x03\x04" else 28
            n = int.from_bytes(data[at + name_len_at : at + name_len_at + 2], "little")
            head = 30 if sig == b"PK\x03\x04" else 46
            if data[at + head : at + head + n] == b"m/config.json":
                data[at + off : at + off + 4] = (100).to_bytes(4, "little")
    with pytest.raises(uploads.UploadError, match="more than it declares|damaged"):
        uploads.import_upload("liar.zip", bytes(data), tmp_path / "up")
    assert _left_behind(tmp_path / "up") == []


def test_archives_over_the_count_or_declared_size_limits_are_refused(
    model_dirs, tmp_path, monkeypatch
):
    many = _zip({f"f{i}.txt": b"" for i in range(uploads.LIMITS.members + 1)})
    with pytest.raises(uploads.UploadError, match="entries, over the limit"):
        uploads.import_upload("many.zip", many, tmp_path / "up")
    monkeypatch.setattr(
        uploads, "LIMITS", uploads.UploadLimits(total_bytes=1000, member_bytes=1000)
    )
    big = _zip({"model.keras": b"a" * 2000, "vocab.json": b"{}"})
    with pytest.raises(uploads.UploadError, match="limit"):
        uploads.import_upload("big.zip", big, tmp_path / "up")
    assert _left_behind(tmp_path / "up") == []


def test_a_keras_file_is_itself_checked_as_an_archive(model_dirs, tmp_path):
    bomb = _zip({"config.json": b"{}", "model.weights.h5": bytes(60 << 20)})
    with pytest.raises(uploads.UploadError, match="archive bomb"):
        uploads.import_upload("bomb.keras", bomb, tmp_path / "up")
    assert _left_behind(tmp_path / "up") == []


def test_refusals_name_the_users_file_and_no_server_path(model_dirs, tmp_path, tiny_lstm_dir):
    members = _folder_zip(tiny_lstm_dir)
    members["m/vocab.json"] = b"{not json"
    with pytest.raises(uploads.UploadError) as err:
        uploads.import_upload("my folder.zip", _zip(members), tmp_path / "up")
    assert "my folder.zip" in str(err.value)
    assert str(tmp_path) not in str(err.value) and ".partial" not in str(err.value)
    assert _left_behind(tmp_path / "up") == []


def test_stale_upload_folders_are_swept_and_fresh_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("RNN_VIZ_CACHE", str(tmp_path / "cache"))
    old, fresh = uploads.session_folder("old"), uploads.session_folder("fresh")
    (old / "x").mkdir()
    past = time.time() - uploads.LIMITS.keep_s - 60
    os.utime(old, (past, past))
    assert uploads.sweep_uploads() == [old]
    assert not old.exists() and fresh.exists()
    assert old.parent == uploads.upload_root() == tmp_path / "cache" / "uploads"


def test_the_upload_folders_of_ended_sessions_are_swept_only_by_their_server(tmp_path, monkeypatch):
    monkeypatch.setenv("RNN_VIZ_CACHE", str(tmp_path / "cache"))
    gone, live = uploads.session_folder("gone"), uploads.session_folder("live")
    other = uploads.session_folder("other")
    (other / ".session").write_text("1 other")  # made by another server process
    removed = uploads.sweep_uploads(ended=lambda session: session != "live")
    assert removed == [gone]
    assert live.exists() and other.exists()


# --------------------------------------------------------------------------- what a model can show
def _save(model: keras.Model, folder: Path, vocab: Vocabulary) -> Path:
    folder.mkdir(parents=True)
    model.save(folder / "model.keras")
    vocab.save(folder / "vocab.json")
    return folder


def _model(head: keras.layers.Layer | None, mask_zero: bool = False) -> keras.Model:
    layers = [
        keras.Input((TINY_MAXLEN,), dtype="int32"),
        keras.layers.Embedding(TINY_VOCAB, 4, mask_zero=mask_zero),
        keras.layers.LSTM(3),
    ]
    return keras.Sequential(layers + ([head] if head is not None else []))


def test_capabilities_are_decided_at_load_with_a_reason_for_each_thing_off(tmp_path, tiny_corpus):
    vocab = tiny_corpus.vocab
    full = load_model_dir(
        _save(_model(keras.layers.Dense(1, activation="sigmoid")), tmp_path / "full", vocab)
    )
    assert full.capabilities.readout and full.capabilities.attribution
    assert full.capabilities.notes() == []

    three = load_model_dir(_save(_model(keras.layers.Dense(3)), tmp_path / "three", vocab))
    assert not three.capabilities.readout and "3 wide" in three.capabilities.readout_why
    assert not three.capabilities.attribution
    assert len(three.capabilities.notes()) == 2

    masked = load_model_dir(
        _save(
            _model(keras.layers.Dense(1, activation="sigmoid"), mask_zero=True),
            tmp_path / "masked",
            vocab,
        )
    )
    assert masked.capabilities.readout and not masked.capabilities.attribution
    assert "mask_zero" in masked.capabilities.attribution_why
    with pytest.raises(CapabilityError, match="mask_zero"):
        Attributor(masked.model)


def test_a_vocabulary_larger_than_the_embedding_is_refused_at_load(tmp_path, tiny_corpus):
    words = tiny_corpus.vocab.words + tuple(f"extra{i}" for i in range(TINY_VOCAB))
    big = Vocabulary(words, tiny_corpus.vocab.maxlen)
    folder = _save(_model(keras.layers.Dense(1, activation="sigmoid")), tmp_path / "m", big)
    with pytest.raises(
        ModelError, match=f"{len(words)} words but the embedding has only {TINY_VOCAB} rows"
    ):  # ids beyond the table
        load_model_dir(folder)


def test_broken_folders_are_listed_with_their_reason(model_dirs, tmp_path, tiny_lstm_dir):
    user = tmp_path / "user"
    (user / "no_vocab").mkdir(parents=True)
    shutil.copy(tiny_lstm_dir / "model.keras", user / "no_vocab" / "model.keras")
    (user / "not_zip").mkdir()
    (user / "not_zip" / "model.keras").write_text("hello")
    shutil.copy(tiny_lstm_dir / "vocab.json", user / "not_zip" / "vocab.json")
    shutil.copytree(tiny_lstm_dir, user / "fine")
    found = registry.available_models()
    assert "vocab.json" in found["no_vocab (user)"].why
    assert "zip archive" in found["not_zip (user)"].why
    assert not found["fine (user)"].broken and not found["tiny_lstm2 (shipped)"].broken
    with i18n.use_language("ko"):  # the listing is cached for every session: worded when read
        assert found["no_vocab (user)"].why == ko.TEXT["pkg.folder.no_vocab"]
        assert registry.check_new_model_name("fine") == i18n.t(
            "pkg.name.exists", target=user / "fine"
        )


# --------------------------------------------------------------------------- saving and training
def test_saved_model_folders_get_the_usual_permissions(tmp_path, tiny_lstm_dir):
    bundle = load_model_dir(tiny_lstm_dir)
    out = bundle.save(tmp_path / "copy", extra_dirs={"epochs": tiny_lstm_dir / "epochs"})
    umask = os.umask(0o022)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask
    assert (out / "epochs").stat().st_mode & 0o777 == 0o777 & ~umask
    assert (out / "vocab.json").stat().st_mode & 0o777 == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy"]


def test_work_folders_are_unique_and_a_name_taken_meanwhile_is_never_replaced(tmp_path):
    target = tmp_path / "same"
    with work_folder(target, ".training") as a, work_folder(target, ".training") as b:
        assert a != b and a.name.startswith(".same.") and a.name.endswith(".training")
        (a / "model.keras").write_text("first")
        (b / "model.keras").write_text("second")
        publish_folder(a, target, overwrite=False)
        with pytest.raises(FileExistsError):
            publish_folder(b, target, overwrite=False)
    assert (target / "model.keras").read_text() == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["same"]


def test_overwrite_swaps_so_the_folder_always_exists(tmp_path, monkeypatch):
    target = tmp_path / "m"
    target.mkdir()
    (target / "model.keras").write_text("old")
    seen = []
    for name in ("rename", "replace"):
        real = getattr(os, name)

        def spy(src, dst, *a, _real=real, **k):
            out = _real(src, dst, *a, **k)
            seen.append((target / "model.keras").exists())
            return out

        monkeypatch.setattr(os, name, spy)
    with work_folder(target, ".partial") as new:
        (new / "model.keras").write_text("new")
        publish_folder(new, target, overwrite=True)
    assert (target / "model.keras").read_text() == "new"
    assert all(seen)  # never a moment without the model folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]


def test_without_renameat2_publishing_still_refuses_a_taken_name_and_replaces_on_overwrite(
    tmp_path, monkeypatch
):
    from rnn_viz.core import models

    monkeypatch.setattr(models, "_renameat2", lambda src, dst, flags: False)
    target = tmp_path / "m"
    for content, overwrite in (("first", False), ("second", False), ("third", True)):
        with work_folder(target, ".partial") as tmp:
            (tmp / "model.keras").write_text(content)
            if content == "second":
                with pytest.raises(FileExistsError):
                    publish_folder(tmp, target, overwrite)
            else:
                publish_folder(tmp, target, overwrite)
    assert (target / "model.keras").read_text() == "third"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]


def test_stale_work_folders_are_swept_unless_young_or_locked(tmp_path):
    def aged(folder: Path) -> Path:
        past = time.time() - 7200
        os.utime(folder, (past, past))
        return folder

    killed = tmp_path / ".m.abc.training"
    killed.mkdir()
    (killed / ".lock").touch()
    aged(killed)
    old = tmp_path / ".m.old"
    old.mkdir()
    aged(old)
    young = tmp_path / ".n.def.partial"
    young.mkdir()
    keep = tmp_path / "m"
    keep.mkdir()
    aged(keep)
    with work_folder(tmp_path / "live", ".training") as live:
        aged(live)
        removed = sweep_stale(tmp_path)
        assert live.exists()  # locked by this live run
    assert sorted(p.name for p in removed) == [".m.abc.training", ".m.old"]
    assert young.exists() and keep.exists()


def test_training_saves_no_checkpoint_nobody_reads_and_leaves_only_its_folder(
    tiny_corpus, tmp_path, monkeypatch
):
    from rnn_viz.core.recipes import Recipe
    from rnn_viz.train import train

    def refuse(*args, **kwargs):
        raise AssertionError("a checkpoint into the work folder, which is always deleted")

    monkeypatch.setattr(keras.callbacks, "ModelCheckpoint", refuse)
    recipe = Recipe(
        units=2,
        embedding_dim=4,
        vocab_size=TINY_VOCAB,
        maxlen=TINY_MAXLEN,
        batch_size=32,
        epochs=1,
        jit_compile=False,
    )
    train("t", recipe, tiny_corpus, tmp_path / "t", verbose=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t"]


# --------------------------------------------------------------------------- What-if
@pytest.mark.parametrize(
    "op, word, why",
    [
        ("replace", "🎬", "delete the word"),
        ("insert", "!!!", "change nothing"),
        ("replace", "", "Type the new word"),
        ("replace", "two words", "one word at a time"),
    ],
)
def test_what_if_refuses_edits_that_would_silently_change_something_else(op, word, why):
    with pytest.raises(EditError, match=why):
        edit_text("I loved this film", op, 1, word)
    assert edit_text("I loved this film", "replace", 1, "hated") == "I hated this film"


def test_what_if_refuses_a_review_with_no_readable_word():
    with pytest.raises(NoReadableWordError, match="no words the model can read"):
        edit_text("🎬 !!! 🍿", "delete", 0)


def test_a_bundle_built_in_memory_knows_its_capabilities(tiny_corpus):
    bundle = ModelBundle(
        _model(keras.layers.Dense(2, activation="softmax")), tiny_corpus.vocab, "two"
    )
    assert bundle.capabilities.readout and bundle.capabilities.attribution
