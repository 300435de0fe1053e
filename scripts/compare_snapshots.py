"""Check that per-function program snapshots hold what the per-program ones held.

Usage: compare_snapshots.py OLD_DIR NEW_DIR
OLD_DIR holds `programs__programs@<program>.py.snap` (one per program, the `py` stage a whole
module); NEW_DIR is `tests/snapshots` with `programs/<program>/<function>.snap`. Each stage of
each function is compared after value names (`%12`, `%v19`, `%m3#1`, `%t4`, `%arg0`) are
renumbered in order of appearance within each top-level function: the texts must then be
equal, and no section may be missing on either side.
"""
import pathlib
import re
import sys

HEADER = re.compile(r"^// ===== (.*) =====$", re.M)
NAME = re.compile(r"%(arg|v|m|t|)(\d+)\b")


def body(path):
    text = path.read_text()
    return text.split("\n---\n", 1)[1] if text.startswith("---") else text


def sections(text):
    parts = HEADER.split(text)
    return [(parts[i], parts[i + 1].strip("\n")) for i in range(1, len(parts), 2)]


def renumber(chunk):
    names, counts = {}, {}
    def canonical(m):
        if m.group(0) not in names:
            kind = m.group(1)
            counts[kind] = counts.get(kind, 0) + 1
            names[m.group(0)] = f"%{kind}<{counts[kind]}>"
        return names[m.group(0)]
    return NAME.sub(canonical, chunk)


def normalise(text):
    """Renumbered per top-level function (a line starting `  func.func` or `py.func`)."""
    chunks, current = [], []
    for line in text.splitlines():
        if re.match(r"^\s*(func\.func|py\.func|gpu\.func) ", line) and current:
            chunks.append(current)
            current = []
        current.append(line)
    chunks.append(current)
    return "\n".join(renumber("\n".join(c)) for c in chunks)


def old_sections(path):
    out = {}
    for header, text in sections(body(path)):
        if header == "stage: py":
            functions = re.split(r"\n(?=  py\.func )", text)
            for f in functions[1:]:
                m = re.search(r'sym_name = "(\w+)"', f)
                if m is None:
                    raise ValueError(f"{path}: no function in {f[:200]!r}")
                lines = [l[2:] if l.startswith("  ") else l for l in f.splitlines()
                         if l not in ("builtin.module {", "}")]
                out[(m.group(1), "py")] = "\n".join(lines)
            continue
        m = re.match(r"(stage: [\w-]+|codegen) (\w+) (.*)$", header)
        out[(m.group(2), f"{m.group(1)} {m.group(3)}")] = text
    return out


def new_sections(program_dir):
    out = {}
    for snap in program_dir.glob("*.snap"):
        for header, text in sections(body(snap)):
            out[(snap.stem, "py" if header == "stage: py" else header)] = text
    return out


def main():
    old_dir, new_dir = map(pathlib.Path, sys.argv[1:3])
    compared, problems = 0, []
    for old in sorted(old_dir.glob("programs__programs@*.py.snap")):
        program = old.name[len("programs__programs@"):-len(".py.snap")]
        a, b = old_sections(old), new_sections(new_dir / "programs" / program)
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                problems.append(f"{program} {key}: only in {'old' if key in a else 'new'}")
            elif normalise(a[key]) != normalise(b[key]):
                problems.append(f"{program} {key}: differs beyond value names")
            else:
                compared += 1
    examples = old_dir / "programs__examples.snap"
    if examples.exists():
        a = old_sections(examples)
        b = {}
        for program in sorted((new_dir / "examples").iterdir()):
            b.update(new_sections(program))
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b or normalise(a[key]) != normalise(b[key]):
                problems.append(f"examples {key}: missing or different")
            else:
                compared += 1
    print(f"{compared} sections equal up to value names; {len(problems)} problems")
    for p in problems:
        print("  " + p)
    return 1 if problems else 0


sys.exit(main())
