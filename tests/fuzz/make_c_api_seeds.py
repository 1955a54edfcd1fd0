#!/usr/bin/env python3
"""Writes the seeds of tests/fuzz/corpus/c_api/ that use fuzz_c_api.cpp's extended decoding
(every cell: Laplacian, Bernoulli, leaky Gaussian, and the Gaussian cell's full covariance
and extended calls), one file per scenario, from the readable call lists below. The other
seeds there (the Gaussian cell's original ones, some of them minimised crash reproducers)
are kept as they are.

    /usr/bin/python3 tests/fuzz/make_c_api_seeds.py      # rewrites those files

To see what a seed does: NGCRT_FUZZ_TRACE=1 build/fuzz/tests/fuzz/fuzz_c_api <seed>
"""
import os
import struct

GAUSSIAN, LAPLACIAN, BERNOULLI, LEAKY = range(4)
F32, F64 = 0, 1
RANK_CODE = {1: 0, 3: 3, 0: 5, 2: 6, 4: 7}  # fuzz_c_api.cpp's ranks[] = {1, 1, 1, 3, 3, 0, 2, 4}
CONV = {"3.1": 0, "3.2": 1, "exact": 2}
OPS = dict(init=0, write=1, step=3, modulator=5, mask=6, reset=7, batched_reset=8, set_parameter=9,
           null_instance=10, copy=11, other_cell=12, set_subnormals=13, set_tau=14)


def value(v):
    """One byte of value<T>(): the special values, or a multiple of 0.5 in -4 .. 3.5."""
    special = {"0": 0x00, "-0": 0x01, "nan": 0x02, "-inf": 0x03, "inf": 0x04, "denorm": 0x05, "min": 0x07,
               "max": 0x08, "-max": 0x09}
    if isinstance(v, str):
        return bytes([special[v]])
    k = int(v / 0.5) + 8
    assert v / 0.5 == int(v / 0.5) and 0 <= k < 16, v
    return bytes([k << 4 | 13])


def parameter(v):
    """sigma_value(): 0.5 .. 4 in halves from one byte, else value()."""
    if not isinstance(v, str) and v > 0 and v * 2 == int(v * 2) and 1 <= v * 2 <= 8:
        return bytes([int(v * 2) - 1])
    return bytes([0xFF]) + value(v)


class Seed:
    def __init__(self, t, cell):
        self.cell = cell
        self.b = bytearray([t | cell << 1 | 8])  # bit 3: the extended decoding

    def init(self, dims, batch, conv, form, param=1.0, tau=0.25, euler=False, raw_conv=None, first=False):
        """(The harness starts with an init: first=True for that one; later ones are ops.)"""
        if not first:
            self.b.append(OPS["init"])
        self.b.append(RANK_CODE[len(dims)])
        self.b += bytes(list(dims) + [0] * (3 - len(dims)))
        self.b.append(batch)
        enum = (3 if conv == "exact" else CONV[conv]) | form << 2
        if raw_conv is not None:
            enum = 0x3F << 2
        self.b.append(enum)
        if raw_conv is not None:
            self.b += struct.pack(">i", raw_conv)
        self.b += parameter(param)
        if self.cell == LEAKY:
            self.b.append(int(tau / 0.0625) if tau in [i * 0.0625 for i in range(8)] else 0xFF)
            if self.b[-1] == 0xFF:
                self.b += value(tau)
            self.b.append(1 if euler else 0)
        self.b += bytes(9 + (self.cell == LEAKY))  # the buffers' modes: fresh, no gaps
        self.b.append(0)  # a config and buffers struct
        return self

    def op(self, name, *data):
        self.b.append(OPS[name])
        self.b += b"".join(data)
        return self

    def write(self, n, values):
        """Prediction and target at the first positions: the values, then the same positions'
        targets (-value, or 1.5 for a special value or -(-4))."""
        assert 1 <= len(values) <= 8
        self.b.append(OPS["write"])
        self.b.append(1 | (len(values) - 1) << 1)
        for i, v in enumerate(values):
            self.b += bytes([i % n]) + value(v)
        for i, v in enumerate(values):
            self.b += bytes([i % n]) + value(-v if not isinstance(v, str) and v > -4 else 1.5)
        return self

    def access(self, which, pairs):
        self.b.append(OPS[which])
        self.b.append(len(pairs) - 1)
        for i, v in pairs:
            self.b += bytes([i]) + value(v)
        return self

    def step(self, dt=1.0):
        return self.op("step", value(dt))

    def set_parameter(self, values, null=False, diagonal=False):
        """count = the parameter's own (mode 4), good values through sigma_value()."""
        k = 4 | (0x08 if null else 0) | (0x40 if diagonal else 0)
        return self.op("set_parameter", bytes([k]), *(parameter(v) for v in values))

    def set_parameter_count(self, count_mode, values):
        """count_mode 0: 0, 1: own + 1, 2: own - 1, 3: 1."""
        return self.op("set_parameter", bytes([count_mode]), *(parameter(v) for v in values))

    def bytes(self):
        return bytes(self.b)


