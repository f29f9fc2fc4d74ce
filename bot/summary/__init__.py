"""Officials' side: daily summaries, exports, charts, reminders and paced sending (issue 5).

`build` computes and renders (pure), `data` reads the tables, `export` writes .xlsx/.csv,
`chart` draws the PNG, `sender` paces sends to many chats, `schedule` decides when and
sends exactly once (`OfficialsDesk`).
"""
