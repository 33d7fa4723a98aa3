"""Keep README.md in step with nbs/index.ipynb where quarto (and so `nbdev-readme`) is not available, with every result
table in it rendered from the committed result files of nbs/tutorials/results by `hemocell.report.render_tables`.

    python .ci/readme.py           # re-render the tables in nbs/index.ipynb, then write README.md from it
    python .ci/readme.py --check   # exit 1 when either would change: a table typed by hand, or a stale README

BENCHMARKS.md's `<!-- bench: FILE.json -->` … `<!-- /bench -->` blocks are rendered the same way, from the committed
`hemocell-bench --json` file they name, by `hemocell.bench.bench_table` (`bench/predict_memory.py`'s JSON by
`hemocell.bench.memory_table`)."""
import json, re, sys
from pathlib import Path
from hemocell.report import render_tables
from hemocell.bench import bench_table, memory_table
root = Path(__file__).resolve().parent.parent
index, results, readme = root/'nbs'/'index.ipynb', root/'nbs'/'tutorials'/'results', root/'README.md'
nb = json.loads(index.read_text())
stale = []
for c in nb['cells']:
    if c['cell_type'] != 'markdown': continue
    src = ''.join(c['source']); new = render_tables(src, results)
    if new != src: stale.append(src[:60]); c['source'] = new.splitlines(True)
bench_md = root/'BENCHMARKS.md'
bench_old = bench_md.read_text()
bench_new = re.sub(r'(<!-- bench: (\S+) -->\n).*?(<!-- /bench -->)', lambda m: m.group(1) + (lambda d: memory_table(d) if 'peak_ratio' in d else bench_table(d))(json.loads((root/m.group(2)).read_text())) + '\n' + m.group(3), bench_old, flags=re.S)
text = '\n\n'.join(''.join(c['source']).strip() for c in nb['cells'] if c['cell_type'] == 'markdown') + '\n'
if '--check' in sys.argv:
    if stale: sys.exit(f'nbs/index.ipynb has result tables that differ from nbs/tutorials/results: run python .ci/readme.py')
    if readme.read_text() != text: sys.exit('README.md differs from nbs/index.ipynb: run python .ci/readme.py')
    if bench_new != bench_old: sys.exit('BENCHMARKS.md has a bench table that differs from its JSON: run python .ci/readme.py')
else:
    if stale: index.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    readme.write_text(text)
    if bench_new != bench_old: bench_md.write_text(bench_new)
