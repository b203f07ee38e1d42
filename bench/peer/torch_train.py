"""The same training step in PyTorch (Debian's python3-torch, CPU), for bench/src/train-throughput.ts.

LeNet-300-100 or LeNet-5-Caffe, batch 128, momentum SGD (lr 0.05, 0.9) plus the decoupled l2-l0
attraction of eq. 17 applied by hand after each step (alpha_l2 5e-5, alpha_l0 1e-3, beta 5), on
synthetic inputs of MNIST's shape. Prints one JSON line: samples/s over `steps` steps after warm-up.
Usage: python3 torch_train.py <lenet300|lenet5> <threads> <steps>
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

name, threads, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
torch.manual_seed(1)


class LeNet300(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(784, 300), nn.Linear(300, 100), nn.Linear(100, 10)

    def forward(self, x):
        x = x.flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 20, 5), nn.Conv2d(20, 50, 5)
        self.fc1, self.fc2 = nn.Linear(800, 500), nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


model = LeNet300() if name == 'lenet300' else LeNet5()
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
kernels = [p for n, p in model.named_parameters() if n.endswith('weight')]
lr, a2, a0, beta = 0.05, 5e-5, 1e-3, 5.0
batch = 128
x = torch.rand(batch, 1, 28, 28)
y = torch.arange(batch) % 10


def step():
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    with torch.no_grad():  # eq. 17: w -= lr * (a2 * w + a0 * beta * sign(w) * exp(-beta |w|))
        for w in kernels:
            w.sub_(lr * (a2 * w + a0 * beta * torch.sign(w) * torch.exp(-beta * w.abs())))
    return loss


for _ in range(5):
    step()
t0 = time.perf_counter()
for _ in range(steps):
    step()
seconds = time.perf_counter() - t0
print(json.dumps({'network': name, 'threads': threads, 'torch': torch.__version__, 'samplesPerSecond': batch * steps / seconds}))
