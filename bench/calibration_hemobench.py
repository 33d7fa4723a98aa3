"""Issue 16 on real images: calibration, review and the differential of the recommended recipe at WBC-10 and WBC-100.

python bench/calibration_hemobench.py DATA_ROOT STUDY_FOLDER RESULTS_JSON [SEEDS]
Trains (or reuses) the study's `pretrained` base runs — each is calibrated on its validation half as it is saved —
then, for every saved model on its test half: the differential's errors and interval coverage (`differential_check`),
and prediction timed side by side — the model without its calibration, with it (temperature and review flag), and
with test-time augmentation (accuracy and ECE too). One small record per run goes to RESULTS_JSON (no model files),
which the tutorial and README render. The calibration is the study's: fitted again from each saved model's fp32
validation and test predictions, as a study now does it — in memory, the file is not changed — with the prior bias
when it clearly lowers the validation cells' 5-fold NLL (`calibration_record(prior=None)`). Each record keeps both
alternatives too, scored on the same test predictions: the plain temperature (`calibration_plain`) and the
temperature with the prior bias (`calibration_prior`), each with its differential check."""
import json, sys, time
from pathlib import Path
import numpy as np
from torch import nn
from fastai.learner import Learner
from hemocell.study import Study, StudySettings, run_calibration
from hemocell.recipe import get_recipe
from hemocell.data import splits_dls
from hemocell.wbc import WBCNet
from hemocell.learner import test_predictions
from hemocell.predict import labelled_predictions, rows_probabilities
from hemocell.checkpoint import load_model
from hemocell.differential import differential_check
from hemocell.calibrate import ece, calibrated

def timed(model, root, seed, **kw):
    "Labelled predictions on the test half, their probabilities and labels, and the seconds they took."
    t = time.perf_counter(); rows = labelled_predictions(model, root/'WBC_test'/'val'/'data', part='test', seed=seed, **kw)
    return rows, *rows_probabilities(rows), time.perf_counter() - t

def calibrations(study, r, model):
    "The study's calibration (prior chosen on validation), the plain and the prior-corrected ones, and the test predictions."
    _, _, sp = study.wbc_plan(r['split'], r['seed'], 'wbc', get_recipe(r['config']['recipe']['name']))
    learn = Learner(splits_dls(sp, WBCNet.size, 16, device='cpu'), model, loss_func=nn.CrossEntropyLoss())
    with learn.no_bar(): v, t = test_predictions(learn, learn.dls.valid)[:2], test_predictions(learn)[:2]
    return [run_calibration(v, t, prior=p) for p in (None, False, True)], t

def checked(cal, logp, y):
    "`differential_check` of the test predictions calibrated by `cal`."
    return differential_check(calibrated(logp, cal['temperature'], cal.get('bias')), y, cal['confusion'], cal['priors'], n_resamples=200, n_boot=200)

root, out, results = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
seeds = tuple(int(s) for s in (sys.argv[4] if len(sys.argv) > 4 else '0,1,2').split(','))
study = Study(root, out, StudySettings(splits=(10, 100), seeds=seeds, recipes=('pretrained',), models=('wbc',), progress=False))
study.run()
recs = []
for r in study.folder.records().values():
    if r.get('model') != 'wbc' or 'calibration' not in r: continue
    model, plain = load_model(out/r['model_file']), load_model(out/r['model_file'])
    (cal, cal_plain, cal_prior), (pt, yt) = calibrations(study, r, plain)
    model.meta['calibration'] = cal  # what the study now stores
    plain.meta = {k: v for k, v in plain.meta.items() if k != 'calibration'}  # the same model as saved before calibration existed
    timed(plain, root, r['split_seed'])  # warm-up: decoding caches, threads
    t_plain, (_, probs, y, t_cal) = min(timed(plain, root, r['split_seed'])[3] for _ in range(2)), timed(model, root, r['split_seed'])
    t_cal = min(t_cal, timed(model, root, r['split_seed'])[3])  # each the faster of two, interleaved
    _, p_tta, _, t_tta = timed(model, root, r['split_seed'], tta=True)
    check = differential_check(probs, y, cal['confusion'], cal['priors'], n_resamples=200, n_boot=200)
    logp, yt = np.log(np.clip(pt.double().numpy(), 1e-12, None)), yt.numpy()
    tta = dict(accuracy=float((probs.argmax(1) == y).mean()), ece=ece(probs, y), seconds=t_cal, accuracy_tta=float((p_tta.argmax(1) == y).mean()),
               ece_tta=ece(p_tta, y), seconds_tta=t_tta, seconds_uncalibrated=t_plain, n=len(y))
    recs.append({k: r[k] for k in ('name', 'split', 'seed', 'split_seed', 'n')} | {'calibration': cal, "test_accuracy": tta["accuracy"], 'recipe': r['config']['recipe']['name'], 'differential_check': check, 'prediction': tta,
                                                                               'calibration_plain': cal_plain, 'differential_check_plain': checked(cal_plain, logp, yt),
                                                                               'calibration_prior': cal_prior, 'differential_check_prior': checked(cal_prior, logp, yt)})
    short = lambda d: {k: round(v, 4) if isinstance(v, float) else v for k, v in d.items() if k not in ('priors', 'bins', 'bins_before', 'curve', 'confusion', 'bias')}
    print(r['name'], short(cal | check | tta), '\n  plain:', short(cal_plain), '\n  prior:', short(cal_prior), flush=True)
results.write_text(json.dumps(sorted(recs, key=lambda r: (r['split'], r['seed'])), indent=1) + '\n')
print(f'{len(recs)} records written to {results}')
