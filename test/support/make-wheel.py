"""Writes a pure-Python py3-none-any wheel described by a JSON spec on stdin; prints its path.

Kept in Python because zipfile and hashlib give a byte-exact RECORD with no extra dependencies.
"""

import base64
import hashlib
import json
import os
import re
import sys
import zipfile

spec = json.load(sys.stdin)
name = spec["name"]
version = spec["version"]
out_dir = spec["outDir"]
# Wheel filenames escape the normalised project name with underscores (binary distribution format).
escaped = re.sub(r"[-_.]+", "_", name).lower()
dist_info = f"{escaped}-{version}.dist-info"

metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
if spec.get("requiresPython"):
    metadata.append(f"Requires-Python: {spec['requiresPython']}")
for req in spec.get("requires") or []:
    metadata.append(f"Requires-Dist: {req}")
for label, url in (spec.get("projectUrls") or {}).items():
    metadata.append(f"Project-URL: {label}, {url}")
wheel_meta = ["Wheel-Version: 1.0", "Generator: matrix-test-support", "Root-Is-Purelib: true", "Tag: py3-none-any"]

entries = [(path, content.encode()) for path, content in spec["files"].items()]
entries.append((f"{dist_info}/METADATA", ("\n".join(metadata) + "\n").encode()))
entries.append((f"{dist_info}/WHEEL", ("\n".join(wheel_meta) + "\n").encode()))


def record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


record_path = f"{dist_info}/RECORD"
record = "\n".join([record_line(p, d) for p, d in entries] + [f"{record_path},,"]) + "\n"
entries.append((record_path, record.encode()))

os.makedirs(out_dir, exist_ok=True)
wheel_path = os.path.join(out_dir, f"{escaped}-{version}-py3-none-any.whl")
with zipfile.ZipFile(wheel_path, "w", zipfile.ZIP_DEFLATED) as zf:
    for path, data in entries:
        # A fixed timestamp keeps the wheel (and its sha256) the same from run to run.
        info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, data)
print(wheel_path)
