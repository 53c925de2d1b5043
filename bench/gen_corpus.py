"""Generate the benchmark corpus: realistic, clean syncdsl configs, always the same bytes.

The corpus is meant to lint clean, so the benchmark measures the cost of checking a
correct config (the common case in CI and pre-commit), not of rendering findings.
Every file therefore follows SPEC section 1 and avoids every rule of section 2:

- mount paths are unique and never nested (fixed-width ids, so no path is another's prefix);
- context ids are unique; every named policy is used by a context or by ``extends``;
- ``archive_exclude_paths`` only under ``upload_mode: Archive`` (never overridden to File
  in a child), relative, wildcard-free; recycle paths absolute and wildcard-free;
- white list paths are relative to the mount path and excludes relative to their white list
  path (README, "Paths inside a policy"); regex paths are marked ``is_path_regex: true`` and compile;
- ``extract: false`` only with ``delete_src_file`` and ``extract_current_folder`` false;
- ``mapping_policy.path`` is a Windows path, never the context's own mount path.

The output is also yamllint-clean (``-d relaxed``): lines under 80 columns, indented
sequences, no trailing spaces, so no tool pays for printing problems.

Layout (under ``bench/corpus/``, git-ignored):
    small/wsNNNNN.sync.yaml   1,000 files of about 60 lines
    large-5k.sync.yaml        exactly 5,000 lines
    large-50k.sync.yaml       exactly 50,000 lines
    MANIFEST.json             seed, generator version, line counts (used to skip regeneration)

Usage: python bench/gen_corpus.py [--out DIR] [--seed N] [--files N] [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from pathlib import Path

# Any edit to this file changes the corpus identity, so a stale corpus is rebuilt.
GENERATOR_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
DEFAULT_SEED = 20240611
DEFAULT_OUT = Path(__file__).resolve().parent / "corpus"
SMALL_FILES = 1000
LARGE_SIZES = {"large-5k.sync.yaml": 5_000, "large-50k.sync.yaml": 50_000}

LIFECYCLES = (
    "Lifecycle_1Day",
    "Lifecycle_3Days",
    "Lifecycle_5Days",
    "Lifecycle_10Days",
    "Lifecycle_15Days",
    "Lifecycle_30Days",
    "Lifecycle_90Days",
    "Lifecycle_180Days",
    "Lifecycle_360Days",
    "Lifecycle_Forever",
)
TEAMS = ("data", "ml", "web", "infra", "qa", "research", "mobile", "billing")
MOUNTS = ("src", "notebooks", "models", "datasets", "logs", "reports", "assets", "build", "home")
ARCHIVE_EXCLUDES = ("node_modules", ".cache", "tmp", ".git", "dist", "checkpoints", "__pycache__")
SCRATCH_DIRS = ("cache", "tmp", "scratch", "downloads")
LOG_DIRS = ("debug", "trace", "rotated", "archive")
COMMENTS = (
    "Keep this list in sync with the workspace README.",
    "Reviewed by the platform team; ask before loosening.",
    "Large binary outputs are archived to save upload time.",
    "Short retention: these files are rebuilt on every run.",
    "Do not mount anything under the cache directory.",
    "Owned by the on-call rotation.",
)


class Unit:
    """One workspace: a family of named policies and the contexts that use them.

    A unit is self-contained (its policies are used only by its own contexts), so
    units can be concatenated into one large document without breaking any rule.
    """

    def __init__(self, ws: int, rng: random.Random, ctx_counter: list[int]) -> None:
        self.ws = ws
        self.rng = rng
        self.ctx_counter = ctx_counter
        self.root = f"/home/wuying/ws-{ws:05d}"
        self.team = rng.choice(TEAMS)
        self.policies: list[str] = []
        self.contexts: list[str] = []
        self._build()

    def _context_id(self) -> str:
        self.ctx_counter[0] += 1
        return f"SdkCtx-{self.ctx_counter[0]:06x}{self.rng.getrandbits(24):06x}"

    def _build(self) -> None:
        rng, ws, root = self.rng, self.ws, self.root
        base, strict, logs, plain = (f"{n}-{ws:05d}" for n in ("base", "strict", "logs", "plain"))
        excludes = rng.sample(ARCHIVE_EXCLUDES, rng.randint(1, 3))
        p = self.policies
        p += [
            f"  # Shared defaults for the {self.team} workspace {ws:05d}.",
            f"  {base}:",
            "    upload_policy:",
            "      auto_upload: true",
            "      upload_mode: Archive",
            f"      archive_exclude_paths: [{', '.join(excludes)}]",
            "    download_policy:",
            "      auto_download: true",
            "      download_strategy: DownloadAsync",
            "    recycle_policy:",
            f"      lifecycle: {rng.choice(LIFECYCLES)}",
            "      paths:",
            *(f"        - {root}/{d}" for d in rng.sample(SCRATCH_DIRS, rng.randint(1, 3))),
            f"  # {rng.choice(COMMENTS)}",
            f"  {strict}:",
            f"    extends: {base}",
            "    delete_policy: {sync_local_file: false}",
            "    extract_policy:",
        ]
        if rng.random() < 0.5:
            p += ["      extract: true", "      delete_src_file: false", "      extract_current_folder: true"]
        else:
            p += ["      extract: false", "      delete_src_file: false", "      extract_current_folder: false"]
        log_dir = f"{root}/logs"
        p += [
            f"  {logs}:",
            f"    extends: {strict}",
            "    bw_list:",
            "      white_lists:",
            "        - path: /current",  # relative to the mount (the logs folder)
            "          exclude_paths:",  # relative to the white list path
            *(f"            - /{d}" for d in rng.sample(LOG_DIRS, rng.randint(1, 3))),
            "        - path: '.*\\.(csv|parquet)$'",
            "          is_path_regex: true",
            f"    mapping_policy: {{path: 'C:\\Users\\agent\\ws-{ws:05d}\\logs'}}",
            "  # Plain file uploads, no archiving.",
            f"  {plain}:",
            "    upload_policy:",
            "      upload_mode: File",
            "    recycle_policy:",
            f"      lifecycle: {rng.choice(LIFECYCLES)}",
            "      paths: ['']",
        ]
        mounts = rng.sample([m for m in MOUNTS if m != "logs"], 3)
        c = self.contexts
        c += [
            f"  # {self.team} workspace {ws:05d}: sources and generated outputs.",
            f"  - context_id: {self._context_id()}",
            f"    path: {root}/{mounts[0]}",
            f"    policy: {strict}",
            f"  - context_id: {self._context_id()}",
            f"    path: {log_dir}",
            f"    policy: {logs}",
            f"  - context_id: {self._context_id()}",
            f"    path: {root}/{mounts[1]}",
            f"    policy: {plain}",
            "    beta_wait_for_completion: true",
            f"  - context_id: {self._context_id()}",
            f"    path: {root}/{mounts[2]}",
            "    policy:  # inline: archive like the base, but never auto-download",
            f"      extends: {base}",
            "      download_policy: {auto_download: false}",
            f"    beta_wait_for_completion: {rng.choice(('true', 'false'))}",
        ]
        if rng.random() < 0.5:
            c += [
                "  # Read-only reference data: no policy, so the SDK sends none.",
                f"  - context_id: {self._context_id()}",
                f"    path: {root}/reference",
            ]

    def __len__(self) -> int:
        return len(self.policies) + len(self.contexts)


def _header(title: str) -> list[str]:
    return [f"# {title}", "# Generated by bench/gen_corpus.py: do not edit by hand.", "version: 1", ""]


def render(units: list[Unit], title: str, filler: list[str] | None = None) -> str:
    lines = _header(title) + ["policies:"]
    for u in units:
        lines += u.policies
    lines += ["", "contexts:"]
    for u in units:
        lines += u.contexts
    lines += filler or []
    return "\n".join(lines) + "\n"


FIXED_LINES = len(_header("")) + 3  # header, "policies:", blank line, "contexts:"


def large_file(target: int, first_ws: int, rng: random.Random, counter: list[int]) -> tuple[str, int]:
    """Exactly ``target`` lines: whole units, then 3-line contexts, then comments to pad."""
    units: list[Unit] = []
    used = FIXED_LINES
    ws = first_ws
    while True:
        unit = Unit(ws, rng, counter)
        if used + len(unit) > target - 6:
            break
        units.append(unit)
        used += len(unit)
        ws += 1
    filler: list[str] = []
    extra = 0
    while used + len(filler) + 3 <= target:
        # A workspace mount with no policy: the SDK sends none.
        extra += 1
        filler += [
            f"  - context_id: SdkCtx-{counter[0] + 1:06x}{rng.getrandbits(24):06x}",
            f"    path: /home/wuying/extra-{first_ws:05d}-{extra:05d}",
            "    beta_wait_for_completion: false",
        ]
        counter[0] += 1
    while used + len(filler) < target:
        filler.append("  # end of generated contexts")
    return render(units, f"{target:,}-line benchmark config ({len(units)} workspaces)", filler), ws


def generate(out: Path, seed: int, files: int) -> dict[str, object]:
    rng = random.Random(seed)
    counter = [0]
    if out.exists():
        shutil.rmtree(out)
    (out / "small").mkdir(parents=True)
    small_lines = 0
    for i in range(files):
        unit = Unit(i, rng, counter)
        text = render([unit], f"Context sync for the {unit.team} team, workspace {i:05d}.")
        (out / "small" / f"ws{i:05d}.sync.yaml").write_text(text, encoding="utf-8")
        small_lines += text.count("\n")
    line_counts: dict[str, int] = {}
    next_ws = files
    for name, target in LARGE_SIZES.items():
        text, next_ws = large_file(target, next_ws, rng, counter)
        (out / name).write_text(text, encoding="utf-8")
        line_counts[name] = text.count("\n")
    manifest: dict[str, object] = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "small_files": files,
        "small_lines_total": small_lines,
        "large_lines": line_counts,
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def is_current(out: Path, seed: int = DEFAULT_SEED, files: int = SMALL_FILES) -> bool:
    """True when ``out`` already holds the corpus this generator would write."""
    try:
        manifest = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    expected = {"generator_version": GENERATOR_VERSION, "seed": seed, "small_files": files}
    if any(manifest.get(k) != v for k, v in expected.items()):
        return False
    return len(list((out / "small").glob("*.sync.yaml"))) == files and all((out / n).is_file() for n in LARGE_SIZES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--files", type=int, default=SMALL_FILES)
    parser.add_argument("--force", action="store_true", help="regenerate even if the corpus is current")
    args = parser.parse_args(argv)
    if not args.force and is_current(args.out, args.seed, args.files):
        print(f"corpus in {args.out} is current (seed {args.seed})")
        return 0
    manifest = generate(args.out, args.seed, args.files)
    print(f"wrote corpus to {args.out}: {json.dumps(manifest)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
