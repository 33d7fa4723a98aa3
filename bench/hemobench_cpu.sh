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
import shutil, sys
from hemocell.study import Study, StudySettings
study = Study(sys.argv[1], sys.argv[2], StudySettings(progress=False))
for recipe in ('pretrained', 'pretrained-scanner'):
    study.shift_check('AuralinACC/Blood-Cell-Classification', 'zxaoyou/segmentation_WBC', recipe=recipe, split=50)
shutil.copy(study.folder.file('shift'), sys.argv[3])
PY
