"""The citizens' questions the load benchmarks ask in turn (paraphrased, with and without
diacritics, one off-topic): one list, so that bot_load and summary_bench load the bot alike."""

QUESTIONS = [
    "chủ đề tuần lễ ở nam triệu là gì",
    "khai mac o thanh binh luc may gio",
    "hạn nộp báo cáo của các trường ở đăk plô",
    "duc trong gui bao cao qua email nao",
    "an lão treo băng rôn ở đâu",
    "còn mấy ngày nữa thì tuần lễ bắt đầu",
    "giá vàng hôm nay",
]
