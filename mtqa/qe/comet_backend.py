"""CometKiwi / xCOMET quality estimation through ``unbabel-comet`` (extra ``mtqa[comet]``), fully offline.

``CometScorer(MODEL)`` takes a local ``MODEL``: a checkpoint file (``.../checkpoints/model.ckpt``) or a
model directory as downloaded from the hub (``checkpoints/model.ckpt`` next to ``hparams.yaml``; a
Hugging Face cache folder ``models--ORG--NAME`` with one snapshot works too). mtqa never downloads a
model: CometKiwi and xCOMET are licensed CC-BY-NC-SA 4.0 and must be fetched by the user.

The encoder named in ``hparams.yaml`` (``pretrained_model``, e.g. ``microsoft/infoxlm-large``) only
provides the tokenizer and the layer shapes (its weights are in the checkpoint). It is looked up, in
order: as a local directory (absolute, or relative to the model directory), as a folder named after
it inside the model directory (``MODEL/infoxlm-large``), then in the local Hugging Face cache.
Nothing is fetched from the network; a missing encoder is an ``InputError`` that says what to put where.

Importing this module imports neither torch nor comet; both are imported when a scorer is built.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

import numpy as np

from mtqa.errors import InputError

EXTRA_HINT = "pip install 'mtqa[comet]'"
CHECKPOINT = Path("checkpoints") / "model.ckpt"


class CometScorer:
    """Score (source, translation) pairs with a reference-free COMET model (CometKiwi, xCOMET in QE mode).

    Scores are the model's own scale (CometKiwi/xCOMET: about 0..1), higher = better. Pairs with an
    empty or whitespace-only side score NaN and are not sent to the model. The model runs in eval
    mode (no dropout), so the same input always gets the same score.
    """

    def __init__(self, model: str | os.PathLike, batch_size: int = 16) -> None:
        self.model_spec = str(model)
        self.batch_size = batch_size
        self.checkpoint, self.model_dir = _locate(Path(self.model_spec).expanduser())
        _import_comet(self.model_spec)
        self.name = "comet:" + _display_name(self.model_dir)
        self.encoder_name: str | None = None  # hparams.yaml's pretrained_model (a folder: its name)
        self.encoder_path: str | None = None  # the local folder or cached hub name actually used
        self.word_spans: list[list[dict]] | None = None  # xCOMET error spans of the last score() call
        self._model = self._load()

    # ------------------------------------------------------------------ loading

    def _load(self):
        import torch
        from comet import load_from_checkpoint
        from comet.models import str2model

        hparams_file = self.checkpoint.parents[1] / "hparams.yaml"
        hparams = _read_hparams(hparams_file)
        declared = hparams.get("pretrained_model")
        encoder = _resolve_encoder(declared, self.model_dir, hparams_file) if declared else None
        self.encoder_path = encoder  # where the tokenizer and config are read from
        self.encoder_name = _short_encoder_name(declared) if declared else None
        try:
            with _quiet_lightning():
                if encoder is None or encoder == declared:
                    model = load_from_checkpoint(str(self.checkpoint), reload_hparams=False,
                                                 strict=False, local_files_only=True)
                else:  # the encoder lives somewhere else than hparams says: same load, encoder overridden
                    model_class = str2model[hparams["class_identifier"]]
                    model = model_class.load_from_checkpoint(
                        checkpoint_path=self.checkpoint, load_pretrained_weights=False, hparams_file=None,
                        map_location=torch.device("cpu"), strict=False, local_files_only=True,
                        pretrained_model=encoder)
        except InputError:
            raise
        except Exception as error:  # noqa: BLE001 - every load failure becomes a one-line user error
            raise InputError(f"cannot load this COMET model: {_one_line(error)}", self.model_spec) from None
        model.eval()  # predict() also switches to eval unless MC dropout is on, which mtqa never turns on
        return model

    # ------------------------------------------------------------------ scoring

    def score(self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str) -> np.ndarray:
        """One float per pair, NaN where a side is empty; languages are not needed by COMET."""
        if len(sources) != len(targets):
            raise InputError(f"{len(sources)} sources but {len(targets)} targets; pairs must be line-aligned")
        scores = np.full(len(sources), np.nan, dtype=np.float64)
        self.word_spans = None
        keep = [i for i, (s, t) in enumerate(zip(sources, targets)) if s.strip() and t.strip()]
        if not keep:
            return scores
        import torch

        samples = [{"src": sources[i], "mt": targets[i]} for i in keep]
        gpus = 1 if torch.cuda.is_available() else 0
        with torch.random.fork_rng(devices=[]), _quiet_lightning():
            torch.manual_seed(0)
            output = self._model.predict(samples, batch_size=self.batch_size, gpus=gpus,
                                         progress_bar=False, num_workers=0)
        values = np.asarray(output.scores, dtype=np.float64).reshape(-1)
        if values.shape[0] != len(keep):
            raise InputError(f"the COMET model returned {values.shape[0]} scores for {len(keep)} pairs",
                             self.model_spec)
        scores[keep] = values
        spans = _error_spans(output)
        if spans is not None and len(spans) == len(keep):
            self.word_spans = [[] for _ in sources]
            for i, found in zip(keep, spans):
                self.word_spans[i] = [_plain_span(span) for span in found]
        return scores


# ---------------------------------------------------------------------- helpers


def _import_comet(spec: str) -> None:
    """Import comet offline, or say which extra to install."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        with _quiet_lightning():  # torchmetrics warns about pkg_resources on import
            import comet  # noqa: F401
    except ImportError as error:
        if (getattr(error, "name", None) or "comet").split(".")[0] == "comet":
            raise InputError(f"scorer comet:{spec} needs the optional extra: {EXTRA_HINT}") from None
        raise _broken_install(spec, error) from None
    except Exception as error:  # noqa: BLE001 - e.g. a numpy or transformers too new for comet
        raise _broken_install(spec, error) from None


