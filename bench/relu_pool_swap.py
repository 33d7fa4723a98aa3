"""The exact speed-up of WBCNet's blocks, before and after, side by side in one run.

hemocell.wbc.cbn pools before its ReLU (since issue 18): MaxPool then ReLU computes exactly the same function as the
original ReLU then MaxPool (max commutes with any non-decreasing function) and the same gradients, but ReLU runs on a
quarter of the elements. ReLU and MaxPool have no parameters, so the state dict (and every saved model) is unchanged.

    python bench/relu_pool_swap.py [--threads N] [--bs 16] [--steps 10] [--json OUT]

prints: exactness (logits, gradients, state-dict keys), then training img/s of a plain PyTorch loop and of
hemocell's Learner (fast=True), each alternately with the original block order and today's, on this machine;
--json writes the measurements (and their ratio, today's ÷ original's, per alternation) to OUT.
"""
import argparse, datetime, json, os, platform, statistics, tempfile, time, warnings
from pathlib import Path
warnings.filterwarnings('ignore')
import torch
import torch.nn.functional as F
from torch import nn

def original(model:nn.Module)->nn.Module:
    "The original order, ReLU then MaxPool, in every pooling block of `model` (in place)."
    for blk in model.modules():
        if isinstance(blk, nn.Sequential):
            for i in range(len(blk) - 1):
                if isinstance(blk[i], nn.MaxPool2d) and isinstance(blk[i + 1], nn.ReLU): blk[i], blk[i + 1] = blk[i + 1], blk[i]
    return model

def main():
    p = argparse.ArgumentParser(); p.add_argument('--threads', type=int); p.add_argument('--bs', type=int, default=16)
    p.add_argument('--steps', type=int, default=10); p.add_argument('--json'); a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from hemocell.wbc import WBCNet
    from hemocell.measure import plain_train_step, step_times, per_second, repeated_dls, learner_train_times
    from hemocell.layout import wbc_splits
    from hemocell.data import load_splits
    from hemocell.synth import make_synthetic
    from hemocell.learner import wbc_learner
    torch.manual_seed(0); a_, b_ = WBCNet(), WBCNet(); b_.load_state_dict(a_.state_dict()); original(a_)
    x, y = torch.rand(4, 3, 256, 256), torch.randint(0, 5, (4,))
    for m in (a_, b_): F.cross_entropy(m(x), y).backward()
    exact = dict(same_logits=torch.equal(a_(x), b_(x)), largest_gradient_difference=max((p.grad - q.grad).abs().max().item() for p, q in zip(a_.parameters(), b_.parameters())),
                 same_state_dict_keys=list(a_.state_dict()) == list(b_.state_dict()))
    print(exact); load = [os.getloadavg()[0]]
    print(f'load average {os.getloadavg()[0]:.2f}, {torch.get_num_threads()} torch threads, batch {a.bs}')
    def plain(swap):
        step = plain_train_step('cpu', torch.bfloat16, True, a.bs)
        model = next(c.cell_contents for c in step.__closure__ if isinstance(c.cell_contents, WBCNet))
        if not swap: original(model)
        return per_second(step_times(step, a.steps, 2), a.bs)
    tmp = Path(tempfile.mkdtemp()); os.environ['HEMOCELL_CACHE'] = str(tmp/'cache')
    root = make_synthetic(tmp/'synthetic', scale=0.25)
    dls = repeated_dls(load_splits(wbc_splits(root, 100), 256), a.steps + 4, a.bs, 'cpu')
    def learner(swap):
        model = WBCNet(); original(model) if not swap else None
        return per_second(learner_train_times(wbc_learner(dls, model, fast=True), a.steps, 2), a.bs)
    rates = {}
    for name, f in (('plain loop', plain), ("hemocell's Learner", learner)):
        for swap in (False, True, False, True):
            rates.setdefault(name, {}).setdefault('MaxPool → ReLU (now)' if swap else 'ReLU → MaxPool (original)', []).append(v := f(swap))
            print(f"{name:20} {'MaxPool → ReLU (now)' if swap else 'ReLU → MaxPool (original)':26} {v:6.1f} img/s", flush=True)
    load.append(os.getloadavg()[0]); print(f'load average {load[-1]:.2f}')
    ratios = {n: [round(b / o, 3) for o, b in zip(*r.values())] for n, r in rates.items()}; print('now ÷ original:', ratios)
    if a.json: Path(a.json).write_text(json.dumps(dict(date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='minutes'),
        machine=platform.processor() or platform.machine(), cpus=os.cpu_count(), torch=torch.__version__, threads=torch.get_num_threads(),
        bs=a.bs, steps=a.steps, load_average=load, exact=exact, img_s=rates, now_vs_original=ratios), indent=1) + '\n')

if __name__ == '__main__': main()
