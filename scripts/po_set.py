"""Set translations in a .po file from a JSON dict {msgid: msgstr}; clears their fuzzy flags.

usage: python scripts/po_set.py houqin/locale/zh_Hans/LC_MESSAGES/django.po translations.json
Singular entries only (plural entries are left alone).
"""

import json
import re
import sys
from pathlib import Path


def set_translations(po_path: str, json_path: str) -> None:
    wanted = json.loads(Path(json_path).read_text(encoding="utf-8"))
    blocks = Path(po_path).read_text(encoding="utf-8").split("\n\n")
    done = set()
    for i, block in enumerate(blocks):
        match = re.search(r'^msgid ((?:".*"\n)+)msgstr ', block + "\n", re.M)
        if not match or "msgid_plural" in block:
            continue
        msgid = "".join(json.loads(part) for part in match.group(1).split("\n") if part)
        if msgid not in wanted:
            continue
        lines = [ln for ln in block.split("\n") if not ln.startswith("#| ") and ln != "#, fuzzy"]
        head = "\n".join(ln.replace("#, fuzzy, ", "#, ") for ln in lines)
        head = head[: head.index("\nmsgstr ") + 1]
        blocks[i] = head + "msgstr " + json.dumps(wanted[msgid], ensure_ascii=False)
        done.add(msgid)
    Path(po_path).write_text("\n\n".join(blocks), encoding="utf-8")
    missing = set(wanted) - done
    if missing:
        print("not found:", sorted(missing))


if __name__ == "__main__":
    set_translations(*sys.argv[1:])
