#!/usr/bin/env python3
"""Error paths of ngcrt-replay.

    error_cases.py PATH/TO/ngcrt-replay WORKDIR

Every bad input or usage must end the tool with exit status 2, nothing on stdout, exactly
one line on stderr that names the offending file (or option), and leave --out without any
output or temporary file. Failures to write the outputs exit 1 under the same rules.
Exits non-zero on failure, with a message per failed case.
"""
import os
import shutil
import subprocess
import sys

import numpy as np

F32 = np.float32
SHAPE = (3, 2, 4)  # T, B, N
FAILURES = []


def fail(case, msg):
    FAILURES.append(f"{case}: {msg}")
    print(f"FAIL {case}: {msg}", file=sys.stderr)


def good_inputs(d):
    os.makedirs(d)
    rng = np.random.default_rng(7)
    np.save(os.path.join(d, "mu.npy"), rng.standard_normal(SHAPE).astype(F32))
    np.save(os.path.join(d, "target.npy"), rng.standard_normal(SHAPE).astype(F32))


def npy_bytes(arr):
    import io
    b = io.BytesIO()
    np.save(b, arr)
    return b.getvalue()


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def run_case(tool, work, idx, name, setup, must_contain, extra_args=(), out_exists=True, expect_rc=2,
             args_override=None, expected_line=None):
    case = f"case {idx} ({name})"
    ind = os.path.join(work, f"case{idx}", "in")
    out = os.path.join(work, f"case{idx}", "out")
    good_inputs(ind)
    if setup is not None:
        setup(ind, out)
    if out_exists and not os.path.exists(out):
        os.makedirs(out)
    before = sorted(os.listdir(out)) if os.path.isdir(out) else None
    args = args_override(ind, out) if args_override else ["--in", ind, "--out", out] + list(extra_args)
    r = subprocess.run([tool] + args, capture_output=True, text=True, timeout=60)
    if r.returncode != expect_rc:
        fail(case, f"exit status {r.returncode}, expected {expect_rc}; stderr {r.stderr!r}")
    if r.stdout:
        fail(case, f"stdout not empty: {r.stdout!r}")
    if not r.stderr.endswith("\n") or r.stderr.count("\n") != 1:
        fail(case, f"stderr is not exactly one line: {r.stderr!r}")
    if not r.stderr.startswith("ngcrt-replay: "):
        fail(case, f"stderr does not start with 'ngcrt-replay: ': {r.stderr!r}")
    for fragment in must_contain:
        if fragment not in r.stderr:
            fail(case, f"stderr {r.stderr!r} does not contain {fragment!r}")
    if expected_line is not None and r.stderr != expected_line + "\n":
        fail(case, f"stderr {r.stderr!r}, expected {expected_line!r}")
    after = sorted(os.listdir(out)) if os.path.isdir(out) else None
    if after != before:
        fail(case, f"--out changed: before {before}, after {after}")
    if after is not None:
        for f in after:
            if f in ("dmu.npy", "dtarget.npy", "L.npy", "dSigma.npy") and os.path.isfile(os.path.join(out, f)):
                fail(case, f"--out holds {f}")
            if "tmp" in f:
                fail(case, f"--out holds a temporary file {f}")
    return r


