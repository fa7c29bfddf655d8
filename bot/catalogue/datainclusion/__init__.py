"""Import from and export to data·inclusion v1 (the national schema of insertion offers).

- `reading`: data·inclusion files (API JSON pages, open data JSON or CSV) → raw records;
- `values`: raw JSON/CSV values → clean Python values (lists written in CSV cells, dates…);
- `mapping`: raw records → our catalogue files (structure + services), with what was dropped and why;
- `yamlfile`: our YAML text, its import header and the hand-edit protection;
- `importing`: the import plan (create / update / unchanged / protected), applied or simulated;
- `exporting`: our catalogue → data·inclusion v1 records;
- `cli`: the `importer` and `exporter` staff commands.

No Rasa import here: the staff tools must run without the bot.
"""
