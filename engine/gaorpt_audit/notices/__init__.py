"""What a supervisory office sends out: a 整改通知 per publisher and a region's 通报, as Word
documents (python-docx). Wording lives in TOML templates (templates/), overridable from the
config's [notices] section; scores, grades and the ranking come from the audit and rank.py,
never recomputed here."""