def main():
    if len(sys.argv) != 3:
        print("usage: error_cases.py PATH/TO/ngcrt-replay WORKDIR", file=sys.stderr)
        return 2
    tool, work = sys.argv[1], sys.argv[2]
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)

    mu = np.random.default_rng(1).standard_normal(SHAPE).astype(F32)
    good = npy_bytes(mu)

    def rm(name):
        return lambda d, o: os.remove(os.path.join(d, name))

    def put(name, arr):
        return lambda d, o: np.save(os.path.join(d, name), arr)

    def raw(name, data):
        return lambda d, o: write(d, name, data)

    sig = lambda v: put("Sigma.npy", np.array(v, F32))
    cases = [
        # (name, setup, fragments, extra args, keyword options)
        ("missing mu.npy", rm("mu.npy"), ["mu.npy", "missing"], [], {}),
        ("missing target.npy", rm("target.npy"), ["target.npy", "missing"], [], {}),
        ("truncated data", raw("mu.npy", good[:-68]), [], [],
         {"expected_line": "ngcrt-replay: mu.npy: truncated data: expected 96 bytes, found 28"}),
        ("excess data", raw("target.npy", good + b"\0\0\0\0"), ["target.npy", "excess data"], [], {}),
        ("wrong dtype float64", put("target.npy", mu.astype(np.float64)), ["target.npy", "'<f8'"], [], {}),
        ("wrong dtype int32", put("mu.npy", mu.astype(np.int32)), ["mu.npy", "'<i4'"], [], {}),
        ("wrong dtype float16", put("mu.npy", mu.astype(np.float16)), ["mu.npy", "'<f2'"], [], {}),
        ("big-endian float32", put("mu.npy", mu.astype(">f4")), ["mu.npy", "big-endian"], [], {}),
        # Fortran order is read (order_version_cases.py), and checked like C order
        ("Fortran-order float64", put("mu.npy", np.asfortranarray(mu.astype(np.float64))), ["mu.npy", "'<f8'"], [], {}),
        ("Fortran-order mismatched shape", put("target.npy", np.asfortranarray(np.zeros((3, 2, 5), F32))),
         ["target.npy", "(3, 2, 5)", "mu.npy", "(3, 2, 4)"], [], {}),
        ("mismatched unit count", put("target.npy", np.zeros((3, 2, 5), F32)),
         ["target.npy", "(3, 2, 5)", "mu.npy", "(3, 2, 4)"], [], {}),
        ("mismatched steps", put("target.npy", np.zeros((4, 2, 4), F32)), ["target.npy", "does not match"], [], {}),
        ("mismatched rank", put("target.npy", np.zeros((3, 2, 4, 1, 1), F32)), ["target.npy", "does not match"], [], {}),
        ("mismatched modulator", put("modulator.npy", np.ones((3, 1, 4), F32)), ["modulator.npy", "does not match"], [], {}),
        ("mask float64", put("mask.npy", np.ones(SHAPE)), ["mask.npy", "'<f8'"], [], {}),
        ("wrong Sigma shape (3,)", sig([1, 2, 3]), ["Sigma.npy", "(3,)"], [], {}),
        ("wrong Sigma shape (1, 4)", sig([[1, 2, 3, 4]]), ["Sigma.npy", "(1, 4)"], [], {}),
        ("wrong Sigma shape (1, 1)", sig([[1]]), ["Sigma.npy"], [], {}),
        ("Sigma zero", sig(0.0), ["Sigma.npy", "invalid value 0"], [], {}),
        ("Sigma negative", sig(-2.0), ["Sigma.npy", "invalid value -2"], [], {}),
        ("Sigma per-unit with a zero", sig([1, 2, 0, 4]), ["Sigma.npy", "index 2"], [], {}),
        ("Sigma per-unit with a negative", sig([1, -1, 3, 4]), ["Sigma.npy", "index 1"], [], {}),
        ("Sigma NaN", sig([np.nan]), ["Sigma.npy", "nan"], [], {}),
        ("Sigma inf", sig(np.inf), ["Sigma.npy", "inf"], [], {}),
        ("Sigma -0.0", sig(-0.0), ["Sigma.npy"], [], {}),
        ("Sigma float64", put("Sigma.npy", np.array(2.0)), ["Sigma.npy", "'<f8'"], [], {}),
        ("bad magic", raw("mu.npy", b"\x93NUMPX" + good[6:]), ["mu.npy", "bad magic"], [], {}),
        ("not an npy file", raw("mu.npy", b"hello, world\n"), ["mu.npy", "bad magic"], [], {}),
        ("empty file", raw("mu.npy", b""), ["mu.npy", "bad magic"], [], {}),
        ("truncated header", raw("mu.npy", good[:40]), ["mu.npy", "truncated header"], [], {}),
        ("unsupported version", raw("mu.npy", good[:6] + b"\x04\x00" + good[8:]), ["mu.npy", "version 4.0"], [], {}),
        ("mu.npy is a directory", lambda d, o: (os.remove(os.path.join(d, "mu.npy")), os.mkdir(os.path.join(d, "mu.npy"))),
         ["mu.npy", "directory"], [], {}),
        ("mu rank 2", put("mu.npy", np.zeros((3, 8), F32)), ["mu.npy", "rank 2"], [], {}),
        ("mu rank 4", put("mu.npy", np.zeros((3, 2, 2, 2), F32)), ["mu.npy", "rank 4"], [], {}),
        ("mu zero batch", lambda d, o: (np.save(os.path.join(d, "mu.npy"), np.zeros((3, 0, 4), F32)),
                                        np.save(os.path.join(d, "target.npy"), np.zeros((3, 0, 4), F32))),
         ["mu.npy", "positive"], [], {}),
        ("--sigma with Sigma.npy", sig(2.0), ["Sigma.npy", "--sigma"], ["--sigma", "2"], {}),
        ("--sigma 0", None, ["--sigma"], ["--sigma", "0"], {}),
        ("--sigma -1", None, ["--sigma"], ["--sigma", "-1"], {}),
        ("--sigma nan", None, ["--sigma"], ["--sigma", "nan"], {}),
        ("--sigma inf", None, ["--sigma"], ["--sigma", "inf"], {}),
        ("--sigma 1e-50 (0 in float32)", None, ["--sigma"], ["--sigma", "1e-50"], {}),
        ("--sigma 1e50 (inf in float32)", None, ["--sigma"], ["--sigma", "1e50"], {}),
        ("--sigma abc", None, ["--sigma", "abc"], ["--sigma", "abc"], {}),
        ("--sigma 2x", None, ["--sigma"], ["--sigma", "2x"], {}),
        ("--sigma empty", None, ["--sigma"], ["--sigma", ""], {}),
        ("--sigma given twice", None, ["--sigma"], ["--sigma", "1", "--sigma", "2"], {}),
        ("--sigma without value", None, ["--sigma"], ["--sigma"], {}),
        ("bad --convention", None, ["--convention", "3.3"], ["--convention", "3.3"], {}),
        ("unknown option", None, ["--bogus"], ["--bogus"], {}),
        ("stray argument", None, ["stray"], ["stray"], {}),
        ("missing --in", None, ["--in"], [], {"args_override": lambda d, o: ["--out", o]}),
        ("missing --out", None, ["--out"], [], {"args_override": lambda d, o: ["--in", d]}),
        ("no arguments", None, ["usage"], [], {"args_override": lambda d, o: []}),
        ("bad input, --out missing", rm("target.npy"), ["target.npy"], [], {"out_exists": False}),
        # output side: exit 1, one line, no temporaries
        ("--out parent missing", None, ["cannot create output directory"], [],
         {"expect_rc": 1, "out_exists": False,
          "args_override": lambda d, o: ["--in", d, "--out", os.path.join(o, "deeper", "out")]}),
        ("--out is a file", lambda d, o: write(os.path.dirname(o), "out", b"x"), ["not a directory"], [],
         {"expect_rc": 1, "out_exists": False}),
        ("an output name is a directory", lambda d, o: os.makedirs(os.path.join(o, "L.npy", "x")),
         ["L.npy", "not a regular file"], [], {"expect_rc": 1}),
    ]
    for idx, (name, setup, fragments, extra, kw) in enumerate(cases):
        run_case(tool, work, idx, name, setup, fragments, extra, **kw)

    # Success over existing outputs: replaced, no temporaries left.
    ind = os.path.join(work, "overwrite", "in")
    out = os.path.join(work, "overwrite", "out")
    good_inputs(ind)
    os.makedirs(out)
    for f in ("dmu.npy", "dtarget.npy", "L.npy", "dSigma.npy"):
        write(out, f, b"stale")
    r = subprocess.run([tool, "--in", ind, "--out", out], capture_output=True, text=True, timeout=60)
    if r.returncode != 0 or r.stderr or r.stdout:
        fail("overwrite", f"exit status {r.returncode}, stdout {r.stdout!r}, stderr {r.stderr!r}")
    elif sorted(os.listdir(out)) != ["L.npy", "dSigma.npy", "dmu.npy", "dtarget.npy"]:
        fail("overwrite", f"--out holds {sorted(os.listdir(out))}")
    elif np.load(os.path.join(out, "dmu.npy")).shape != SHAPE:
        fail("overwrite", "dmu.npy was not replaced")

    # --help is not an error.
    r = subprocess.run([tool, "--help"], capture_output=True, text=True, timeout=60)
    if r.returncode != 0 or "usage" not in r.stdout or r.stderr:
        fail("--help", f"exit status {r.returncode}, stdout {r.stdout!r}, stderr {r.stderr!r}")

    if FAILURES:
        print(f"error_cases.py: {len(FAILURES)} failure(s)", file=sys.stderr)
        return 1
    print(f"error_cases.py: {len(cases)} error cases, overwrite and --help passed")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
