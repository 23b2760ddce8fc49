"""Checks a `voicetrain dataset build` directory with the real consumers of each format.

    python tests/python/dataset_consumers.py DIR [--format openai|hf|mlx|alpaca|text]

The format defaults to the manifest's. Prints one JSON object on stdout:

    {"ok": bool, "format": "openai", "problems": ["train.jsonl:3: missing_content: ...", ...],
     "splits": {"train": {"examples": N, "tokens": N}, "valid": {...}, "test": {...}},
     "checked": ["manifest", "tokens", ...]}

and exits 0 if ok, 1 if not (2 for bad arguments). A problem is `FILE:LINE: what`, FILE relative
to DIR; LINE 0 means the file as a whole (missing, too big, too few examples).

What is checked, and whose rules:
- manifest.json against the files: examples and tokens per split, tokens.total and tokens.max,
  max <= max_tokens. Tokens are counted with Python tiktoken, `get_encoding(manifest tokenizer)`,
  as OpenAI's cookbook counts a chat example (num_tokens_from_messages: 3 a message plus the
  tokens of each of its string values, 1 more for a `name`, plus 3 for the reply); completion
  examples by prompt + completion (alpaca: instruction + input + output); text by the text.
  Every example is counted.
- openai: the format checks of OpenAI's cookbook notebook examples/Chat_finetuning_data_prep.ipynb
  (error names kept: data_type, missing_messages_list, message_missing_key,
  message_unrecognized_key, unrecognized_role, missing_content,
  example_missing_assistant_message), plus the fine-tuning API's limits: `weight` only 0 or 1,
  at least 10 training examples, no example over max_tokens, files under 512 MB. Legacy
  completion datasets: `{"prompt", "completion"}`, both non-empty strings, nothing else.
- hf: `datasets.load_dataset(DIR)` (offline, cache in a temp dir): split names, row counts and
  columns; the README.md card's YAML (configs, data_files, language, task_categories,
  size_categories matching the example count).
- mlx: what mlx-lm's loader (mlx_lm/tuner/datasets.py, load_local_dataset/create_dataset) does
  with `--data DIR`: json.loads on every line of train/valid/test.jsonl (a missing one is an
  empty split; train.jsonl is needed to train), the line format
  detected from the first line (prompt+completion, else messages, else text) and required of
  every line; a file that exists but is empty makes the loader fail (it reads data[0]).
- alpaca: `{"instruction", "input", "output"}` strings, nothing else, output non-empty.
- text: each example followed by a line `<|endoftext|>`, no example empty.

Needs tiktoken (offline: scripts/test puts OpenAI's BPE files in .venv/tiktoken-cache and sets
TIKTOKEN_CACHE_DIR; without the variable, that directory of the running venv is used) and, for
hf, datasets (which brings PyYAML).
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import tiktoken

# scripts/test puts OpenAI's BPE files in the venv (tiktoken cannot download them here).
if "TIKTOKEN_CACHE_DIR" not in os.environ and (Path(sys.prefix) / "tiktoken-cache").is_dir():
    os.environ["TIKTOKEN_CACHE_DIR"] = str(Path(sys.prefix) / "tiktoken-cache")

FORMATS = ("openai", "hf", "mlx", "alpaca", "text")
SPLITS = ("train", "valid", "test")  # the manifest's split names
HF_SPLIT = {"train": "train", "valid": "validation", "test": "test"}
EOT = "<|endoftext|>"
MAX_FILE_BYTES = 512 * 1024 * 1024  # OpenAI Files API: 512 MB a file
MIN_TRAIN_EXAMPLES = 10  # OpenAI fine-tuning: at least 10 examples

# OpenAI cookbook, Chat_finetuning_data_prep.ipynb.
MESSAGE_KEYS = ("role", "content", "name", "function_call", "weight")
ROLES = ("system", "user", "assistant", "function")


class Report:
    def __init__(self, fmt):
        self.format = fmt
        self.problems = []
        self.checked = []
        self.splits = {}

    def problem(self, file, line, what):
        self.problems.append(f"{file}:{line}: {' '.join(what.split())}")  # one line each

    def ran(self, name):
        if name not in self.checked:
            self.checked.append(name)

    def as_json(self):
        return {
            "ok": not self.problems,
            "format": self.format,
            "problems": self.problems,
            "splits": self.splits,
            "checked": self.checked,
        }


# ---------------------------------------------------------------- reading files


def read_lines(path, name, report):
    """The file's lines (split on \\n only, as Python's file iteration and serde do), numbered
    from 1, or None if it is missing or not UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        report.problem(name, line, f"not UTF-8 ({e.reason})")
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    return list(enumerate(lines, 1))


