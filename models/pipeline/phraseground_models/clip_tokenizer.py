"""A genuine CLIP-style byte-level BPE tokenizer, trained small, for the tiny OWL-ViT / OWLv2 fixtures.

Same components as openai/clip's tokenizer.json: NFC + whitespace collapse + lowercase normaliser,
CLIP's split regex then ByteLevel (no prefix space), BPE with the `</w>` end-of-word suffix,
<|startoftext|> ... <|endoftext|> added by a post-processor. Like CLIP's vocabulary, the two special
tokens have the highest ids (<|endoftext|> last): OWL-ViT pools the text at argmax(input_ids).
"""
from __future__ import annotations

import json

from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

from . import vocab as V

BOS, EOS = "<|startoftext|>", "<|endoftext|>"
CLIP_SPLIT = r"""'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"""


def corpus() -> list[str]:
    """Captions in the words of the synthetic world (vocab.py) plus OWL-ViT's prompt template."""
    words = list(V.SHAPES) + list(V.COLORS) + list(V.SIZE_WORDS) + list(V.POSITION_WORDS) + list(V.NUMBER_WORDS.values())
    lines = [f"a photo of a {c} {s}" for c in V.COLORS for s in V.SHAPES]
    lines += [f"two {c} {V.plural(s)} on the {p}" for c in V.COLORS for s in V.SHAPES for p in V.POSITION_WORDS]
    lines += [f"a {z} {s} next to the {c} one." for z in V.SIZE_WORDS for s in V.SHAPES for c in V.COLORS]
    lines += [" ".join(words), "there is a cat, a dog and 3 boxes!", "I can see the image shows a picture of"]
    return lines


def _empty() -> Tokenizer:
    tok = Tokenizer(models.BPE(unk_token=EOS, end_of_word_suffix="</w>", continuing_subword_prefix="", fuse_unk=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Replace(Regex(r"\s+"), " "), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(CLIP_SPLIT), behavior="removed", invert=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    return tok


def build_tiny_clip_tokenizer(vocab_size: int = 600) -> Tokenizer:
    """Train on `corpus()`; then every byte-level character exists with and without `</w>` (as in CLIP),
    and BOS/EOS get the two highest ids."""
    tok = _empty()
    alphabet = pre_tokenizers.ByteLevel.alphabet()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, initial_alphabet=alphabet, end_of_word_suffix="</w>",
                                  special_tokens=[], show_progress=False)
    tok.train_from_iterator(corpus(), trainer)
    doc = json.loads(tok.to_str())
    learned = sorted(doc["model"]["vocab"].items(), key=lambda kv: kv[1])
    order = [t for t, _ in learned]
    have = set(order)
    for ch in sorted(alphabet):
        for t in (ch, ch + "</w>"):
            if t not in have:
                order.append(t)
                have.add(t)
    order += [BOS, EOS]
    doc["model"]["vocab"] = {t: i for i, t in enumerate(order)}
    doc["added_tokens"] = [
        {"id": len(order) - 2 + k, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True} for k, t in enumerate((BOS, EOS))
    ]
    out = Tokenizer.from_str(json.dumps(doc))
    bos, eos = out.token_to_id(BOS), out.token_to_id(EOS)
    out.post_processor = processors.TemplateProcessing(
        single=f"{BOS} $A {EOS}", pair=f"{BOS} $A {EOS} $B {EOS}", special_tokens=[(BOS, bos), (EOS, eos)])
    return out
