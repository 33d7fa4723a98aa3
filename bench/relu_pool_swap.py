"""Evidence for a proposed exact speed-up of WBCNet (not applied: hemocell.wbc belongs to another notebook).

In each conv → BN → ReLU → MaxPool block, MaxPool then ReLU computes exactly the same function (max commutes with
any non-decreasing function) and the same gradients, but ReLU then runs on a quarter of the elements. ReLU and
MaxPool have no parameters, so the state dict (and every saved model) is unchanged.

    python bench/relu_pool_swap.py [--threads N] [--bs 16] [--steps 10]

prints: exactness (logits, gradients, state-dict keys), then training img/s of a plain PyTorch loop and of
hemocell's Learner (fast=True), each alternately with the original and the swapped block order, on this machine.
"""
import argparse, os, statistics, tempfile, time, warnings
from pathlib import Path
warnings.filterwarnings('ignore')
import torch
import torch.nn.functional as F
from torch import nn

def swapped(model:nn.Module)->nn.Module:
    "MaxPool before ReLU in every conv-BN-ReLU-MaxPool block of `model` (in place)."
    for blk in model.modules():
        if isinstance(blk, nn.Sequential) and len(blk) == 4 and isinstance(blk[2], nn.ReLU) and isinstance(blk[3], nn.MaxPool2d):
            blk[2], blk[3] = blk[3], blk[2]
    return model

def main():
    p = argparse.ArgumentParser(); p.add_argument('--threads', type=int); p.add_argument('--bs', type=int, default=16)
    p.add_argument('--steps', type=int, default=10); a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from hemocell.wbc import WBCNet
    from hemocell.measure import plain_train_step, step_times, per_second, repeated_dls, learner_train_times
    from hemocell.layout import wbc_splits
    from hemocell.data import load_splits
    from hemocell.synth import make_synthetic
    from hemocell.learner import wbc_learner
    torch.manual_seed(0); a_, b_ = WBCNet(), WBCNet(); b_.load_state_dict(a_.state_dict()); swapped(b_)
    x, y = torch.rand(4, 3, 256, 256), torch.randint(0, 5, (4,))
    for m in (a_, b_): F.cross_entropy(m(x), y).backward()
    print('same logits:', torch.equal(a_(x), b_(x)), '| largest gradient difference:',
          max((p.grad - q.grad).abs().max().item() for p, q in zip(a_.parameters(), b_.parameters())),
          '| same state-dict keys:', list(a_.state_dict()) == list(b_.state_dict()))
    print(f'load average {os.getloadavg()[0]:.2f}, {torch.get_num_threads()} torch threads, batch {a.bs}')
    def plain(swap):
        step = plain_train_step('cpu', torch.bfloat16, True, a.bs)
        model = next(c.cell_contents for c in step.__closure__ if isinstance(c.cell_contents, WBCNet))
        if swap: swapped(model)
        return per_second(step_times(step, a.steps, 2), a.bs)
    tmp = Path(tempfile.mkdtemp()); os.environ['HEMOCELL_CACHE'] = str(tmp/'cache')
    root = make_synthetic(tmp/'synthetic', scale=0.25)
    dls = repeated_dls(load_splits(wbc_splits(root, 100), 256), a.steps + 4, a.bs, 'cpu')
    def learner(swap):
        model = WBCNet(); swapped(model) if swap else None
        return per_second(learner_train_times(wbc_learner(dls, model, fast=True), a.steps, 2), a.bs)
    for name, f in (('plain loop', plain), ("hemocell's Learner", learner)):
        for swap in (False, True, False, True):
            print(f"{name:20} {'MaxPool → ReLU' if swap else 'ReLU → MaxPool (now)':22} {f(swap):6.1f} img/s", flush=True)
    print(f'load average {os.getloadavg()[0]:.2f}')

if __name__ == '__main__': main()