def read_jsonl(path, name, report):
    """[(line number, object)] for every line: a line that is not one JSON object (blank lines
    included: json.loads, as every consumer calls it, rejects them) is a problem, and has None."""
    lines = read_lines(path, name, report)
    if lines is None:
        return None
    rows = []
    for n, line in lines:
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            report.problem(name, n, f"not JSON: {e.msg} (column {e.colno})")
            rows.append((n, None))
            continue
        if not isinstance(obj, dict):
            # The cookbook's data_type check.
            report.problem(name, n, f"data_type: the line is a JSON {type(obj).__name__}, not an object")
            rows.append((n, None))
            continue
        rows.append((n, obj))
    return rows


def read_text_examples(path, name, report):
    """[(line number where the example starts, text)] from a text-format file: each example is
    followed by a line `<|endoftext|>`."""
    lines = read_lines(path, name, report)
    if lines is None:
        return None
    examples = []
    start, buf = None, []
    for n, line in lines:
        if line == EOT:
            if not buf or not "\n".join(buf).strip():
                report.problem(name, n, "empty example before <|endoftext|>")
            else:
                examples.append((start, "\n".join(buf)))
            start, buf = None, []
        else:
            if start is None:
                start = n
            buf.append(line)
    if buf:
        report.problem(name, start, "example not followed by a line <|endoftext|>")
    return examples


# ---------------------------------------------------------------- token counting


def count_tokens(enc, example):
    """Tokens of one example as the contract (and OpenAI's cookbook) counts them."""
    def n(s):
        return len(enc.encode(s, disallowed_special=()))

    if "messages" in example:
        total = 0
        for message in example["messages"]:
            total += 3
            for key, value in message.items():
                if isinstance(value, str):  # role, content, name (not weight, function_call)
                    total += n(value)
                if key == "name":
                    total += 1
        return total + 3
    if "instruction" in example:
        return n(example["instruction"]) + n(example["input"]) + n(example["output"])
    if "prompt" in example:
        return n(example["prompt"]) + n(example["completion"])
    return n(example["text"])


def countable(example):
    """Whether count_tokens can count this example (whatever else is wrong with it)."""
    if not isinstance(example, dict):
        return False
    if "messages" in example:
        return isinstance(example["messages"], list) and all(
            isinstance(m, dict) for m in example["messages"]
        )
    if "instruction" in example:
        return all(isinstance(example.get(k), str) for k in ("instruction", "input", "output"))
    if "prompt" in example:
        return isinstance(example["prompt"], str) and isinstance(example.get("completion"), str)
    return isinstance(example.get("text"), str)


# ---------------------------------------------------------------- the manifest


def line_of(text, key):
    """The line of manifest.json where `"key"` first appears (1 if it does not)."""
    needle = json.dumps(key)
    for n, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return n
    return 1


def load_manifest(root, report):
    report.ran("manifest")
    path = root / "manifest.json"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.problem("manifest.json", 0, "missing")
        return None, ""
    except UnicodeDecodeError:
        report.problem("manifest.json", 0, "not UTF-8")
        return None, ""
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as e:
        report.problem("manifest.json", e.lineno, f"not JSON: {e.msg}")
        return None, text
    if not isinstance(manifest, dict):
        report.problem("manifest.json", 1, "not a JSON object")
        return None, text
    for key in ("format", "style", "tokenizer", "max_tokens", "splits", "examples", "tokens"):
        if key not in manifest:
            report.problem("manifest.json", 1, f'no "{key}"')
    return manifest, text


