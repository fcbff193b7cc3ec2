"""What the CLI and Python users call: ``align_sentences`` and ``check``.

These functions take documents or sentences, run the stages (encode, align, compare) and return
plain data; reading files and writing reports happen at the edges (``mtqa.reading``,
``mtqa.report``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

import numpy as np

from mtqa.align import AlignParams, Unit, align_embeddings, unit_confidences
from mtqa.anchors import anchor_vectors
from mtqa.documents import AlignedUnit, Document
from mtqa.encoders import Encoder, choose_encoder_name, get_encoder, pair_cosines
from mtqa.stageclock import stage


@dataclass
class VersionAlignment:
    """How one version lines up with the target, unit by unit."""

    version: Document
    units: list[AlignedUnit]
    second_opinion: dict[int, float] = field(default_factory=dict)  # unit index -> e5 cosine

    def walk(self) -> Iterator[tuple[int, AlignedUnit, int]]:
        """Each unit with its index and the last target sentence at or before it (-1 before the first)."""
        last_target = -1
        for k, unit in enumerate(self.units):
            if unit.target:
                last_target = unit.target[-1]
            yield k, unit, last_target


@dataclass
class CheckResult:
    """Everything a report needs: the target, each version's alignment and the run's settings."""

    target: Document
    alignments: list[VersionAlignment]
    options: dict[str, object]
    encoders: dict[str, str]


def align_sentences(source: Sequence[str], target: Sequence[str], encoder: Encoder,
                    params: AlignParams | None = None) -> list[Unit]:
    """Align two lists of sentences; every index of either list lands in exactly one unit."""
    return _align_encoded(source, target, encoder.encode(list(source)), encoder.encode(list(target)), params)


def _align_encoded(source: Sequence[str], target: Sequence[str], src_emb: np.ndarray, tgt_emb: np.ndarray,
                   params: AlignParams | None) -> list[Unit]:
    return align_embeddings(src_emb, tgt_emb, [len(s) for s in source], [len(s) for s in target],
                            params or AlignParams(), anchor_vectors(source), anchor_vectors(target))


def align_documents(target: Document, version: Document, encoder: Encoder,
                    params: AlignParams | None = None) -> list[AlignedUnit]:
    """Align a target document with one version, with a confidence for each unit."""
    tgt_texts = [s.text for s in target.sentences]
    ver_texts = [s.text for s in version.sentences]
    with stage("embed"):
        tgt_emb, ver_emb = encoder.encode(tgt_texts), encoder.encode(ver_texts)
    with stage("align"):
        units = _align_encoded(tgt_texts, ver_texts, tgt_emb, ver_emb, params)
        confidences = unit_confidences(units, tgt_emb, ver_emb)
    return [AlignedUnit(u.source, u.target, u.similarity, c) for u, c in zip(units, confidences)]


def second_opinion(target: Document, alignment: list[AlignedUnit], version: Document,
                   encoder: Encoder) -> dict[int, float]:
    """Cosine of each aligned unit's two sides under another encoder (e5 by default)."""
    pairs = [(k, u) for k, u in enumerate(alignment) if u.target and u.version]
    if not pairs:
        return {}
    left = [" ".join(target.sentences[i].text for i in u.target) for _, u in pairs]
    right = [" ".join(version.sentences[j].text for j in u.version) for _, u in pairs]
    with stage("second opinion"):
        sims = pair_cosines(encoder, left, right)
    return {k: float(s) for (k, _), s in zip(pairs, sims)}


def paired_lines(target: Document, version: Document, encoder: Encoder,
                 params: AlignParams | None = None) -> list[AlignedUnit]:
    """Line-paired texts: line i of each is one unit (a blank line pairs as an empty side).

    A unit cut into parts (``mtqa.units``: its parts share the unit's ``paragraph``) is aligned
    part by part with the same unit of the version.
    """
    if _has_parts(target) or _has_parts(version):
        return _paired_parts(target, version, encoder, params or AlignParams())
    tgt_texts = [s.text for s in target.sentences]
    ver_texts = [s.text for s in version.sentences]
    sims = pair_cosines(encoder, tgt_texts, ver_texts)
    units = [AlignedUnit((i,) if t else (), (i,) if v else (), float(sim) if t and v else None, 1.0)
             for i, (t, v, sim) in enumerate(zip(tgt_texts, ver_texts, sims))]
    return [u for u in units if u.target or u.version]


def _has_parts(doc: Document) -> bool:
    return len({s.paragraph for s in doc.sentences}) < len(doc.sentences)


