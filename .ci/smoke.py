"CI smoke test: the DataLoaders of WBC_1 and CAM16 on a real data root hold exactly the files its MANIFEST.tsv lists."
import csv, sys, warnings
from collections import Counter
from pathlib import Path
warnings.simplefilter('ignore', FutureWarning)
from hemocell.data import wbc_dls, cam16_dls

root = Path(sys.argv[1])
rows = list(csv.DictReader(open(root/'MANIFEST.tsv'), delimiter='\t'))
def manifest(prefix, kind='image'): return Counter(r['class'] for r in rows if r['kind'] == kind and r['path'].startswith(prefix))
def loaded(ds, masked): return Counter(i.label for i in ds.items if bool(i.mask) == masked)

wbc = wbc_dls(root, 1, device='cpu')
cam = cam16_dls(root, device='cpu')
checks = {
    'WBC_1 train images': (loaded(wbc.train_ds, False), manifest('WBC_1/train/data/')),
    'WBC_1 masked copies': (loaded(wbc.train_ds, True), manifest('WBC_1/train/mask/', 'mask')),
    'WBC_test valid+test': (loaded(wbc.valid_ds, False) + loaded(wbc[2].dataset, False), manifest('WBC_test/val/data/')),
    'CAM16 train images': (loaded(cam.train_ds, False), manifest('CAM16_100cls_10mask/train/data/')),
    'CAM16 masked copies': (loaded(cam.train_ds, True), manifest('CAM16_100cls_10mask/train/mask/', 'mask')),
    'CAM16 val': (loaded(cam.valid_ds, False), manifest('CAM16_100cls_10mask/val/data/')),
    'CAM16 test': (loaded(cam[2].dataset, False), manifest('CAM16_100cls_10mask/test/data/')),
}
bad = {k: v for k, v in checks.items() if v[0] != v[1] or not v[1]}
for k, (got, want) in checks.items(): print(f"{'ok ' if k not in bad else 'BAD'} {k}: loaded {dict(got)} manifest {dict(want)}")
xb, yb = wbc.one_batch()
assert xb.shape[1:] == (3, 256, 256) and 0 <= float(xb.min()) and float(xb.max()) <= 1, xb.shape
sys.exit(1 if bad else 0)