def check_manifest_counts(manifest, text, counts, report):
    """counts: {split: [tokens of each example]}, from the files."""
    report.ran("manifest.counts")
    splits = manifest.get("splits")
    if not isinstance(splits, dict):
        report.problem("manifest.json", line_of(text, "splits"), '"splits" is not an object')
        splits = {}
    for split in SPLITS:
        have = counts.get(split, [])
        entry = splits.get(split)
        if entry is None:
            if have:
                report.problem("manifest.json", line_of(text, "splits"),
                               f'no splits.{split}, but its file has {len(have)} examples')
            continue
        line = line_of(text, split)
        if not isinstance(entry, dict):
            report.problem("manifest.json", line, f"splits.{split} is not an object")
            continue
        if entry.get("examples") != len(have):
            report.problem("manifest.json", line,
                           f"splits.{split}.examples is {entry.get('examples')!r}, the file has {len(have)}")
        if entry.get("tokens") != sum(have):
            report.problem("manifest.json", line,
                           f"splits.{split}.tokens is {entry.get('tokens')!r}, counted {sum(have)}")
        samples = entry.get("samples")
        if not isinstance(samples, int) or samples > len(have) or (have and samples < 1):
            report.problem("manifest.json", line,
                           f"splits.{split}.samples is {samples!r} for {len(have)} examples "
                           "(a sample makes one or more examples)")

    every = [t for split in SPLITS for t in counts.get(split, [])]
    if manifest.get("examples") != len(every):
        report.problem("manifest.json", line_of(text, "examples"),
                       f'"examples" is {manifest.get("examples")!r}, the files have {len(every)}')
    tokens = manifest.get("tokens")
    if not isinstance(tokens, dict):
        report.problem("manifest.json", line_of(text, "tokens"), '"tokens" is not an object')
        return
    line = line_of(text, "total")
    if tokens.get("total") != sum(every):
        report.problem("manifest.json", line,
                       f"tokens.total is {tokens.get('total')!r}, counted {sum(every)}")
    biggest = max(every, default=0)
    if tokens.get("max") != biggest:
        report.problem("manifest.json", line_of(text, "max"),
                       f"tokens.max is {tokens.get('max')!r}, the largest example has {biggest}")
    for p in ("p50", "p95"):
        v = tokens.get(p)
        if not isinstance(v, (int, float)) or (every and not min(every) <= v <= biggest):
            report.problem("manifest.json", line_of(text, p),
                           f"tokens.{p} is {v!r}, outside the examples' range {min(every, default=0)}..{biggest}")
    if isinstance(tokens.get("p50"), (int, float)) and isinstance(tokens.get("p95"), (int, float)):
        if tokens["p50"] > tokens["p95"]:
            report.problem("manifest.json", line_of(text, "p95"), "tokens.p50 is above tokens.p95")
    max_tokens = manifest.get("max_tokens")
    if not isinstance(max_tokens, int):
        report.problem("manifest.json", line_of(text, "max_tokens"), f"max_tokens is {max_tokens!r}")
    elif biggest > max_tokens:
        report.problem("manifest.json", line_of(text, "max_tokens"),
                       f"the largest example has {biggest} tokens, over max_tokens {max_tokens}")


def tally(enc, name, rows, max_tokens, report, keys=None):
    """The tokens of every example of a file (0 for one too broken to count: it has its problem
    already), each checked against the manifest's max_tokens (OpenAI truncates longer ones).
    keys: count only these fields (mlx ignores the others)."""
    report.ran("tokens.max_tokens")
    tokens = []
    for n, ex in rows:
        if keys and isinstance(ex, dict):
            ex = {k: ex[k] for k in keys if k in ex}
        t = count_tokens(enc, ex) if countable(ex) else 0
        if isinstance(max_tokens, int) and t > max_tokens:
            report.problem(name, n, f"{t} tokens, over max_tokens {max_tokens}")
        tokens.append(t)
    return tokens


# ---------------------------------------------------------------- openai