def _broken_install(spec: str, error: BaseException) -> InputError:
    return InputError(f"scorer comet:{spec}: unbabel-comet is installed but cannot be imported "
                      f"({type(error).__name__}: {_one_line(error)}); reinstall the optional extra, "
                      f"which pins what comet needs: {EXTRA_HINT}")


def _locate(path: Path) -> tuple[Path, Path]:
    """(checkpoint file, model directory) for a checkpoint file or a model directory."""
    if not path.exists():
        raise InputError("no COMET model here; give a checkpoint file or a model directory "
                         "(CometKiwi is not downloaded automatically)", path)
    if path.is_file():
        checkpoint = path
    else:
        checkpoint = path / CHECKPOINT
        if not checkpoint.is_file():
            snapshots = sorted((p for p in (path / "snapshots").glob("*") if (p / CHECKPOINT).is_file()),
                               key=lambda p: p.stat().st_mtime) if (path / "snapshots").is_dir() else []
            if not snapshots:
                raise InputError(f"no {CHECKPOINT.as_posix()} in this folder; give a checkpoint file or a COMET "
                                 "model directory (CometKiwi is not downloaded automatically)", path)
            checkpoint = snapshots[-1] / CHECKPOINT
    model_dir = checkpoint.parents[1]
    if not (model_dir / "hparams.yaml").is_file():
        raise InputError(f"no hparams.yaml in {model_dir}; a COMET checkpoint must sit in MODEL/checkpoints/ "
                         "next to MODEL/hparams.yaml, as downloaded from the hub", path)
    return checkpoint, model_dir


def _display_name(model_dir: Path) -> str:
    """The model directory's name; for a Hugging Face cache snapshot, the repository's name."""
    if model_dir.parent.name == "snapshots" and model_dir.parent.parent.name.startswith("models--"):
        return model_dir.parent.parent.name.split("--")[-1]
    return model_dir.name


def _read_hparams(hparams_file: Path) -> dict:
    import yaml

    try:
        hparams = yaml.safe_load(hparams_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError(f"cannot read it: {_one_line(error)}", hparams_file) from None
    if not isinstance(hparams, dict) or "class_identifier" not in hparams:
        raise InputError("not a COMET hparams.yaml (no class_identifier)", hparams_file)
    from comet.models import str2model

    if hparams["class_identifier"] not in str2model:
        raise InputError(f"unknown COMET model class {hparams['class_identifier']!r} "
                         f"(this unbabel-comet knows {', '.join(sorted(str2model))})", hparams_file)
    return hparams


def _resolve_encoder(declared: str, model_dir: Path, hparams_file: Path) -> str:
    """A local directory or a cached hub name for the encoder that hparams.yaml names."""
    as_path = Path(declared).expanduser()
    candidates = [as_path] if as_path.is_absolute() else [as_path, model_dir / as_path]
    candidates.append(model_dir / as_path.name)
    for candidate in candidates:
        if (candidate / "config.json").is_file():
            return str(candidate.resolve())
    if not as_path.is_absolute() and _in_hub_cache(declared):
        return declared
    raise InputError(
        f"the encoder {declared!r} named in hparams.yaml (pretrained_model) is not available offline; "
        f"put its config.json and tokenizer files in {model_dir / as_path.name}, or in the Hugging Face "
        f"cache once on a machine with network (hf download {declared} --exclude '*.bin' '*.safetensors'); "
        "mtqa never downloads it", hparams_file)


def _short_encoder_name(declared: str) -> str:
    """A hub name as it is; a local folder by its name only, so signatures do not carry local paths."""
    path = Path(declared).expanduser()
    return path.name if path.is_absolute() or path.exists() else declared


def _in_hub_cache(repo_id: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return False
    try:
        found = try_to_load_from_cache(repo_id=repo_id, filename="config.json")
    except Exception:  # noqa: BLE001 - an invalid repo id is simply not cached
        return False
    return isinstance(found, str)


def _error_spans(output) -> list | None:
    """xCOMET's per-pair error spans, if the model returned them."""
    metadata = output.get("metadata") if hasattr(output, "get") else None
    if metadata is None:
        return None
    spans = metadata.get("error_spans") if hasattr(metadata, "get") else getattr(metadata, "error_spans", None)
    return list(spans) if spans is not None else None


def _plain_span(span: dict) -> dict:
    """One xCOMET error span as plain Python: text, start/end (characters in the target), severity, confidence."""
    return {"text": str(span.get("text", "")), "start": int(span.get("start", 0)), "end": int(span.get("end", 0)),
            "severity": str(span.get("severity", "")), "confidence": float(span.get("confidence", float("nan")))}


@contextlib.contextmanager
def _quiet_lightning():
    """Lightning announces devices and tips on every Trainer; keep stdout/stderr for mtqa's own output."""
    loggers = [logging.getLogger(name) for name in ("pytorch_lightning", "lightning.pytorch", "lightning_fabric",
                                                     "lightning", "comet")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."


__all__ = ["CometScorer"]
