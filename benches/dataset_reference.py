"""The reference Python pipeline the `dataset build` benchmark compares against.

    .venv/bin/python benches/dataset_reference.py INPUT_JSONL OUTPUT_DIR [--seed N] [--valid F]

INPUT_JSONL is what `voicetrain samples export --format jsonl` writes (one sample a line: id,
text, title, source_type, source_url, mime_type, tags, ingested_at, maybe context). It does the
job of `voicetrain dataset build --format openai --style chat` the way a Python engineer
would, with the usual libraries:

- near-duplicates: datasketch `MinHash(num_perm=128)`, `update_batch` over the UTF-8 word
  5-shingles of the lowercased text with punctuation stripped (a text of fewer than 5 words is
  one shingle), and `MinHashLSH(threshold=0.8, num_perm=128)`; samples go newest first (by
  ingested_at, then id), each is queried and then inserted unless a kept sample it matches has
  an estimated Jaccard >= 0.8, so the newest of each cluster is kept;
- examples: `{"messages": [user, assistant]}`, the user turn the sample's context if it has
  one, else `Write the document "{title}".`; the assistant turn the text itself. No chunking
  (the benchmark's samples all fit) and no PII redaction;
- tokens: tiktoken o200k_base, counted as OpenAI's cookbook counts a chat example (3 a message
  plus its role and content, plus 3 for the reply);
- split: the first 8 bytes of sha256(f"{seed}:{id}") as a fraction of 2**64, below --valid
  (0.1) to valid.jsonl, else train.jsonl, as voicetrain splits;
- output: json.dumps lines in OUTPUT_DIR/train.jsonl and valid.jsonl, and a small
  manifest.json of counts.

It prints one JSON line of wall-clock seconds per phase and in total, e.g.
{"read": 0.41, "near_dup": 9.8, "load_tokenizer": 0.4, "examples": 3.1, "split": 0.02,
 "write": 0.5, "total": 14.3, "samples": 20000, "kept": 19500, "examples_written": 19500}.

Needs tiktoken (scripts/test installs it into .venv, with OpenAI's BPE files offline in
.venv/tiktoken-cache) and datasketch, which scripts/test does not install: the benchmark runs
`.venv/bin/pip install datasketch` when `import datasketch` fails.
"""

import argparse
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

# scripts/test puts OpenAI's BPE files in the venv (tiktoken cannot download them here).
if "TIKTOKEN_CACHE_DIR" not in os.environ and (Path(sys.prefix) / "tiktoken-cache").is_dir():
    os.environ["TIKTOKEN_CACHE_DIR"] = str(Path(sys.prefix) / "tiktoken-cache")

import tiktoken
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
THRESHOLD = 0.8
SHINGLE = 5
WORD = re.compile(r"[^\W_]+")  # letters and digits; everything else separates words


def read_samples(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def shingles(text):
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return [" ".join(words).encode("utf-8")] if words else []
    return [" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)]


def drop_near_duplicates(samples):
    """The samples kept, newest of each near-duplicate cluster, and the clusters."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    minhashes = {}
    kept, clusters = [], {}
    newest_first = sorted(samples, key=lambda s: (s.get("ingested_at") or "", s["id"]), reverse=True)
    for sample in newest_first:
        grams = shingles(sample["text"])
        if not grams:
            kept.append(sample)
            continue
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch(grams)
        match = next((key for key in lsh.query(m) if m.jaccard(minhashes[key]) >= THRESHOLD), None)
        if match is not None:
            clusters.setdefault(match, [match]).append(sample["id"])
            continue
        lsh.insert(sample["id"], m)
        minhashes[sample["id"]] = m
        kept.append(sample)
    return kept, list(clusters.values())


def chat_example(sample):
    prompt = sample.get("context") or f'Write the document "{sample.get("title") or ""}".'
    return {"messages": [{"role": "user", "content": prompt}, {"role": "assistant", "content": sample["text"]}]}


def num_tokens(enc, messages):
    total = 0
    for message in messages:
        total += 3
        for value in message.values():
            total += len(enc.encode(value, disallowed_special=()))
    return total + 3


def split_of(seed, sample_id, valid):
    digest = hashlib.sha256(f"{seed}:{sample_id}".encode()).digest()
    return "valid" if int.from_bytes(digest[:8], "big") / 2**64 < valid else "train"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input_jsonl")
    parser.add_argument("output_dir")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--valid", type=float, default=0.1)
    args = parser.parse_args(argv)
    times = {}
    start = last = time.perf_counter()

    def phase(name):
        nonlocal last
        now = time.perf_counter()
        times[name] = round(now - last, 4)
        last = now

    samples = read_samples(args.input_jsonl)
    phase("read")

    kept, clusters = drop_near_duplicates(samples)
    phase("near_dup")

    enc = tiktoken.get_encoding("o200k_base")
    phase("load_tokenizer")

    examples = []
    for sample in kept:
        example = chat_example(sample)
        examples.append((sample["id"], example, num_tokens(enc, example["messages"])))
    phase("examples")

    splits = {"train": [], "valid": []}
    for sample_id, example, tokens in sorted(examples, key=lambda e: e[0]):
        splits[split_of(args.seed, sample_id, args.valid)].append((example, tokens))
    phase("split")

    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in splits.items():
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for example, _ in rows:
                f.write(json.dumps(example, ensure_ascii=False) + "\n")
    all_tokens = [t for rows in splits.values() for _, t in rows]
    manifest = {
        "format": "openai",
        "style": "chat",
        "tokenizer": "o200k_base",
        "seed": args.seed,
        "splits": {name: {"samples": len(rows), "examples": len(rows), "tokens": sum(t for _, t in rows)}
                   for name, rows in splits.items()},
        "examples": len(all_tokens),
        "tokens": {"total": sum(all_tokens), "max": max(all_tokens, default=0)},
        "near_duplicates": {"clusters": sorted(sorted(c) for c in clusters)},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    phase("write")

    times["total"] = round(time.perf_counter() - start, 4)
    times.update(samples=len(samples), kept=len(kept), examples_written=len(all_tokens))
    print(json.dumps(times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