def check_openai_chat(name, rows, report):
    """The cookbook's format checks, one problem per error (it counts them), plus weight 0|1."""
    report.ran("openai.cookbook_format")
    report.ran("openai.weight")
    for n, ex in rows:
        if ex is None:
            continue
        messages = ex.get("messages")
        if not messages:
            report.problem(name, n, "missing_messages_list: no messages, or an empty list")
            continue
        if not isinstance(messages, list):
            report.problem(name, n, f"missing_messages_list: messages is a {type(messages).__name__}, not a list")
            continue
        for i, m in enumerate(messages):
            where = f"messages[{i}]"
            if not isinstance(m, dict):
                report.problem(name, n, f"{where} is not an object")
                continue
            if "role" not in m or "content" not in m:
                report.problem(name, n, f"message_missing_key: {where} has no role or no content")
            extra = [k for k in m if k not in MESSAGE_KEYS]
            if extra:
                report.problem(name, n, f"message_unrecognized_key: {where} has {', '.join(extra)}")
            if m.get("role") not in ROLES:
                report.problem(name, n, f"unrecognized_role: {where} role {m.get('role')!r}")
            content = m.get("content")
            if (not content and not m.get("function_call")) or not isinstance(content, str):
                report.problem(name, n, f"missing_content: {where} content {short(content)} is not a non-empty string")
            if "weight" in m and not (type(m["weight"]) is int and m["weight"] in (0, 1)):
                report.problem(name, n, f"{where} weight {m['weight']!r}: only 0 or 1")
        if not any(isinstance(m, dict) and m.get("role") == "assistant" for m in messages):
            report.problem(name, n, "example_missing_assistant_message")


def check_prompt_completion(name, rows, report, check):
    """Legacy OpenAI completions (and mlx/hf completion style): exactly prompt and completion,
    both non-empty strings."""
    report.ran(check)
    for n, ex in rows:
        if ex is None:
            continue
        keys = set(ex)
        if keys != {"prompt", "completion"}:
            report.problem(name, n, f"keys {sorted(keys)}, expected exactly prompt and completion")
            continue
        bad = [k for k in ("prompt", "completion") if not isinstance(ex[k], str) or not ex[k]]
        if bad:
            report.problem(name, n, f"{' and '.join(bad)} not a non-empty string")


def check_file_size(root, name, report):
    report.ran("file_size")
    path = root / name
    if path.exists() and path.stat().st_size >= MAX_FILE_BYTES:
        report.problem(name, 0, f"{path.stat().st_size} bytes, not under 512 MB")


def check_openai(root, manifest, report, enc):
    style = manifest.get("style", "chat")
    counts = {}
    # test.jsonl is not in the contract's list for openai; checked if there.
    for split, name, rows in split_files(root, manifest, report, "jsonl", read_jsonl):
        check_file_size(root, name, report)
        if style == "completion":
            check_prompt_completion(name, rows, report, "openai.legacy_completion")
        elif style == "chat":
            check_openai_chat(name, rows, report)
        else:
            report.problem(name, 0, f"style {style!r}: OpenAI fine-tuning takes chat (or legacy prompt/completion) lines")
        counts[split] = tally(enc, name, rows, manifest.get("max_tokens"), report)
        if split == "train":
            report.ran("openai.min_examples")
            if len(rows) < MIN_TRAIN_EXAMPLES:
                report.problem(name, 0, f"{len(rows)} examples; OpenAI needs at least {MIN_TRAIN_EXAMPLES}")
    return counts


# ---------------------------------------------------------------- mlx


def detect_mlx_format(example):
    """mlx-lm's create_dataset, on the first line: prompt+completion wins, then messages, then
    text (default feature names)."""
    if "prompt" in example and "completion" in example:
        return "completions"
    if "messages" in example:
        return "chat"
    if "text" in example:
        return "text"
    return None


MLX_KEYS = {"completions": ("prompt", "completion"), "chat": ("messages",), "text": ("text",)}
MLX_STYLE = {"chat": "chat", "completion": "completions", "text": "text"}