def _by_unit(doc: Document) -> dict[int, list[int]]:
    """Indices of the non-blank sentences of each unit (paragraph)."""
    units: dict[int, list[int]] = {}
    for sentence in doc.sentences:
        units.setdefault(sentence.paragraph, [])
        if sentence.text:
            units[sentence.paragraph].append(sentence.index)
    return units


def _paired_parts(target: Document, version: Document, encoder: Encoder, params: AlignParams) -> list[AlignedUnit]:
    """Unit i of the target with unit i of the version; where a side has several parts, they are aligned."""
    tgt_emb = encoder.encode([s.text for s in target.sentences])
    ver_emb = encoder.encode([s.text for s in version.sentences])
    tgt_units, ver_units = _by_unit(target), _by_unit(version)
    out: list[AlignedUnit] = []
    for number in sorted(set(tgt_units) | set(ver_units)):
        t, v = tgt_units.get(number, []), ver_units.get(number, [])
        if len(t) <= 1 and len(v) <= 1:
            similarity = float(np.dot(tgt_emb[t[0]], ver_emb[v[0]])) if t and v else None
            if t or v:
                out.append(AlignedUnit(tuple(t), tuple(v), similarity, 1.0))
            continue
        if not t or not v:  # nothing to align with: each part on its own
            out += [AlignedUnit((i,), (), None, 1.0) for i in t] + [AlignedUnit((), (j,), None, 1.0) for j in v]
            continue
        t_texts = [target.sentences[i].text for i in t]
        v_texts = [version.sentences[j].text for j in v]
        units = _align_encoded(t_texts, v_texts, tgt_emb[t], ver_emb[v], params)
        confidences = unit_confidences(units, tgt_emb[t], ver_emb[v])
        out += [AlignedUnit(tuple(t[i] for i in u.source), tuple(v[j] for j in u.target), u.similarity, c)
                for u, c in zip(units, confidences)]
    return out


def check(target: Document, versions: Sequence[Document], encoder: str = "auto",
          second_encoder: str | None = None, cache_dir: str | None = None,
          params: AlignParams | None = None, presegmented_pairs: bool = False,
          progress: Callable[[str], None] | None = None,
          detail: Callable[[str], None] | None = None) -> CheckResult:
    """Align the target with every version (and score each unit with a second encoder).

    With ``presegmented_pairs`` the texts are line-paired (``paired_lines``) instead of aligned.
    ``progress`` is told when each version's step starts, ``detail`` how many sentences a long
    encoding has done.
    """
    params = params or AlignParams()
    alignments = []
    encoders: dict[str, str] = {}
    second = get_encoder(second_encoder, cache_dir=cache_dir) if second_encoder else None
    primaries: dict[str, Encoder] = {}  # one instance per backend, so each model loads once
    for version in versions:
        if progress:
            progress(f"{'pairing' if presegmented_pairs else 'aligning'} {target.lang} with {version.lang}")
        backend = choose_encoder_name(encoder, [target.lang, version.lang])
        primary = primaries.setdefault(backend, get_encoder(backend, cache_dir=cache_dir))
        reporting = _reporting(primary, detail)
        if presegmented_pairs:
            units = paired_lines(target, version, reporting, params)
        else:
            units = align_documents(target, version, reporting, params)
        encoders[version.lang] = primary.name
        extra = second_opinion(target, units, version, _reporting(second, detail)) if second else {}
        alignments.append(VersionAlignment(version, units, extra))
    if second is not None:
        encoders["second_opinion"] = second.name
    options: dict[str, object] = {"encoder": encoder, "second_opinion": second_encoder or "none"}
    options.update({"aligned": "lines"} if presegmented_pairs else _params_summary(params))
    return CheckResult(target, alignments, options, encoders)


def _reporting(encoder: Encoder, detail: Callable[[str], None] | None) -> Encoder:
    """``encoder``, telling ``detail`` how far a long list has got (or as it is, without ``detail``)."""
    if detail is None:
        return encoder
    from mtqa.encoders.progress import ReportingEncoder

    return ReportingEncoder(encoder, lambda done, total: detail(f"{done:,} of {total:,} sentences encoded ({encoder.name})"))


def _params_summary(params: AlignParams) -> dict[str, object]:
    return {"max_side": params.max_side, "skip": params.skip, "merge_penalty": params.merge_penalty,
            "length_weight": params.length_weight, "margin_weight": params.margin_weight,
            "lexical_weight": params.lexical_weight}
