"""Set translations in a .po file from a JSON dict {msgid: msgstr}; clears their fuzzy flags.

usage: python scripts/po_set.py houqin/locale/zh_Hans/LC_MESSAGES/django.po translations.json
Only single-line msgids of singular entries are handled (plural entries are left alone).
"""

import json
import re
import sys


def unquote(line: str) -> str:
    return json.loads(line)


def main(po_path: str, json_path: str) -> None:
    wanted = json.load(open(json_path, encoding="utf-8"))
    blocks = open(po_path, encoding="utf-8").read().split("\n\n")
    done = set()
    for i, block in enumerate(blocks):
        m = re.search(r'^msgid (".*")\nmsgstr ".*"$', block, re.M)
        if not m:
            continue
        msgid = unquote(m.group(1))
        if msgid in wanted:
            lines = [ln for ln in block.split("\n")
                     if not ln.startswith("#, fuzzy") and not ln.startswith("#| ")]
            lines = [ln.replace("#, fuzzy, ", "#, ") for ln in lines]
            text = "\n".join(lines)
            text = re.sub(r'^msgstr ".*"$', "msgstr " + json.dumps(wanted[msgid], ensure_ascii=False),
                          text, flags=re.M)
            blocks[i] = text
            done.add(msgid)
    open(po_path, "w", encoding="utf-8").write("\n\n".join(blocks))
    missing = set(wanted) - done
    if missing:
        print("not found:", sorted(missing))


if __name__ == "__main__":
    main(*sys.argv[1:])