def check_mlx(root, manifest, report, enc):
    report.ran("mlx.loader")
    style = manifest.get("style", "chat")
    counts = {}
    for split in SPLITS:
        name = f"{split}.jsonl"
        rows = read_jsonl(root / name, name, report)
        if rows is None:
            # load_subset returns [] for a file that is not there; training needs train.jsonl.
            if split == "train":
                report.problem(name, 0, "missing (mlx-lm --data DIR trains on train.jsonl)")
            continue
        counts[split] = []
        if not rows:
            report.problem(name, 0, "empty: mlx-lm's loader fails on an existing empty file "
                           "(create_dataset reads data[0]: IndexError), whatever the command")
            continue
        if any(ex is None for _, ex in rows):
            # The loader's json.loads raises on that line; nothing more it would check.
            counts[split] = tally(enc, name, rows, manifest.get("max_tokens"), report)
            continue
        n0, first = rows[0]
        fmt = detect_mlx_format(first)
        if fmt is None:
            report.problem(name, n0, "mlx-lm: unsupported data format (no prompt+completion, messages or text)")
            counts[split] = [0] * len(rows)
            continue
        if MLX_STYLE.get(style) != fmt:
            report.problem(name, n0, f"mlx-lm reads this as {fmt}, but the manifest's style is {style!r}")
        for n, ex in rows:
            missing = [k for k in MLX_KEYS[fmt] if k not in ex]
            if missing:
                report.problem(name, n, f"mlx-lm read the file as {fmt} (from line {n0}); this line has no {', '.join(missing)}")
            elif fmt == "chat":
                check_chat_messages(name, n, ex["messages"], report)
            elif fmt == "completions":
                bad = [k for k in ("prompt", "completion") if not isinstance(ex[k], str) or not ex[k]]
                if bad:
                    report.problem(name, n, f"{' and '.join(bad)} not a non-empty string")
            elif not isinstance(ex["text"], str) or not ex["text"].strip():
                report.problem(name, n, "text not a non-empty string")
        counts[split] = tally(enc, name, rows, manifest.get("max_tokens"), report, MLX_KEYS[fmt])
    return counts


