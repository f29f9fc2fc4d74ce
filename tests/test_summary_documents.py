"""The documents are built off the event loop: from one load, in worker threads or a process (the bot
reads and builds them in its worker process, `bot.summary.worker`)."""

from __future__ import annotations

import asyncio
import csv
import io
import pickle
from concurrent.futures import ThreadPoolExecutor

from bot.db.session import Database
from bot.summary import worker
from bot.summary.documents import build_export, build_summary_messages
from tests.summary_helpers import PLAN, add_submission, add_units, docx_parts, make_desk, results_table, vn


async def _inputs(db, knowledge):
    await add_units(db, {f"u{i}": f"Trường {i}" for i in range(12)})
    for i in range(9):
        await add_submission(
            db, f"u{i}", {"press_articles": 100 + i, "leaflets": 10}, confirmed_at=vn(2025, 10, 3 + i, 9)
        )
    return await make_desk(db, knowledge).inputs(PLAN)


async def test_inputs_travel_to_a_worker_process_and_build_the_same_documents(db, knowledge):
    inputs = await _inputs(db, knowledge)
    copy = pickle.loads(pickle.dumps(inputs))
    here, there = build_export(inputs), build_export(copy)
    assert here.csv == there.csv
    assert results_table(docx_parts(here.docx)[1]) == results_table(docx_parts(there.docx)[1])


async def test_documents_built_in_parallel_threads_agree(db, knowledge):
    inputs = await _inputs(db, knowledge)
    with ThreadPoolExecutor(max_workers=4) as pool:
        exports = list(pool.map(build_export, [inputs] * 4))
        charts = list(pool.map(build_summary_messages, [inputs] * 2))
    assert len({export.csv for export in exports}) == 1
    tables = [results_table(docx_parts(export.docx)[1]) for export in exports]
    assert all(table == tables[0] for table in tables)
    assert tables[0]["Số bài viết trên các báo"][0] == "936 bài"  # 100 + … + 108
    assert all(png is not None and png.startswith(b"\x89PNG") for _, png in charts)
    rows = list(csv.reader(io.StringIO(exports[0].csv.decode("utf-8-sig"))))
    assert rows[-1][1] == "TỔNG CỘNG"


async def test_the_event_loop_keeps_running_while_an_export_builds(db, knowledge):
    desk = make_desk(db, knowledge)
    await _inputs(db, knowledge)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0)
            ticks += 1

    task = asyncio.create_task(ticker())
    export = await desk.export(PLAN)
    task.cancel()
    assert export.docx.startswith(b"PK") and ticks > 10  # the loop ran meanwhile: the work was elsewhere


async def test_export_read_and_built_in_the_worker_process_is_the_one_built_here(db, knowledge):
    desk = make_desk(db, knowledge)
    await _inputs(db, knowledge)
    there = await desk.export(PLAN)
    assert worker.reachable_from_another_process(db) and worker._pool is not None  # served by the process
    here = build_export(await desk.inputs(PLAN, with_questions=False))
    assert there.csv == here.csv
    assert results_table(docx_parts(there.docx)[1]) == results_table(docx_parts(here.docx)[1])
    assert (there.xlsx_name, there.csv_name, there.docx_name) == (here.xlsx_name, here.csv_name, here.docx_name)


async def test_summary_read_and_drawn_in_the_worker_process_is_the_one_drawn_here(db, knowledge):
    desk = make_desk(db, knowledge)
    await _inputs(db, knowledge)
    chunks, png = await desk.summary_messages(PLAN)
    here_chunks, here_png = build_summary_messages(await desk.inputs(PLAN, with_sections=False))
    assert chunks == here_chunks
    assert png is not None and here_png is not None and png.startswith(b"\x89PNG")


def test_a_memory_database_is_not_given_to_another_process(tmp_path):
    assert not worker.reachable_from_another_process(Database("sqlite+aiosqlite://"))
    assert worker.reachable_from_another_process(Database(f"sqlite+aiosqlite:///{tmp_path / 'file.sqlite3'}"))
