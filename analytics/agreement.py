"""How well two partitions agree: normalised mutual information and the adjusted Rand index.

Written out here (a few lines each) so that innograph does not need scikit-learn.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Mapping


def normalized_mutual_info(a: Mapping, b: Mapping) -> float:
    """NMI with arithmetic-mean normalisation over the keys both partitions label.

    Examples
    --------
    >>> normalized_mutual_info({1: "x", 2: "x", 3: "y", 4: "y"}, {1: 0, 2: 0, 3: 1, 4: 1})
    1.0
    >>> normalized_mutual_info({1: "x", 2: "x", 3: "y", 4: "y"}, {1: 0, 2: 1, 3: 0, 4: 1})
    0.0
    """
    keys = [k for k in a if k in b]
    n = len(keys)
    if n == 0:
        return 0.0
    joint = Counter((a[k], b[k]) for k in keys)
    left, right = Counter(a[k] for k in keys), Counter(b[k] for k in keys)
    mutual = sum(c / n * math.log(c * n / (left[x] * right[y])) for (x, y), c in joint.items())
    entropy = lambda counts: -sum(c / n * math.log(c / n) for c in counts.values())  # noqa: E731
    h_left, h_right = entropy(left), entropy(right)
    if h_left == 0 and h_right == 0:
        return 1.0
    return max(0.0, mutual / ((h_left + h_right) / 2))


def adjusted_rand_index(a: Mapping, b: Mapping) -> float:
    """ARI (Hubert & Arabie) over the keys both partitions label; 0 is chance level, 1 identical.

    Examples
    --------
    >>> adjusted_rand_index({1: "x", 2: "x", 3: "y", 4: "y"}, {1: 0, 2: 0, 3: 1, 4: 1})
    1.0
    >>> round(adjusted_rand_index({1: "x", 2: "x", 3: "x", 4: "y"}, {1: 0, 2: 0, 3: 1, 4: 1}), 4)
    0.0

    The second case: 1 agreeing pair of 6, exactly what chance predicts.
    """
    keys = [k for k in a if k in b]
    pairs = lambda x: x * (x - 1) / 2  # noqa: E731
    index = sum(pairs(c) for c in Counter((a[k], b[k]) for k in keys).values())
    left = sum(pairs(c) for c in Counter(a[k] for k in keys).values())
    right = sum(pairs(c) for c in Counter(b[k] for k in keys).values())
    total = pairs(len(keys))
    if total == 0:
        return 1.0
    expected = left * right / total
    maximum = (left + right) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
