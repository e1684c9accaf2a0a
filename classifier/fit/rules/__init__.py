"""The hand-written rules of chaff 0.1 (inserted links, kinds of noise), kept as weak labelers for
training (``fit.weak_labels``): nothing at analysis time imports them."""
