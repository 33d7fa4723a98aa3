#!/usr/bin/env bash
# The hemobench runs behind the README and the tutorials' tables, on a CPU; their result files (records only, no
# models) are copied to nbs/tutorials/results/, from which the tables are rendered.
#   bash bench/hemobench_cpu.sh [DATA]      (DATA: default ../shared/hemobench; studies resume where they stopped)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/hemobench}
STUDY=nbs/tutorials/hemobench-study          # gitignored: models, histories, figures
RESULTS=nbs/tutorials/results                 # committed: the records
mkdir -p "$RESULTS"
run() { name=$1; shift; hemocell-run --data "$DATA" --out "$STUDY/$name" --backbone efficientnet_lite0 "$@"; cp "$STUDY/$name/results.json" "$RESULTS/$name.json"; }
run faithful --splits 1,10 --seeds 0                                   # base and fused, the original's recipe
run pretrained --splits 1,10,50,100 --seeds 0 --recipes pretrained --models wbc   # the recommended recipe
python - "$DATA" "$STUDY/shift" "$RESULTS/shift.json" <<'PY'
# other labs' images: train on the PBC images of WBC-100 only, score each segmentation_WBC dataset (other scanners)
# on its validation and test halves, as it is and adapted to it without labels (AdaBN); three training seeds of the
# main recipes, seed 0 of the framing-only variants; then the few-shot checks of the recipe made for other labs
import shutil, sys
from hemocell.study import Study, StudySettings
import hemocell.shift  # adds Study.shift_check, adapt_check and few_shot_check
study = Study(sys.argv[1], sys.argv[2], StudySettings(progress=False))
sources = ['zxaoyou/segmentation_WBC:Dataset 1', 'zxaoyou/segmentation_WBC:Dataset 2']
results = sys.argv[3].rsplit('/', 1)[0]
runs = [(s, r) for s in (0, 1, 2) for r in ('pretrained', 'pretrained-scanner', 'pretrained-cell-smear')] + \
       [(0, 'pretrained-cell'), (0, 'pretrained-cell-lab'), (0, 'pretrained-cell-smear-keepbn')]
for seed, recipe in runs:
    study.shift_check('AuralinACC/Blood-Cell-Classification', sources, recipe=recipe, split=100, seed=seed)
    shutil.copy(study.folder.file('shift'), sys.argv[3])  # after every check: a partial run still leaves its records
for seed in (0, 1, 2):  # the saved models of the checks above: ways to adapt without labels, chosen on the validation halves
    study.adapt_check('AuralinACC/Blood-Cell-Classification', sources, recipe='pretrained', split=100, seed=seed, methods=('none', 'adabn', 'im1', 'im3', 'tent1', 'shot1', 'shot3'))
    shutil.copy(study.folder.file('adapt'), f'{results}/adapt.json')
# the two recipes made for other labs, with and without test-time augmentation (the choice of hemocell.report.other_labs_choice),
# and pretrained-scanner with its frozen front's BatchNorm statistics from the training images (source_bn, seed 0)
study.shift_check('AuralinACC/Blood-Cell-Classification', sources, recipe='pretrained-scanner-sourcebn', split=100, seed=0)
for seed, recipe in [(s, r) for s in (0, 1, 2) for r in ('pretrained-scanner', 'pretrained-cell-smear')] + [(0, 'pretrained-scanner-sourcebn')]:
    study.adapt_check('AuralinACC/Blood-Cell-Classification', sources, recipe=recipe, split=100, seed=seed, methods=('none', 'adabn', 'none+tta', 'adabn+tta'))
    shutil.copy(study.folder.file('adapt'), f'{results}/adapt.json')
for seed in (0, 1, 2):  # the saved models of the checks above: labelled images of the new lab, K per class
    study.few_shot_check('AuralinACC/Blood-Cell-Classification', sources, recipe='pretrained-cell-smear', split=100, seed=seed)
    shutil.copy(study.folder.file('few_shot'), f'{results}/few_shot.json')
PY
# calibration, review, the differential and TTA: the recommended recipe at WBC-10 and WBC-100, three seeds
python bench/calibration_hemobench.py "$DATA" "$STUDY/calibration" "$RESULTS/calibration.json" 0,1,2
