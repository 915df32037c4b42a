"""The same model in PyTorch, timed the same way: the peer for `pnpm --filter trainer bench`.

784-200-200-50 tanh encoder/decoder, Bernoulli likelihood (BCE with logits), analytic KL, one z
sample, Adam 1e-3, batch 100, on random binary images (speed does not depend on the pixels).
Prints one JSON line: {"samplesPerSecond": ..., "threads": ..., "torch": ..., "blas": ...}, where
"blas" is the BLAS library torch actually loaded (read from /proc/self/maps; Debian's torch links
the generic libblas.so.3, which the alternatives system points at OpenBLAS once libopenblas0-pthread
is installed, and at the slow reference BLAS otherwise) and "threads" what torch reports using.
Run: python3 pytorch_vae.py [--seconds 15] [--threads 1]
"""
import argparse
import json
import os
import time

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--seconds", type=float, default=15.0)
parser.add_argument("--threads", type=int, default=1)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(784, 200), nn.Tanh(), nn.Linear(200, 200), nn.Tanh())
        self.mu = nn.Linear(200, 50)
        self.logvar = nn.Linear(200, 50)
        self.decoder = nn.Sequential(
            nn.Linear(50, 200), nn.Tanh(), nn.Linear(200, 200), nn.Tanh(), nn.Linear(200, 784)
        )

    def loss(self, x):
        h = self.encoder(x)
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        logits = self.decoder(z)
        reconstruction = nn.functional.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = 0.5 * torch.sum(mu**2 + logvar.exp() - logvar - 1)
        return (reconstruction + kl) / x.shape[0]


model = Vae()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
batches = [torch.bernoulli(torch.full((100, 784), 0.13)) for _ in range(20)]


def step(x):
    optimizer.zero_grad()
    loss = model.loss(x)
    loss.backward()
    optimizer.step()
    return loss.item()


for x in batches[:5]:
    step(x)
steps = 0
start = time.perf_counter()
while time.perf_counter() - start < args.seconds:
    step(batches[steps % len(batches)])
    steps += 1
elapsed = time.perf_counter() - start


def loaded_blas():
    """The BLAS shared libraries mapped into this process, with symlinks resolved."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return sorted({os.path.realpath(path) for path in paths})


print(
    json.dumps(
        {
            "samplesPerSecond": steps * 100 / elapsed,
            "threads": torch.get_num_threads(),
            "torch": torch.__version__,
            "blas": loaded_blas(),
        }
    )
)
