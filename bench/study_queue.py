"""Many study runs at once: worker processes share one queue of runs (made for one large GPU, where a single small run
leaves most of the device idle).

    python bench/study_queue.py DATA SEED_STUDY OUT --workers 8 --deadline 480 < queue.txt

queue.txt has one run per line, in priority order: `RECIPE MODEL SPLIT SEED` (e.g. `faithful fused 100 2`) or
`shift RECIPE SPLIT` (the domain-shift check of `hemocell.study.Study.shift_check`, PBC -> segmentation_WBC). SEED_STUDY is a study folder
whose autoencoder and Camelyon16 runs are reused (copied into each worker's folder, so nothing retrains them).
Each worker writes its own study folder OUT/wN (results.json, runs/); `merge` below joins them. A worker starts no run
that its time estimate says cannot finish before the deadline; the main process stops every worker at the deadline.
"""
import argparse, json, os, queue, shutil, sys, time
import multiprocessing as mp
from pathlib import Path

EST_S = {1: 20, 10: 40, 50: 120, 100: 240}  # rough seconds per run on one GPU shared by several workers

def worker(i, q, data, seed_study, out, deadline, device, backbone, epochs_scale):
    os.environ.setdefault('OMP_NUM_THREADS', '2')
    import torch; torch.set_num_threads(2)
    from dataclasses import replace
    from hemocell.study import Study, StudySettings
    import hemocell.shift  # Study.shift_check
    o = Path(out)/f'w{i}'; (o/'models').mkdir(parents=True, exist_ok=True)
    shutil.copy(Path(seed_study)/'results.json', o/'results.json')
    for f in ('prcc.pth', 'cam16.pth'): shutil.copy(Path(seed_study)/'models'/f, o/'models'/f)
    settings = StudySettings(device=device, backbone=backbone, progress=False, epochs_scale=epochs_scale)
    frozen = Study(data, o, replace(settings, epochs_scale=1.))  # the seed study's runs, whatever the WBC runs' scale
    study, prcc, cam16 = Study(data, o, settings), frozen.train_prcc(), frozen.train_cam16()
    while True:
        try: item = q.get_nowait()
        except queue.Empty: return
        split = int(item[2])
        if time.time() + EST_S[split] * (2 if 'fused' in item else 1) > deadline: print(f'[w{i}] no time for {item}', flush=True); continue
        t = time.time()
        try:
            if item[0] == 'shift':
                r, = Study(data, o/'shift', settings).shift_check('AuralinACC/Blood-Cell-Classification', 'zxaoyou/segmentation_WBC', item[1], split)
                print(f"RESULT shift {item[1]}: shifted {100*r['shifted']['accuracy']:.2f}/{100*r['shifted']['balanced_accuracy']:.2f} "
                      f"in-domain {100*r['in_domain']['accuracy']:.2f} ({time.time()-t:.0f} s)", flush=True)
            else:
                recipe, model, split, seed = item[0], item[1], int(item[2]), int(item[3])
                r = study.train_wbc(split, seed, model, prcc, cam16, recipe)
                print(f"RESULT {r['name']}: acc {100*r['test_accuracy']:.2f} bal {100*r['balanced_accuracy']:.2f} "
                      f"f1 {100*r['macro_f1']:.2f} ({r['seconds']:.0f} s train, {time.time()-t:.0f} s wall) [w{i}]", flush=True)
        except Exception as e: print(f'[w{i}] {item} failed: {type(e).__name__}: {e}', flush=True)

def merge(out, dest):
    "Join the workers' results.json (and shift.json) files into the study folder `dest`, with their run histories."
    dest = Path(dest); (dest/'runs').mkdir(parents=True, exist_ok=True)
    recs, shifts = {}, {}
    for w in sorted(Path(out).glob('w*')):
        if (w/'results.json').exists(): recs |= {r['name']: r for r in json.loads((w/'results.json').read_text())}
        if (w/'shift'/'shift.json').exists(): shifts |= {r['name']: r for r in json.loads((w/'shift'/'shift.json').read_text())}
        for run in (w/'runs').glob('*'): shutil.copytree(run, dest/'runs'/run.name, dirs_exist_ok=True)
    (dest/'results.json').write_text(json.dumps(list(recs.values()), indent=1, default=str))
    if shifts: (dest/'shift').mkdir(exist_ok=True); (dest/'shift'/'shift.json').write_text(json.dumps(list(shifts.values()), indent=1, default=str))
    return len(recs), len(shifts)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('data'); ap.add_argument('seed_study'); ap.add_argument('out')
    ap.add_argument('--workers', type=int, default=8); ap.add_argument('--deadline', type=float, default=480)
    ap.add_argument('--device', default='cuda'); ap.add_argument('--epochs-scale', type=float, default=1.); ap.add_argument('--backbone', default='efficientnet_lite0')
    a = ap.parse_args()
    t0 = time.time(); deadline = t0 + a.deadline
    items = [l.split() for l in sys.stdin if l.strip() and not l.startswith('#')]
    from hemocell.layout import wbc_splits
    from hemocell.data import image_store
    sp = wbc_splits(a.data, 100, 0)  # WBC_100 holds every training image of the smaller splits
    if bad := image_store(256).fill(sp.train + sp.valid + sp.test): sys.exit(f'bad files: {bad[:3]}')  # decoded once, to the disk cache
    print(f'data decoded in {time.time()-t0:.0f} s; {len(items)} runs queued', flush=True)
    ctx = mp.get_context('spawn'); q = ctx.Queue()
    for it in items: q.put(it)
    ps = [ctx.Process(target=worker, args=(i, q, a.data, a.seed_study, a.out, deadline, a.device, a.backbone, a.epochs_scale)) for i in range(a.workers)]
    for p in ps: p.start()
    for p in ps: p.join(timeout=max(0, deadline - time.time()))
    for p in ps:
        if p.is_alive(): p.terminate(); print(f'stopped {p.name} at the deadline', flush=True)
    print(f'all workers done after {time.time()-t0:.0f} s', flush=True)
