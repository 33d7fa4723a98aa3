"""Issue 17, item 4: does `hemocell-predict --csv` keep its memory flat on a large folder?

python bench/predict_memory.py MODEL IMAGES_FOLDER RESULTS_JSON [SIZES]
Builds folders of 1,000 and 10,000 images (SIZES, default 1000,10000) out of the images under IMAGES_FOLDER
(hard links, cycled: decoding costs what it costs for real files), runs `hemocell-predict MODEL FOLDER --csv OUT`
on each in a process of its own, and records each run's peak resident memory (the child's `ru_maxrss`), seconds
and images per second, and the peak-memory ratio of the largest to the smallest folder. The numbers go to
RESULTS_JSON; BENCHMARKS.md and the README render nothing from it by hand."""
import json, os, platform, resource, subprocess, sys, tempfile, time
from pathlib import Path

def peak_run(cmd):
    "Run `cmd` in a wrapper process; its child's peak RSS (MiB) and the wall seconds."
    code = 'import resource, subprocess, sys, time; t = time.perf_counter(); r = subprocess.run(sys.argv[1:]); ' \
           'print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, time.perf_counter() - t)'
    rc, mb, secs = subprocess.run([sys.executable, '-c', code, *map(str, cmd)], capture_output=True, text=True, check=True).stdout.splitlines()[-1].split()
    if rc != '0': sys.exit(f'{cmd}: exit {rc}')
    return float(mb), float(secs)

model, source, results = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
sizes = [int(s) for s in (sys.argv[4] if len(sys.argv) > 4 else '1000,10000').split(',')]
images = sorted(p for p in source.rglob('*') if p.suffix.lower() in ('.jpg', '.jpeg', '.png'))
runs = []
with tempfile.TemporaryDirectory(prefix='hemocell-predict-memory-') as tmp:
    for n in sizes:
        folder = Path(tmp)/f'x{n}'; folder.mkdir()
        for i in range(n): os.link(images[i % len(images)], folder/f'{i:06d}{images[i % len(images)].suffix}')
        out = Path(tmp)/f'x{n}.csv'
        mb, secs = peak_run(['hemocell-predict', model, folder, '--csv', out])
        rows = sum(1 for _ in open(out)) - 1
        runs.append(dict(n=n, rows=rows, peak_rss_mb=round(mb, 1), seconds=round(secs, 1), images_s=round(n / secs, 1)))
        print(runs[-1], flush=True)
r = dict(model=model.name, source=str(source), machine=dict(cpu=platform.processor() or platform.machine(), cores=os.cpu_count()),
         date=time.strftime('%Y-%m-%d'), runs=runs, peak_ratio=round(runs[-1]['peak_rss_mb'] / runs[0]['peak_rss_mb'], 3))
results.write_text(json.dumps(r, indent=1) + '\n'); print(r['peak_ratio'])
