"""Plot time versus file size for syncdsl and the tools it is compared with: ``bench/plot.png``.

Reads ``bench/out/results.json``, written by ``bench/run.py`` (``make bench``), and draws two panels
on log-log axes, both against the number of lines in the file:

- command line: the wall time of one fresh process linting one file (``syncdsl lint``,
  ``yamllint -d relaxed``, ``check-jsonschema`` with syncdsl's schema);
- editor: the time from an edit (``didChange``) to the diagnostics for it, debounce included
  (``syncdsl lsp``, yaml-language-server with syncdsl's schema).

Usage: python bench/plot.py [--results bench/out/results.json] [--out bench/plot.png]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "out" / "results.json"
PNG = BENCH / "plot.png"

CLI_LABELS = {"syncdsl": "syncdsl lint", "yamllint": "yamllint -d relaxed", "check-jsonschema": "check-jsonschema"}
LSP_LABELS = {"syncdsl": "syncdsl lsp", "yaml-ls": "yaml-language-server"}
STYLE = {
    "syncdsl": ("tab:blue", "o"),
    "yamllint": ("tab:orange", "s"),
    "check-jsonschema": ("tab:green", "^"),
    "yaml-ls": ("tab:red", "D"),
}


def _series(per_size: dict[str, float]) -> tuple[list[int], list[float]]:
    points = sorted((int(n), seconds * 1000) for n, seconds in per_size.items())
    return [n for n, _ in points], [ms for _, ms in points]


def plot(data: dict[str, Any], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter

    lsp = data.get("lsp") or {}
    panels = [("Command line: lint one file (fresh process)", data.get("sweep") or {}, CLI_LABELS)]
    if lsp.get("sizes"):
        panels.append(("Editor: edit → diagnostics (debounce included)", lsp["sizes"], LSP_LABELS))
    fig, axes = plt.subplots(1, len(panels), figsize=(6.2 * len(panels), 4.6), squeeze=False)
    thousands = FuncFormatter(lambda x, _: f"{x:,.0f}")
    for ax, (title, series, labels) in zip(axes[0], panels, strict=True):
        for key, label in labels.items():
            if key not in series or not series[key]:
                continue
            xs, ys = _series(series[key])
            color, marker = STYLE[key]
            ax.plot(xs, ys, marker=marker, color=color, label=label, linewidth=1.8)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.xaxis.set_major_formatter(thousands)
        ax.yaxis.set_major_formatter(thousands)
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("lines in the file")
        ax.set_ylabel("milliseconds (median)")
        ax.set_title(title, fontsize=11)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=9)
    machine = (lsp.get("machine") or {}) if lsp else {}
    note = f"nproc {machine.get('nproc', '?')}, {machine.get('cpu', '')}; lower is better"
    fig.suptitle(f"syncdsl vs. the tools a user would pick instead ({note})", fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--out", type=Path, default=PNG)
    args = parser.parse_args(argv)
    try:
        data = json.loads(args.results.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"cannot read {args.results} ({exc}): run `make bench` first", file=sys.stderr)
        return 2
    if not data.get("sweep"):
        print(f"{args.results} has no file-size sweep (run without --no-sizes)", file=sys.stderr)
        return 2
    plot(data, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