def seeds():
    s = {}
    # The Laplacian and Bernoulli cells (the scenarios of the former fuzz_c_family corpus).
    s["laplacian_f32_scalar"] = (Seed(F32, LAPLACIAN).init((5,), 2, "3.1", 0, 1.0, first=True)
                                 .write(5, [0.5, -1.0, 0.0, "-0", 2.0]).access("modulator", [(1, -2.0), (3, 0.5)])
                                 .access("mask", [(0, 0.0), (2, 0.5)]).step().op("set_subnormals", b"\x01").step()
                                 .op("set_subnormals", b"\x00").set_parameter([2.0]).step().op("other_cell", b"\x00")
                                 .op("batched_reset", b"\x01").step().op("reset"))
    s["laplacian_f64_per_unit"] = (Seed(F64, LAPLACIAN).init((2, 2, 1), 3, "exact", 1, 2.0, first=True)
                                   .write(4, [1.0, -0.5, 3.0, "nan"]).step().set_parameter([0.5, 1.0, 1.5, 4.0])
                                   .step().set_parameter([1.0, "nan", 1.0, 1.0]).set_parameter_count(1, [1.0] * 5)
                                   .step().op("other_cell", b"\x02"))
    s["bernoulli_f32_logits"] = (Seed(F32, BERNOULLI).init((4,), 2, "3.1", 1, first=True)
                                 .write(4, [0.5, -3.5, 2.0, "inf"]).access("mask", [(1, 0.0)]).step()
                                 .op("set_subnormals", b"\x01").step().op("other_cell", b"\x01")
                                 .op("batched_reset", b"\x01").step().op("null_instance"))
    s["bernoulli_f64_probability"] = (Seed(F64, BERNOULLI).init((6,), 1, "exact", 0, first=True)
                                      .write(6, [0.0, 0.5, 1.0, -0.5, "denorm", "max"])
                                      .access("modulator", [(2, 3.5)]).step().op("copy").step())
    s["bad_enum"] = (Seed(F32, LAPLACIAN).init((3,), 1, "3.1", 3, first=True)  # form 3: not a form
                     .step().init((3,), 1, "3.1", 0, raw_conv=7)  # convention 7
                     .init((3,), 1, "3.2", 2)  # a full Scale: not a Laplacian form
                     .op("other_cell", b"\x00").init((3,), 1, "3.2", 1).step())
    s["bad_scale"] = (Seed(F64, LAPLACIAN).init((4,), 2, "3.1", 0, "nan", first=True).init((4,), 2, "3.1", 0, "0")
                      .init((4,), 2, "3.1", 0, -1.0).init((4,), 2, "3.1", 0, "inf").init((4,), 2, "3.1", 1, 1.0)
                      .set_parameter([1.0, -0.5, 1.0, 1.0]).set_parameter([1.0, 1.0, 1.0, 1.0], null=True)
                      .set_parameter_count(3, [1.0]).step())
    s["zero_batch"] = (Seed(F32, LAPLACIAN).init((2,), 0, "3.1", 0, first=True).init((2,), 3, "3.1", 0)
                       .op("batched_reset", b"\x00").op("batched_reset", b"\x04").op("batched_reset", b"\x01")
                       .step())
    # The leaky Gaussian cell: integrators, tau 0, Euler's dt / tau limit, set_tau.
    s["leaky_f32_scalar_euler"] = (Seed(F32, LEAKY).init((3,), 2, "3.1", 0, 1.0, tau=0.25, euler=True, first=True)
                                   .write(3, [0.5, -1.0, 2.0]).step(0.5).step(0.5).step(1.0)  # 1 / 0.25 > 2
                                   .op("set_tau", b"\x00").step(1.0).op("set_tau", b"\x80", value("nan"))
                                   .op("set_tau", b"\x04").access("mask", [(0, 0.0)]).step(0.5).op("reset").step(0.5))
    s["leaky_f64_per_unit_exponential"] = (Seed(F64, LEAKY).init((1, 2, 3), 2, "3.2", 1, 2.0, tau=0.0625, first=True)
                                           .write(6, [1.0, -2.0, 0.5, 3.5, "0", -4.0]).step(0.5).step(2.0)
                                           .step("0").step("nan").set_parameter([0.5, 1.0, 1.5, 2.0, 2.5, 3.0])
                                           .step(1.0).op("other_cell", b"\x00").op("copy"))
    s["leaky_f32_full"] = (Seed(F32, LEAKY).init((4,), 2, "exact", 2, 1.0, tau=0.125, first=True)
                           .write(4, [0.5, 1.0, -1.5, 2.0]).step(0.5)
                           .set_parameter([2.0] * 16, diagonal=True).step(0.5).op("set_subnormals", b"\x01").step(0.5))
    s["leaky_bad_tau_integrator"] = (Seed(F64, LEAKY).init((2,), 1, "3.1", 0, 1.0, tau=-1.0, first=True)
                                     .init((2,), 1, "3.1", 0, 1.0, tau="inf").init((2,), 1, "3.1", 0, 1.0, tau=0.0)
                                     .write(2, [1.0, -1.0]).step(0.5).step("-0"))
    # The Gaussian cell's full covariance and the extended calls.
    s["gaussian_f64_full_exact"] = (Seed(F64, GAUSSIAN).init((5,), 3, "exact", 2, 1.5, first=True)
                                    .write(5, [1.0, -2.0, 0.5, 3.0, -0.5]).step()
                                    .set_parameter([0.5 + 0.5 * (i % 4) for i in range(25)], diagonal=True).step()
                                    .set_parameter([1.0] * 25).step().set_parameter([1.0] * 24 + ["nan"])
                                    .init((2, 2, 2), 1, "exact", 2))  # a full covariance needs rank 1
    s["gaussian_f32_extended"] = (Seed(F32, GAUSSIAN).init((6,), 2, "3.2", 1, 0.5, first=True)
                                  .write(6, [1.0, 0.5, -0.5, 2.0, "min", "denorm"]).op("set_subnormals", b"\x01")
                                  .step().op("set_subnormals", b"\x03").op("set_subnormals", b"\x00").step()
                                  .op("other_cell", b"\x01").op("other_cell", b"\x02").op("copy").op("null_instance"))
    return s


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "c_api")
    for name, seed in seeds().items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(seed.bytes())


if __name__ == "__main__":
    main()