def short(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def check_chat_messages(name, n, messages, report):
    """messages as chat templates take them: a non-empty list of {role, content} with
    system/user/assistant roles, non-empty string contents, an assistant turn."""
    if not isinstance(messages, list) or not messages:
        report.problem(name, n, "messages is not a non-empty list")
        return False
    ok = True
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or not isinstance(m.get("role"), str) or not isinstance(m.get("content"), str):
            report.problem(name, n, f"messages[{i}] is not {{role, content}} strings")
            ok = False
            continue
        if m["role"] not in ("system", "user", "assistant"):
            report.problem(name, n, f"messages[{i}] role {m['role']!r}")
            ok = False
        if not m["content"]:
            report.problem(name, n, f"messages[{i}] content is empty")
            ok = False
    if not any(isinstance(m, dict) and m.get("role") == "assistant" for m in messages):
        report.problem(name, n, "no assistant message")
        ok = False
    return ok


# ---------------------------------------------------------------- alpaca


def check_alpaca(root, manifest, report, enc):
    report.ran("alpaca.fields")
    counts = {}
    for split, name, rows in split_files(root, manifest, report, "jsonl", read_jsonl):
        for n, ex in rows:
            if ex is None:
                continue
            keys = set(ex)
            if keys != {"instruction", "input", "output"}:
                report.problem(name, n, f"keys {sorted(keys)}, expected exactly instruction, input, output")
                continue
            bad = [k for k in ("instruction", "input", "output") if not isinstance(ex[k], str)]
            if bad:
                report.problem(name, n, f"{', '.join(bad)} not a string")
            elif not ex["output"]:
                report.problem(name, n, "output is empty")
        counts[split] = tally(enc, name, rows, manifest.get("max_tokens"), report)
    return counts


# ---------------------------------------------------------------- text


def check_text(root, manifest, report, enc):
    report.ran("text.endoftext")
    counts = {}
    for split, name, examples in split_files(root, manifest, report, "txt", read_text_examples):
        rows = [(n, {"text": t}) for n, t in examples]
        counts[split] = tally(enc, name, rows, manifest.get("max_tokens"), report)
    return counts


# ---------------------------------------------------------------- hf


def size_category(n):
    """The Hub's size_categories bucket for n examples (a bound itself goes to the bucket above:
    1000 examples is 1K<n<10K)."""
    buckets = ["n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M",
               "100M<n<1B", "1B<n<10B", "10B<n<100B", "100B<n<1T"]
    limit = 1000
    for bucket in buckets:
        if n < limit:
            return bucket
        limit *= 10
    return "n>1T"


def read_card(root, report):
    """The YAML front matter of README.md, or None."""
    import yaml

    report.ran("hf.card")
    try:
        text = (root / "README.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        report.problem("README.md", 0, "missing (the dataset card)")
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report.problem("README.md", 1, "no YAML front matter (the card must start with ---)")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        report.problem("README.md", 1, "the YAML front matter has no closing ---")
        return None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        report.problem("README.md", (mark.line + 2) if mark else 1, f"YAML: {e}")
        return None
    if not isinstance(meta, dict):
        report.problem("README.md", 2, "the front matter is not a YAML mapping")
        return None
    meta["__lines__"] = lines[1:end]
    return meta


def card_line(meta, key):
    for i, line in enumerate(meta["__lines__"], 2):
        if line.startswith(f"{key}:") or line.lstrip().startswith(f"{key}:"):
            return i
    return 1


def check_card(root, meta, total, report):
    for key in ("configs", "language", "task_categories", "size_categories"):
        if not meta.get(key):
            report.problem("README.md", 1, f"the card has no {key}")
    configs = meta.get("configs") or []
    if not isinstance(configs, list) or not all(isinstance(c, dict) for c in configs):
        report.problem("README.md", card_line(meta, "configs"), "configs is not a list of mappings")
        configs = []
    for c in configs:
        files = c.get("data_files")
        if not files:
            report.problem("README.md", card_line(meta, "configs"),
                           f"config {c.get('config_name')!r} has no data_files")
            continue
        entries = files if isinstance(files, list) else [files]
        for e in entries:
            paths = e.get("path") if isinstance(e, dict) else e
            for p in paths if isinstance(paths, list) else [paths]:
                if isinstance(p, str) and "*" not in p and not (root / p).exists():
                    report.problem("README.md", card_line(meta, "data_files"), f"data_files path {p} does not exist")
    sizes = meta.get("size_categories")
    sizes = sizes if isinstance(sizes, list) else [sizes]
    want = size_category(total)
    if sizes != [want]:
        report.problem("README.md", card_line(meta, "size_categories"),
                       f"size_categories {sizes!r}, but {total} examples is {want}")


def check_hf_load(root, manifest, style, report):
    """datasets.load_dataset(DIR), offline, with its cache in a temp dir."""
    report.ran("hf.load_dataset")
    with tempfile.TemporaryDirectory(prefix="voicetrain-hf-") as home:
        # datasets and huggingface_hub read these when first imported.
        os.environ["HF_HOME"] = home
        os.environ["HF_DATASETS_CACHE"] = os.path.join(home, "datasets")
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["HF_DATASETS_OFFLINE"] = "1"
        os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
        import contextlib

        import datasets

        datasets.disable_progress_bars()
        datasets.logging.set_verbosity_error()
        try:
            with contextlib.redirect_stdout(sys.stderr):  # stdout is the report's
                loaded = datasets.load_dataset(str(root), cache_dir=os.path.join(home, "datasets"))
        except Exception as e:
            report.problem("README.md", 0, f"datasets.load_dataset failed: {type(e).__name__}: {e}")
            return
        want = {HF_SPLIT[s] for s in SPLITS if split_examples(manifest, s)}
        got = set(loaded.keys())
        if got != want:
            report.problem("README.md", 0,
                           f"load_dataset gives splits {sorted(got)}, the manifest has examples in {sorted(want)}")
        columns = {"chat": ["messages"], "completion": ["completion", "prompt"], "text": ["text"]}.get(style)
        for split in SPLITS:
            hf = HF_SPLIT[split]
            if hf not in loaded:
                continue
            ds = loaded[hf]
            name = f"data/{hf}.jsonl"
            if ds.num_rows != split_examples(manifest, split):
                report.problem(name, 0, f"load_dataset gives {ds.num_rows} rows, the manifest {split_examples(manifest, split)}")
            if columns and sorted(ds.column_names) != columns:
                report.problem(name, 0, f"columns {sorted(ds.column_names)}, expected {columns}")
                continue
            if style == "chat":
                check_hf_messages(name, ds, report)


def check_hf_messages(name, ds, report):
    """messages must load as a list of {role, content} strings."""
    feature = ds.features["messages"]
    inner = getattr(feature, "feature", None)
    if isinstance(inner, dict):
        keys = {k: getattr(v, "dtype", None) for k, v in inner.items()}
    elif isinstance(feature, list) and feature and isinstance(feature[0], dict):
        keys = {k: getattr(v, "dtype", None) for k, v in feature[0].items()}
    else:
        keys = None
    if keys != {"role": "string", "content": "string"}:
        report.problem(name, 0, f"messages loads as {feature}, not a list of {{role, content}} strings")


def check_hf(root, manifest, report, enc):
    style = manifest.get("style", "chat")
    counts = {}
    for split in SPLITS:
        name = f"data/{HF_SPLIT[split]}.jsonl"
        rows = read_jsonl(root / name, name, report)
        if rows is None:
            if split != "test" or split_examples(manifest, "test"):
                report.problem(name, 0, "missing")
            continue
        if style == "chat":
            report.ran("hf.messages")
            for n, ex in rows:
                if ex is None:
                    continue
                if set(ex) != {"messages"}:
                    report.problem(name, n, f"keys {sorted(ex)}, expected messages")
                else:
                    check_chat_messages(name, n, ex["messages"], report)
        elif style == "completion":
            check_prompt_completion(name, rows, report, "hf.prompt_completion")
        else:
            report.ran("hf.text")
            for n, ex in rows:
                if ex is not None and (set(ex) != {"text"} or not isinstance(ex["text"], str) or not ex["text"]):
                    report.problem(name, n, "expected exactly a non-empty string text")
        counts[split] = tally(enc, name, rows, manifest.get("max_tokens"), report)
    meta = read_card(root, report)
    if meta is not None:
        check_card(root, meta, sum(len(t) for t in counts.values()), report)
    check_hf_load(root, manifest, style, report)
    return counts


# ---------------------------------------------------------------- main


def split_files(root, manifest, report, ext, read):
    """(split, name, what `read` made of it) for each split's file that is there; a missing one
    is a problem where the build must have written it: train always, valid and test when the
    manifest gives them examples (a split with none gets no file)."""
    for split in SPLITS:
        name = f"{split}.{ext}"
        got = read(root / name, name, report)
        if got is None:
            if split == "train" or split_examples(manifest, split):
                report.problem(name, 0, "missing")
            continue
        yield split, name, got


def split_examples(manifest, split):
    entry = (manifest.get("splits") or {}).get(split)
    return entry.get("examples", 0) if isinstance(entry, dict) else 0


CHECKS = {"openai": check_openai, "hf": check_hf, "mlx": check_mlx, "alpaca": check_alpaca, "text": check_text}


def check(root, fmt=None):
    root = Path(root)
    report = Report(fmt)
    if not root.is_dir():
        report.problem(str(root), 0, "not a directory")
        return report
    manifest, text = load_manifest(root, report)
    manifest = manifest or {}
    if fmt is None:
        fmt = manifest.get("format")
        report.format = fmt
    elif manifest.get("format") not in (None, fmt):
        report.problem("manifest.json", line_of(text, "format"), f"format is {manifest['format']!r}, checked as {fmt!r}")
    if fmt not in FORMATS:
        report.problem("manifest.json", line_of(text, "format"), f"format {fmt!r} is none of {', '.join(FORMATS)}")
        return report
    tokenizer = manifest.get("tokenizer")
    try:
        enc = tiktoken.get_encoding(tokenizer)
    except (ValueError, TypeError):
        report.problem("manifest.json", line_of(text, "tokenizer"), f"tokenizer {tokenizer!r} is not a tiktoken encoding")
        return report
    except Exception as e:  # its BPE file neither cached nor downloadable (scripts/test caches it)
        report.problem("manifest.json", line_of(text, "tokenizer"),
                       f"tiktoken cannot load {tokenizer}: {type(e).__name__} (is TIKTOKEN_CACHE_DIR set?)")
        return report
    report.ran("tokens")
    counts = CHECKS[fmt](root, manifest, report, enc)
    for split in SPLITS:
        if split in counts:
            report.splits[split] = {"examples": len(counts[split]), "tokens": sum(counts[split])}
    if manifest:
        check_manifest_counts(manifest, text, counts, report)
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--format", choices=FORMATS)
    args = parser.parse_args(argv)
    report = check(args.dir, args.format)
    json.dump(report.as_json(), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0 if not report.problems else 1


if __name__ == "__main__":
    sys.exit(main())
