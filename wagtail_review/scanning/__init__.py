"""Scanning what is written and published (Art. 6, 10, 16): wording errors, officials' names and titles,
sensitive expressions and personal data, found with their positions so a person can see and fix them.

* ``normalise`` — text folded so variants match alike (traditional/simplified, full/half width);
* ``lexicons`` — the tables the information centre keeps (models, with history);
* ``matcher`` — one Aho–Corasick automaton per lexicon version, shared by the process;
* ``personal_data`` — 居民身份证号, mobile and bank card numbers, by pattern and checksum;
* ``scanner`` — ``scan_text`` and the ``Finding`` it returns.
"""
