#!/usr/bin/env python3
# Regenerates ../Police110ShippedMappings.swift from the *.json files beside this script (the editable source):
#     python3 Channels/Police110/Mappings/embed.py
import os
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
names = ["pinyin", "camelcase"]
out = ['import IntakeCore', '',
       '/// The shipped mappings, embedded so the adapter and its tests need no files. Generated from',
       '/// `Channels/Police110/Mappings/*.json` by `Mappings/embed.py`; the files stay the editable source of truth (a test checks\n/// that the two agree).',
       'public enum Police110ShippedMappings {']
for n in names:
    text = open(f"{root}/Mappings/{n}.json", encoding="utf-8").read()
    assert '"""' not in text and '\\' not in text
    out.append(f'    /// `Mappings/{n}.json`.')
    out.append(f'    public static let {n}JSON = #"""')
    out.extend(text.rstrip("\n").split("\n"))
    out.append('"""#')
    out.append('')
out.append('    /// The file name (without `.json`) and text of every shipped mapping.')
out.append('    public static let sources: [(file: String, text: String)] = [' + ", ".join(f'("{n}", {n}JSON)' for n in names) + ']')
out.append('')
out.append('    /// The shipped mappings, parsed; the order is the detection order.')
out.append('    public static let all: [Police110Mapping] = sources.compactMap { try? Police110Mapping.parse(Array($0.text.utf8)) }')
out.append('}')
open(f"{root}/Police110ShippedMappings.swift", "w", encoding="utf-8").write("\n".join(out) + "\n")
