"""A genuine CLIP-style byte-level BPE tokenizer, trained small, for the tiny OWL-ViT / OWLv2 fixtures.

Same components as openai/clip's tokenizer.json: NFC + whitespace collapse + lowercase normaliser,
CLIP's split regex then ByteLevel (no prefix space), BPE with the `</w>` end-of-word suffix,
<|startoftext|> ... <|endoftext|> added by a post-processor. Like CLIP's vocabulary, the two special
tokens have the highest ids (<|endoftext|> last): OWL-ViT pools the text at argmax(input_ids).
"""
from __future__ import annotations

from collections import Counter

from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

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


def _learn_merges(words: Counter, n_merges: int) -> list[tuple[str, str]]:
    """Plain BPE on byte-level words (last symbol carries '</w>'): the most frequent pair first, ties by the
    pair itself, so the result is the same on every run (tokenizers' BpeTrainer breaks ties by hash order)."""
    seqs = {w: [*w[:-1], w[-1] + "</w>"] for w in words}
    merges: list[tuple[str, str]] = []
    for _ in range(n_merges):
        pairs: Counter = Counter()
        for w, seq in seqs.items():
            for a, b in zip(seq, seq[1:]):
                pairs[a, b] += words[w]
        if not pairs:
            break
        best = min(pairs, key=lambda ab: (-pairs[ab], ab))
        merges.append(best)
        for w, seq in seqs.items():
            out, i = [], 0
            while i < len(seq):
                if i + 1 < len(seq) and (seq[i], seq[i + 1]) == best:
                    out.append(seq[i] + seq[i + 1])
                    i += 2
                else:
                    out.append(seq[i])
                    i += 1
            seqs[w] = out
    return merges


def build_tiny_clip_tokenizer(n_merges: int = 150) -> Tokenizer:
    """BPE learned on `corpus()`; like CLIP's vocabulary: every byte-level character with and without
    `</w>`, then the merges, then <|startoftext|>, <|endoftext|> (the two highest ids)."""
    probe = _empty()
    words: Counter = Counter()
    for line in corpus():
        for w, _ in probe.pre_tokenizer.pre_tokenize_str(probe.normalizer.normalize_str(line)):
            words[w] += 1
    merges = _learn_merges(words, n_merges)
    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())
    order = alphabet + [c + "</w>" for c in alphabet]
    order += [a + b for a, b in merges if a + b not in order]
    order += [BOS, EOS]
    vocab = {t: i for i, t in enumerate(order)}
    tok = _empty()
    tok.model = models.BPE(vocab=vocab, merges=merges, unk_token=EOS, end_of_word_suffix="</w>",
                           continuing_subword_prefix="", fuse_unk=False)
    tok.add_special_tokens([BOS, EOS])
    tok.post_processor = processors.TemplateProcessing(
        single=f"{BOS} $A {EOS}", pair=f"{BOS} $A {EOS} $B {EOS}", special_tokens=[(BOS, vocab[BOS]), (EOS, vocab[EOS])])
    return tok
