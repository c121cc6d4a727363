"""The annual work summary (年度工作总结): the year told in the seed's three parts, every figure
computed from records, the wording kept in ``SummaryText`` rows the office edits.

- ``template``: the wording language — named figures in braces, optional segments in brackets;
  checking a template (unknown names refused) and filling it.
- ``defaults``: the wording a site starts with, reading like the seed.
- ``build``: ``summary_build`` puts the figures of a year (and the year before) into the wording
  and returns a ``Summary`` (below) — the one structure every output reads.
- ``charts``, ``docx``, ``pdf``: the pictures, the Word document (GB/T 9704-2012) and its PDF.
"""
