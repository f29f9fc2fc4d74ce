"""Plans published without a restart (issue 12, items 4–6).

- `catalogue`: the catalogue built from PLANS_DIR's YAML files merged with the plans published in
  the database, and the cheap fingerprint of those files;
- `reloader`: each worker polls the catalogue version and the files, rebuilds off the event loop
  and swaps `LiveKnowledge` whole; problems go to the admins once, the old catalogue stays;
- `store`: publishing and rolling back versions (chat and command line share it);
- `desk`: the admins' chat: a document becomes a draft, corrections, publish, versions, units.
"""
