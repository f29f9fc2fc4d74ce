"""Words the engine knows about questions (all in folded form: no diacritics, lower case).

Kept apart from the matching code so a linguist can extend it without touching logic.
"""

from __future__ import annotations

# Words that carry no content of their own in a question.
STOPWORDS: frozenset[str] = frozenset(
    [
        # adverbs of degree and addition that no plan uses: "học thêm", "rất đông", "đều ham học"
        "them",
        "rat",
        "deu",
        "cach",  # "dạy người dân cách giữ …": how; the plans say what is taught
        "lo",  # "để lo các hoạt động": to see to, a helper verb no plan uses
        "hon",  # "đọc sách nhiều hơn": a comparative no plan makes
        "lay",  # "lấy khẩu hiệu chủ đề là gì": to take as; "lấy tiền / phí" is read as a phrase
        "khoang",  # "khoảng thời gian nào", "khoảng bao nhiêu người": about, no plan's word
        "la",
        "gi",
        "nao",
        "cua",
        "o",
        "co",
        "khong",
        "vay",
        "a",
        "ah",
        "nhe",
        "nha",
        "the",
        "nhu",
        "ra",
        "sao",
        "ai",
        "nhung",
        "cac",
        "mot",
        "va",
        "voi",
        "cho",
        "de",
        "duoc",
        "thi",
        "ma",
        "nay",
        "do",
        "ay",
        "kia",
        "oi",
        "minh",
        "toi",
        "em",
        "anh",
        "chi",
        "hoi",
        "xin",
        "vui",
        "long",
        "lam",
        "on",
        "biet",
        "muon",
        "phai",
        "hay",
        "hoac",
        "bao",
        "lau",
        "may",
        "khi",
        "dau",
        "tai",
        "ve",
        "tu",
        "den",
        "trong",
        "tren",
        "sau",
        "truoc",
        "roi",
        "chua",
        "da",
        "se",
        "van",
        "ha",
        "ho",
        "nhi",
        "nhiu",
        "luc",
        "gio",
        "vi",
        "hi",
        "hello",
        "chao",
        "ad",
        "admin",
        "bot",
        "oke",
        "ok",
        "uh",
        "um",
        "uhm",
        "dc",
        "rang",
        "ben",
        "con",
        "theo",
        "di",
        "kieu",
        "gium",
        "giup",
        "xem",
        "coi",
        "noi",
        "cai",
        "ne",
        "ta",
        "vao",
        # chat fillers, pronouns and kinship terms used as pronouns, politeness
        "tui",
        "no",
        "bon",
        "chung",
        "ong",
        "ba",
        "chau",
        "bac",
        "me",
        "muon",
        "nghe",
        "dum",
        "nhe",
        "hen",
        "thua",
        "ak",
        "uk",
        "ua",
        "ui",
        "dzay",
        "zay",
        "nen",
        "luon",
        "xiu",
        "chut",
        "hom",
        "dang",
        "bi",
        "len",
        "xuong",
        "vo",
        "vs",
        "rua",
        "hem",
        "nho",
        "gap",  # "mik cần bik gấp": urgently
    ]
)

# Words that frame a question rather than name its content ("nhấn mạnh", "khác nhau").
FRAMING: tuple[str, ...] = (
    "nhan manh",
    "de cap",
    "neu ro",
    "nhac den",
    "nhac toi",  # "có nhắc tới / nói tới / nói về X không": the question is X
    "nhac ve",
    "co nhac",  # "kế hoạch có nhắc covid không": mentions
    "neu co thi",  # "… có … không, nếu có thì địa chỉ là gì": a condition, no content
    "neu co",
    "neu vay thi",
    "noi toi",
    "noi den",
    "noi ve",
    "de cap toi",
    "de cap den",
    "khac nhau",
    "giong nhau",
    "so sanh",
    "cu the",
    "co phai",
    "the nao",
    "nhu the nao",
    "ra sao",
    "bang cach nao",
    "cach nao",
    "goi y",
    "su kien",
    "giu vai tro",
    "luu y",
    "lam quen",
    "gom nhung",
    "bao gom",
    "gom co",
    "lan luot",  # "hạn ở A và ở B lần lượt là ngày nào": respectively (no "số lượt người")
    # "Trong kế hoạch tuần lễ thì nhà trường phải làm gì": where to look, not what (every fact is the plan's)
    "trong ke hoach tuan le",
    "theo ke hoach tuan le",
    "trong ke hoach",
    "theo ke hoach",
    "co gang",  # "để thầy và trò cùng cố gắng": an exhortation, no plan's word
)

# Generic words of the domain: present in nearly every plan, so they identify nothing.
DOMAIN_WORDS: frozenset[str] = frozenset(
    ["tuan", "le", "huong", "ung", "hoc", "tap", "suot", "doi", "ke", "hoach", "nam"]
)

# Variant phrase -> canonical phrase; applied to questions and to the index alike.
SYNONYMS: dict[str, str] = {
    "khai giang": "khai mac",
    "han chot": "han",
    "thoi han": "han",
    "deadline": "han",
    "han nop": "han",
    "nop bao cao": "gui bao cao",
    "nop bc": "gui bao cao",
    "bang-ron": "bang ron",
    "pa no": "pano",
    "pa-no": "pano",
    "be mac": "tong ket",
    "e-mail": "email",
    "thu dien tu": "email",
    "mail": "email",
    "gmail": "email",
    "ngan sach": "kinh phi",
    "chi phi": "kinh phi",
    "khau hieu chu de": "chu de",
    "thong diep": "chu de",
    "chu de chinh": "chu de",
    "slogan": "khau hieu",
    "robot": "ro-bot",
    "ro bot": "ro-bot",
    "uy ban nhan dan": "ubnd",
    "phong giao duc va dao tao": "phong gddt",
    "phong giao duc dao tao": "phong gddt",
    "phong giao duc": "phong gddt",
    "so giao duc va dao tao": "so gddt",
    "so giao duc dao tao": "so gddt",
    "so giao duc": "so gddt",
    "giao duc va dao tao": "gddt",
    "trung tam hoc tap cong dong": "tthtcd",
    "trung tam htcd": "tthtcd",
    "mat tran to quoc": "mttq",
    "uy ban mttq": "ubmttq",
    "ubnd mttq": "ubmttq",
    "trung tam van hoa thong tin va the thao": "trung tam vhtttt",
    "trung tam van hoa - thong tin va the thao": "trung tam vhtttt",
    "trung tam van hoa thong tin the thao": "trung tam vhtttt",
    "trung tam vh-tt-tt": "trung tam vhtttt",
    "trung tam van hoa the thao": "trung tam vhtttt",
    "phong van hoa - xa hoi": "phong vhxh",
    "phong van hoa xa hoi": "phong vhxh",
    "phong van hoa – xa hoi": "phong vhxh",
    "co so giao duc": "co so giao duc",
    "nha truong": "truong hoc",
    "cac truong": "truong hoc",
    "don vi truong hoc": "truong hoc",
    "so luong": "so",
    "ki": "ky",
    "chon chu de": "chu de",
    "kenh": "phuong tien",
    "phu huynh": "cha me hoc sinh",
    "dau tien": "dau tien",  # kept whole: "đầu tiên tổ chức" holds no "tiền tổ chức" (kinh phí)
    "nguon tien": "nguon kinh phi",
    "lay tien tu dau": "nguon kinh phi",
    "lay tien o dau": "nguon kinh phi",
    "tien tu dau": "nguon kinh phi",
    "tien o dau ra": "nguon kinh phi",
    "lay tu dau": "nguon",
    "lay o dau": "nguon",
    "o dau ra": "nguon",  # "tiền lấy ở đâu ra": where from, a source, not a venue
    "tu dau ra": "nguon",
    "chiu trach nhiem": "trach nhiem",
    "online": "truc tuyen",
    "cong ty": "doanh nghiep",
    "an toan thong tin": "bao mat thong tin",
    "giu an toan thong tin": "bao mat thong tin",
    "kenh thong tin": "phuong tien thong tin",
    "so lieu": "so",
    "dien so": "so",
    "dac biet la": "uu tien",
    "tri tue nhan tao": "ai-tech",
    "lua chon chu de": "chu de",
    "ky ten": "ky",
    "dat but ky": "ky",  # "do ai đặt bút ký": signed
    "bay cho": "huong dan",  # "có bày cho dân cách …": show, teach
    "hang hai": "tich cuc",  # "khen những ai hăng hái": eager, the plans' "tích cực"
    "cong bang": "binh dang",  # "học hành công bằng hơn": the plans' "bình đẳng"
    "giu chuc vu": "chuc vu",  # "(người ký) giữ chức vụ gì": holds which office
    "giu chuc": "chuc vu",
    "giap bien gioi": "bien gioi",
    "danh cho ai": "cho ai",  # "lớp … dành cho ai": for whom ("dành" names nothing of the class)
    "danh cho nhung ai": "cho nhung ai",
    "danh cho doi tuong nao": "cho doi tuong nao",
    "website": "dia chi",
    "trang web": "dia chi",
    "web": "dia chi",
    "link": "dia chi",
    "duong link": "dia chi",
    "may hom nua": "may ngay nua",
    "bao nhieu hom nua": "bao nhieu ngay nua",
    "dia diem": "o dau",
    "noi to chuc": "o dau",
    "bao gio": "khi nao",
    "luc nao": "khi nao",
    "ngay nao": "khi nao",
    "ngay cu the nao": "khi nao",
    "tren co so": "can cu",  # "được xây dựng trên cơ sở những văn bản nào" (not "cơ sở" = an establishment)
    "mang viec": "viec",  # "những mảng việc nào" ("mảng" folds like "mạng")
    "mang cong viec": "cong viec",  # "ký ban hành vào ngày cụ thể nào"
    "ngay nao cu the": "khi nao",
    "hom nao": "khi nao",
    "thoi gian nao": "khi nao",
    "may gio": "gio",
    "goi la gi": "la gi",  # "quỹ đó gọi là gì": what it is (its name), no word of the plans
    "goi la quy gi": "la quy gi",
    "bao nhieu ngay": "may ngay",
    # "lịch tuần lễ thế nào": its dates (not "lịch sử", "lịch sự": only these phrases)
    "lich tuan le": "thoi gian tuan le khi nao",
    "lich to chuc": "thoi gian to chuc khi nao",
    "lich dien ra": "thoi gian dien ra khi nao",
    "lich trinh tuan le": "thoi gian tuan le khi nao",
}

# Question words -> the kind of answer they ask for.
ASKS_DATE = (
    "khi nao", "ngay may", "ngay bao nhieu", "han may", "han ngay may", "moc may", "thang may", "thang nao",
    "thoi diem nao",
)  # fmt: skip
# "thời gian" asks when only before these words (or at the end): "thời gian đọc sách" is a topic
TIME_ASKED_AFTER = ("nao", "to chuc", "dien ra", "bat dau", "ket thuc", "la", "cua", "tu", "khi nao", "bao gio")
ASKS_TIME = ("gio",)
ASKS_VENUE = ("o dau", "tai dau", "cho nao", "noi nao")
# kinds of place that "ở / tại … nào" asks to be named: a venue, not a locality's plan
PLACE_NOUNS = (
    "nha van hoa", "nha sinh hoat", "hoi truong", "truong", "thon", "to dan pho", "khu pho", "khu dan cu",
    "trung tam", "dia diem", "phong hop", "thu vien",
)  # fmt: skip
# kinds of place of a locality: "tại xã nào", "thôn nào tổ chức …" (one, in a locality named) is answered
# only by a fact that names one ("thôn Đông", "Trường THCS Lê Lợi"), not by "các nhà văn hóa thôn"
PLACE_WHICH_KINDS: tuple[str, ...] = (
    "to dan pho", "khu dan cu", "thi tran", "nha van hoa", "hoi truong", "thon", "xom", "ap", "xa", "phuong",
    "huyen", "truong", "khu pho", "o phong", "tai phong", "phong hoc",
)  # fmt: skip
# words before such a kind that ask for several or a level, which a general phrase may answer
PLACE_WHICH_PLURAL: frozenset[str] = frozenset("nhung cac moi cap loai".split())
# kinds of body asked for one by "… nào" ("cơ quan nào đứng ra …"): a unit's own task, or a sentence naming
# one, answers; "các cơ quan, các tổ chức xã hội" (every body of the kind, in a list) does not
BODY_WHICH_KINDS: tuple[str, ...] = ("co quan", "don vi", "bo phan")
# kinds of organisation whose members bear proper names: "doanh nghiệp nào" is answered by a name only
PROPER_NAMED_KINDS = frozenset({"doanh nghiep", "cong ty", "tap doan", "ngan hang", "nha tai tro"})
# "được giao làm những việc gì", "có nhiệm vụ gì": a unit's duties asked as a whole ("làm gì" alone may
# ask one task: "tạo điều kiện cho người dân làm gì")
ASKS_DUTIES = (
    "nhung viec", "cac viec", "nhung nhiem vu", "cac nhiem vu", "nhiem vu gi", "nhiem vu nao", "trach nhiem gi",
    "nhung cong viec", "cong viec gi", "phai lam gi", "phai lam nhung gi", "can lam gi",
    "giao lam gi", "giao lam nhung gi", "phu trach gi", "phu trach nhung gi",
    "dam nhiem gi", "dam nhiem nhung gi", "giao viec gi", "giao nhiem vu gi", "giao nhung gi",
)  # fmt: skip
# the words of ASKS_DUTIES that only ask ("được giao việc gì", "phải làm gì"): no topic of the question
# ("nhiệm vụ", "trách nhiệm" are the plans' own headings and stay)
DUTY_ASKING_WORDS = frozenset({"giao", "viec", "lam", "phai", "can"})
# "làm sao để …", "làm thế nào để …": a method asked for. The plans say what bodies will do (train people
# in something), never how one does it, so no sentence of theirs is such an answer — unless the question
# asks whether a plan teaches it ("có dạy / hướng dẫn … không": TEACHING_WORDS).
ASKS_METHOD = ("lam sao", "lam the nao de", "lam the nao thi", "lam cach nao", "phai lam the nao")
TEACHING_WORDS = ("day", "huong dan", "tap huan", "boi duong", "pho bien", "gioi thieu", "tuyen truyen", "ke hoach")
# "phòng GD&ĐT đóng vai trò gì", "hội khuyến học có nhiệm vụ gì": a unit named, asked what it is or does —
# answered by its own tasks or a sentence naming it, never by one about something else sharing "vai trò"
ASKS_ROLE = ("vai tro", "nhiem vu", "trach nhiem", "lam gi", "lam nhung gi", "phu trach", "dam nhiem")
ASKS_WHO = ("ai", "don vi nao", "co quan nao", "cap nao", "bo phan nao")
ASKS_COUNT = ("bao nhieu", "may")
ASKS_NUMBER_ID = ("so may", "so hieu", "mang so", "so bao nhieu", "so van ban", "so ke hoach")
ASKS_DAYS_LEFT = ("con may ngay", "con bao nhieu ngay", "may ngay nua", "bao nhieu ngay nua", "con bao lau")
ASKS_OVERDUE = (
    "het han chua",
    "qua han chua",
    "tre han",
    "con han khong",
    "con kip",
    "co kip",  # "hôm nay mới nộp thì có kịp không"
    "kip khong",
    "kip ko",
    "het han",
    "qua han",
    "muon han",
)

# Extra index words per kind of fact, so the way people ask meets the fact.
_WEEK = "tuan le huong ung hoc tap suot doi ke hoach"
KIND_KEYWORDS: dict[str, str] = {
    "theme": f"chu de {_WEEK}",
    "period": f"thoi gian to chuc {_WEEK} dien ra tu ngay den ngay bat dau ket thuc khi nao may ngay keo dai",
    "opening": f"le khai mac {_WEEK} to chuc khai mac khi nao ngay o dau",
    "closing": f"tong ket {_WEEK} le tong ket khi nao ngay",
    "ceremony": "le to chuc o dau bat dau khi nao ngay",
    "document": "so hieu ke hoach so ke hoach van ban ngay ban hanh ky hieu",
    "issuer": f"co quan ban hanh {_WEEK} cap nao ban hanh don vi ban hanh xay dung ai ban hanh",
    "signer": f"nguoi ky {_WEEK} ai ky chu ky",
    "based_on": "can cu thuc hien van ban cap tren chi dao",
    "objective": "muc dich",
    "requirement": "yeu cau",
    "activity": "hoat dong",
    "session": "chuyen de buoi hoc vien tham gia ngay",
    "participants": "thanh phan tham du moi ai du",
    "responsibility": "nhiem vu trach nhiem",
    "reporting": "bao cao gui bao cao han ket qua",
    "budget": "kinh phi nguon kinh phi",
    "slogan": "khau hieu",
    "contact": "lien he dia chi",
    "email": "email dia chi thu dien tu lien he",
    "recipients": f"noi nhan {_WEEK} gui den gui toi gui cho",
    "template": "mau bao cao bieu mau",
    "extra": "",
}

# Provinces and large cities people may name; used to tell "we have no plan there".
GAZETTEER: tuple[str, ...] = (
    "ha noi",
    "hcm",
    "ho chi minh",
    "tp hcm",
    "tphcm",
    "sai gon",
    "hai phong",
    "da nang",
    "can tho",
    "hue",
    "an giang",
    "ba ria vung tau",
    "bac giang",
    "bac kan",
    "bac lieu",
    "bac ninh",
    "ben tre",
    "binh dinh",
    "binh duong",
    "binh phuoc",
    "binh thuan",
    "ca mau",
    "cao bang",
    "dak lak",
    "dak nong",
    "dien bien",
    "dong nai",
    "dong thap",
    "gia lai",
    "ha giang",
    "ha nam",
    "ha tinh",
    "hai duong",
    "hau giang",
    "hoa binh",
    "hung yen",
    "khanh hoa",
    "kien giang",
    "kon tum",
    "lai chau",
    "lam dong",
    "lang son",
    "lao cai",
    "long an",
    "nam dinh",
    "nghe an",
    "ninh binh",
    "ninh thuan",
    "phu tho",
    "phu yen",
    "quang binh",
    "quang nam",
    "quang ngai",
    "quang ninh",
    "quang tri",
    "soc trang",
    "son la",
    "tay ninh",
    "thai binh",
    "thai nguyen",
    "thanh hoa",
    "thua thien hue",
    "tien giang",
    "tra vinh",
    "tuyen quang",
    "vinh long",
    "vinh phuc",
    "yen bai",
    "nha trang",
    "vung tau",
    "da lat",
    "buon ma thuot",
    "quy nhon",
    "vinh",
    "ha long",
    "bien hoa",
    "thu duc",
    "cau giay",
    "hoan kiem",
    "dong da",
    "ba dinh",
)

# Phrases that name the kind of fact asked for; facts of that kind get a bonus.
KIND_CUES: dict[str, tuple[str, ...]] = {
    "theme": ("chu de",),
    "period": (
        "thoi gian to chuc",
        "dien ra",
        "keo dai",
        "tu ngay nao",
        "tu khi nao",
        "tu hom nao",
        "tu bao gio",
        "den ngay nao",
        "den hom nao",
        "den khi nao",
        "bat dau",
        "ket thuc",
    ),
    "opening": ("khai mac",),
    "closing": ("tong ket",),
    "document": ("so hieu", "so ke hoach", "ky hieu", "ngay ban hanh", "ban hanh ngay"),
    "issuer": (
        "co quan nao ban hanh",
        "ai ban hanh",
        "cap nao ban hanh",
        "do ai",
        "do co quan nao",
        "cap nao",
        "co quan ban hanh",
        "don vi ban hanh",
        "noi ban hanh",
        "chu tri xay dung ke hoach",
        "co quan chu tri xay dung",
        "don vi chu tri xay dung",
    ),
    "signer": ("ai ky", "nguoi ky", "ky ten", "ky ke hoach"),
    "based_on": ("can cu", "cong van", "quyet dinh", "tren co so", "van ban chi dao", "thuc hien theo van ban"),
    "session": ("chuyen de",),
    "reporting": ("han", "bao cao"),
    "budget": ("kinh phi",),
    "recipients": ("noi nhan",),
    "email": ("email",),
    "contact": ("lien he", "dia chi"),
    "template": ("mau bao cao", "bieu mau", "theo mau"),
    "slogan": ("khau hieu",),
}

# A question asking for a person's name ("ai là chủ tịch", "chủ tịch tên là gì").
ASKS_NAME: tuple[str, ...] = ("ai", "ten gi", "ten la gi", "la ai", "ho ten", "ten la", "ten cua")

# Titles of people: "ai là chủ tịch …" asks for a named person, which only a signature gives.
PERSON_TITLES: tuple[str, ...] = (
    "chu tich",
    "pho chu tich",
    "truong ban",
    "pho ban",
    "giam doc",
    "pho giam doc",
    "hieu truong",
    "truong phong",
    "pho truong phong",
    "bi thu",
    "chu nhiem",
    "can bo phu trach",
    "nguoi phu trach",
    "giang vien",
    "bao cao vien",
    "dien gia",
    "giang",
    "giang day",
    "mc",
    "dan chuong trinh",
    "nguoi dan chuong trinh",
    "nguoi phat bieu",
)

# Authorities above every plan's own units, named as who approved or issued something ("… đã được
# Thủ tướng Chính phủ phê duyệt"): a subject just before the verb asked names who acted (folded).
AUTHORITIES: tuple[str, ...] = (
    "thu tuong chinh phu", "thu tuong", "chinh phu", "bo gddt", "bo giao duc va dao tao", "quoc hoi",
    "ubnd tinh", "ubnd thanh pho", "ubnd huyen", "tinh uy", "thanh uy", "huyen uy", "so gddt",
)  # fmt: skip

# Attributes a question may ask about that only some sentences can answer: (cues in the question,
# evidence a fact must contain). "có mất học phí không" is never answered by a sentence without one.
FEE_EVIDENCE = ("hoc phi", "mien phi", "le phi", "thu phi")  # what a sentence stating a fee says
PHONE_EVIDENCE = ("dien thoai",)
# a phone as the device one learns on ("thư viện dùng trên máy tính, điện thoại"), not a number asked for
PHONE_AS_DEVICE = (
    "tren dien thoai",
    "bang dien thoai",
    "qua dien thoai thong minh",
    "dien thoai thong minh",
    "may tinh dien thoai",
    "may tinh va dien thoai",
    "may tinh hay dien thoai",
    "dien thoai may tinh",
    "ung dung dien thoai",
    "app dien thoai",
    "dung dien thoai",
)
PHONE_NUMBER_ASKED = ("so dien thoai", "sdt", "so dt", "hotline", "goi dien", "goi so")
REQUIRED_EVIDENCE: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        (
            "hoc phi",
            "mat tien",
            "ton tien",
            "thu phi",
            "le phi",
            "mat phi",
            "mien phi",
            "dong phi",
            "dong tien",
            "tra tien",
            "tra phi",
            "phi tham gia",
            "ton phi",
            "thu tien",
            "co phi",
            "lay phi",
            "lay tien",
        ),
        FEE_EVIDENCE,
    ),
    (("dang ky", "ghi danh"), ("dang ky", "ghi danh")),
    (("dien thoai", "sdt", "hotline", "so dt"), PHONE_EVIDENCE),
    (("email",), ("email", "gmail")),  # an e-mail address: only a fact giving one answers
    (  # what to bring (a card, papers): no plan says
        (
            "mang the",
            "can the",
            "the thu vien",
            "the doc",
            "mang theo",
            "can cuoc",
            "cccd",
        ),
        ("the thu vien", "the doc", "mang theo", "can cuoc"),
    ),
    (  # the size of a hall: no plan gives a capacity
        ("suc chua", "cho ngoi", "bao nhieu cho", "bao nhieu ghe", "so ghe", "chua duoc bao nhieu"),
        ("suc chua", "cho ngoi"),
    ),
    (  # who may come along ("có được mang con nhỏ theo dự lễ không"): no plan says
        ("mang con", "dan con", "dan theo", "mang tre", "dan tre", "dan ban", "di cung"),
        ("dan theo", "di cung", "mang con"),
    ),
    (  # gifts and prizes: no plan states any
        (
            "phat qua",
            "tang qua",
            "qua tang",
            "giai thuong",
            "phan thuong",
            "trao giai",
            "co giai",
            "nhan qua",
            "tien thuong",
            "muc thuong",
        ),
        ("giai thuong", "phan thuong", "qua tang", "trao giai"),
    ),
    (  # certificates: no plan promises any
        ("chung chi", "chung nhan", "giay chung nhan", "cap bang", "giay khen", "bang khen"),
        ("chung chi", "chung nhan", "giay khen", "bang khen"),
    ),
    (  # the weather is no plan's business
        ("thoi tiet", "troi mua", "troi co mua", "mua bao", "mua to", "nang nong", "du bao"),
        ("thoi tiet",),
    ),
    (  # who teaches or speaks at a session: no plan names a teacher or a speaker
        (
            "ai day",
            "nguoi day",
            "giang vien",
            "bao cao vien",
            "dien gia",
            "len lop",
            "dung lop",
            "ai giang",
            "nguoi giang",
            "ai trinh bay",
            "thuyet trinh",
            "truyen dat",
            "phu trach giang day",  # "ai phụ trách giảng dạy các lớp": who teaches
            "ai giang day",
            "nguoi giang day",
            "dam nhiem giang day",
        ),
        ("giang vien", "bao cao vien", "dien gia", "nguoi day", "thuyet trinh"),
    ),
    (  # an address (a street, a number): plans give venues by name and an e-mail or web address only
        ("dia chi",),
        ("dia chi", "email", "gmail", "http", "https", "website"),
    ),
    (  # enrolment, admissions, trades taught: no plan is about them
        ("tuyen sinh", "nganh nghe dao tao", "nganh hoc", "nganh dao tao"),
        ("tuyen sinh", "nganh hoc", "nganh dao tao"),
    ),
    (  # the week's history (the first time, when founded): no plan tells it
        (
            "lan dau",
            "dau tien to chuc",
            "lan thu may",
            "lan thu bao nhieu",
            "thanh lap nam",
            "thanh lap tu",
            "thanh lap khi",
            "thanh lap vao",
            "ra doi",
        ),
        ("lan dau", "lan thu nhat", "thanh lap ngay", "thanh lap nam", "thanh lap tu", "ra doi nam", "ra doi tu"),
    ),
    (
        ("may tieng", "bao nhieu tieng", "thoi luong", "may tiet", "bao nhieu tiet", "hoc bao lau", "keo dai bao lau"),
        ("tieng", "thoi luong", "tiet"),
    ),
    (  # where a body is (its seat): plans give the venues of events, never where a body stands
        (
            "nam o dau",
            "dat o dau",
            "tru so",
            "toa lac",
            "nam tai dau",
            "dat tai dau",
            "nam cho nao",
            "nam o cho nao",
            "o duong nao",
            "tai duong nao",
            "tren duong nao",  # (not a bare "đường nào": "bồi dưỡng nào" folds to "boi duong nao")
            "may duong nao",  # "ở số mấy, đường nào"
            "duong nao vay",
            "so nha",
            "pho nao",
            "o pho nao",
        ),
        ("tru so", "toa lac", "nam tai", "dat tai", "so nha"),
    ),
    (  # the room or floor of a session: no plan gives one (a venue is a hall, never its floor)
        ("tang may", "tang nao", "lau may", "phong so may", "so phong", "phong may"),
        ("phong so", "tang lau"),
    ),
    (  # what to wear: no plan sets a dress code
        ("mac ao", "mac quan", "mac dong phuc", "mac trang phuc", "ao dai", "dong phuc", "trang phuc", "quan ao"),
        ("trang phuc", "dong phuc", "ao dai"),
    ),
    (  # food and drink at an event: no plan caters
        ("bao an", "an trua", "an sang", "an uong", "an com", "do an", "bua an", "suat an", "nuoc uong", "phat nuoc"),
        ("an uong", "bua an", "suat an", "nuoc uong"),
    ),
    (  # parking and transport to an event: no plan arranges any
        ("gui xe", "do xe", "bai xe", "cho de xe", "gui o to", "do o to", "dua don", "xe dua"),
        ("gui xe", "bai xe", "do xe", "dua don"),
    ),
    (  # an amount of money: plans say where the budget comes from, never how much it is
        (
            "bao nhieu tien",
            "so tien",
            "bang tien",
            "muc kinh phi",
            "kinh phi bao nhieu",
            "bao nhieu kinh phi",
            "ngan sach bao nhieu",
            "tri gia",
        ),
        ("trieu dong", "nghin dong", "ngan dong", "ty dong", "vnd"),
    ),
    (  # who gives a talk: "người nói chuyện" is a speaker, whom no plan names
        ("ai noi chuyen", "nguoi noi chuyen", "ai se noi", "nguoi chia se", "ai chia se"),
        ("bao cao vien", "dien gia", "giang vien", "nguoi noi chuyen", "doanh nhan", "nghe nhan", "chuyen gia"),
    ),
    # Subjects outside the plans' field: a question about one is answered only by a fact that speaks of
    # it, never by a sentence that shares its other words ("Việt Nam", "kết quả", "tổ chức").
    (  # sport: matches, teams, tournaments
        (
            "bong da",
            "bong chuyen",
            "bong ro",
            "doi tuyen",
            "tran dau",
            "tran bong",
            "giai dau",
            "cau thu",
            "sea games",
            "world cup",
            "asian cup",
            "aff cup",
            "v-league",
            "olympic",
        ),
        ("bong da", "bong chuyen", "bong ro", "doi tuyen", "tran dau", "giai dau", "cau thu"),
    ),
    (  # health: illnesses, symptoms, treatment
        ("trieu chung", "benh vien", "kham benh", "chua benh", "tiem chung", "vac xin", "vaccine", "bao hiem y te"),
        ("trieu chung", "benh vien", "kham benh", "chua benh", "tiem chung", "vac xin", "bao hiem y te"),
    ),
    (  # advice and rankings ("ở đâu tốt nhất", "nên chọn"): the plans state what is organised, not what is best
        ("tot nhat", "hay nhat", "uy tin nhat", "re nhat", "nen chon", "nen hoc o dau", "cho nao tot"),
        ("tot nhat", "hay nhat", "uy tin nhat"),
    ),
    (  # bank accounts and transfers: no plan gives any
        ("tai khoan", "chuyen khoan", "ngan hang", "so tk", "stk"),
        ("tai khoan", "chuyen khoan", "ngan hang"),
    ),
    (  # prices and money markets
        ("gia vang", "ty gia", "chung khoan", "xo so", "gia xang", "lai suat", "gia ca", "gia ve", "gia bao nhieu"),
        ("gia vang", "ty gia", "chung khoan", "xo so", "gia xang", "lai suat", "gia ve"),
    ),
)
# An attribute's cue that means something else beside these words, unless the last words ask for it after
# all: "tiền lấy từ nguồn nào" asks where funds come from, not a fee; "học trên điện thoại" names the device.
EVIDENCE_NOT_ASKED: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (FEE_EVIDENCE, ("nguon",), ()),
    (PHONE_EVIDENCE, PHONE_AS_DEVICE, PHONE_NUMBER_ASKED),
)

# Nouns that, asked as "… có những X gì", name the kind of answer wanted ("có những hoạt động gì",
# "có việc gì", "có sự kiện gì"), not an attribute of the thing asked that the fact itself must state
# ("Covid-19 có những triệu chứng gì": a sentence about Covid-19 that names no symptom is no answer).
ASKED_KIND_NOUNS: frozenset[str] = frozenset(
    (
        "viec, dieu, hoat dong, noi dung, cach, hinh thuc, chuong trinh, su kien, loai, kieu, thu, gi, chuyen,"
        " nhiem vu, vai tro, trach nhiem, y nghia, muc dich, yeu cau, thong tin, phan, muc, chu de, khau hieu,"
        " lop, buoi, chuyen de, cuoc thi, diem, ke hoach, tai lieu, van ban, giai phap, bien phap, ky nang,"
        " thanh phan, doi tuong, nhom"
    ).split(", ")
)

# Words before the head of "… là gì" that name nothing ("cái vụ góc sách …": "the thing about …")
HEAD_FILLERS: frozenset[str] = frozenset({"vu"})

# How an attribute of REQUIRED_EVIDENCE is named in "Kế hoạch … không nêu {label}" (keyed by its first evidence
# phrase; user-facing Vietnamese); an attribute without a label is "thông tin này".
EVIDENCE_LABELS: dict[str, str] = {
    "hoc phi": "học phí, lệ phí",
    "dang ky": "cách đăng ký",
    "dien thoai": "số điện thoại",
    "giai thuong": "giải thưởng, quà tặng",
    "chung chi": "chứng chỉ, giấy chứng nhận",
    "giang vien": "người giảng, báo cáo viên",
    "dia chi": "địa chỉ",
    "tieng": "thời lượng",
    "trang phuc": "trang phục",
    "an uong": "việc ăn uống",
    "gui xe": "chỗ gửi xe, đưa đón",
    "trieu dong": "số tiền",
    "bao cao vien": "người nói chuyện, báo cáo viên",
    "tru so": "trụ sở, nơi đặt",
    "gia vang": "giá cả, giá vé",
    "dan theo": "việc dẫn người đi cùng",
    "suc chua": "sức chứa, số chỗ ngồi",
    "phong so": "phòng, tầng",
    "the thu vien": "thẻ, giấy tờ cần mang theo",
}

# Small talk: the whole message is a greeting or thanks (folded, with optional polite particles).
SMALL_TALK_PATTERN = (
    r"^(?:(?:xin )?chao|hello|hi|alo|cam on|thank(?:s| you)?|tks|ok|oke|okie|vang|da|duoc roi|tot qua|hay qua)"
    r"(?: (?:ban|bot|ad|admin|nhe|nha|a|nhieu|lam|nhe ban|ban nhe|ban nha|ca nha|moi nguoi))*$"
)

# --- How people frame a question in chat (bot/qa/clauses.py) -------------------------------------
# Pronouns people use for themselves and the person they address.
_PRONOUNS = r"(?:em|minh|toi|tui|chau|con|to|anh|chi|co|chu|bac|ong|ba|bon em|chung em|chung toi)"
# "cho em hỏi (chút) (là)", "em muốn biết", "xin hỏi", "hỏi chút": said before the question itself.
ASK_MARKER_PATTERN = (
    r"^(?:(?:da|vang|thua|alo|xin chao|chao|hello|hi)\s+)*"
    r"(?:(?:ad|admin|bot|ban|bn|anh|chi|em|mn|mng|moi nguoi|ca nha|co|chu|bac)(?:\s+oi)?\s+)?"
    r"(?:(?:xin\s+)?(?:cho|de)\s+(?:" + _PRONOUNS + r"\s+)?(?:xin\s+)?(?:hoi|biet)"
    r"|" + _PRONOUNS + r"\s+(?:xin|muon|can|dinh|tinh)\s+(?:hoi|biet|duoc biet|tim hieu)"
    r"|" + _PRONOUNS + r"\s+(?:nho|bao)\s+" + _PRONOUNS + r"\s+hoi"  # "bà nhờ con hỏi giúp là …"
    r"|" + _PRONOUNS + r"\s+hoi|xin hoi|hoi)"
    r"(?:\s+(?:chut|xiu|ti|voi|nhe|nha|mot chut|mot cau|mot ti|cai|thu|ad|ban|bn|a|la|rang|ve|ve viec|"
    r"giup|ho|dum|gium|hai viec|hai dieu|hai y|hai cau|may viec|may dieu|vai viec|vai dieu|mot viec))*\b"
)
# An official's or a polite request before what is asked: "Đề nghị cho biết …", "Xin cung cấp thông tin
# về …", "Kính đề nghị quý cơ quan làm rõ …", "Vui lòng cho biết …", "Tôi cần thông tin về …",
# "Cho mình xin thông tin …". Its words ("đề nghị", "cung cấp", "thông tin") are the plans' words too,
# so left in they would match the plans' own requests.
_ADDRESSED = (
    r"(?:quy co quan|quy vi|bo phan ho tro|bo phan tu van|tro ly|he thong|anh chi|ad|admin|bot|ban|bn|anh|chi|"
    r"mn|mng|moi nguoi|ca nha|co|chu|bac)"
)
_ABOUT_INFO = (
    r"(?:\s+(?:cac\s+|mot so\s+|nhung\s+)?thong tin"
    r"(?=\s+(?:ve|lien quan|cu the|chi tiet)\b)(?:\s+(?:ve|lien quan|den|toi|cu the|chi tiet))*)?"
    r"(?:\s+ve(?:\s+viec)?(?=\s))?"
)
REQUEST_PATTERN = (
    r"^(?:(?:kinh|xin|de nghi|yeu cau|vui long|lam on|nho|hay|mong|rat mong|can)\s+)+"
    r"(?:" + _ADDRESSED + r"\s+)?"
    r"(?:cho\s+(?:" + _PRONOUNS + r"\s+)?(?:duoc\s+)?(?:biet|xin)|(?:duoc\s+)?(?:cung cap|biet)|lam ro|neu ro|"
    r"giai dap|tra loi|tu van|thong tin(?=\s+(?:ve|lien quan|cu the|chi tiet)\b))"
    r"(?:\s+(?:(?:giup|dum|gium|ho|cho)(?:\s+(?:em|toi|minh|tui|chau|chung toi))?|duoc|them|ro|chi tiet|cu the))*"
    + _ABOUT_INFO
    + r"\b"
    r"|^(?:" + _PRONOUNS + r"\s+)?(?:can|muon|xin)\s+(?:duoc\s+)?(?:cung cap\s+)?(?:cac\s+)?thong tin"
    r"(?:\s+(?:ve|lien quan|den|toi|cu the|chi tiet))*\b"
    r"|^cho\s+" + _PRONOUNS + r"\s+xin(?:\s+(?:cac|mot so|it))?\s+thong tin(?:\s+(?:ve|lien quan|den|toi))*\b"
)
# An apology before the question ("xin lỗi đã làm phiền ad", "sorry ad"): politeness, not the question.
APOLOGY_PATTERN = r"^(?:(?:da|vang|thua|em|toi|minh|chau)\s+)*(?:xin loi|sorry|lam phien|phien)\b"
# "bot ơi", "ad ơi", "dạ thưa": a clause that only calls the bot or greets.
# "ban" only when called ("bạn ơi"): "Ban hành kế hoạch …", "Ban chỉ đạo …" open with a noun.
VOCATIVE_PATTERN = (
    r"^(?:da|vang|thua|ad|admin|bot|ban(?=\s+(?:oi|a|thua)\b|\s*$)|bn|mn|mng|moi nguoi|ca nha|alo)"
    r"(?:\s+(?:oi|a|thua))*\b"
)
# A clause that introduces the asker: "em là giáo viên…", "tôi ở phường…", "con em học lớp 5".
# Someone of the family may be introduced too: "bà nội con năm nay 70 tuổi", "bố em làm ở xã".
_KIN = r"(?:ba noi|ong noi|ba ngoai|ong ngoai|bo me|bo|me|ba|ong|con|chau)"
INTRO_PATTERN = (
    r"^(?:" + _PRONOUNS + r"\s+(?:la|dang|o|lam|hoc|ten|cong tac|song|co con|co chau|que|hien|vua|moi|thuoc|day"
    r"|phu trach|quan ly)"
    r"|" + _KIN + r"\s+(?:" + _PRONOUNS + r"\s+)?(?:nam nay|hay|thuong|la|dang|o|lam|song|hien|da nghi|nghi huu)"
    r"|(?:con|chau|nha|gia dinh|truong|lop)\s+" + _PRONOUNS + r"|kinh gui|kinh chao|xin chao|chao)\b"
)
# Words of politeness and address; a clause made only of them carries no question.
POLITE_WORDS: frozenset[str] = frozenset(
    "da vang thua chao xin kinh gui ad admin bot ban bn anh chi em ca nha moi nguoi oi alo hello hi a co chu bac "
    "ong ba mn mng cam on nhieu lam nhe nha ak ah thanks thank you tks ok oke vay nhe minh toi chau con".split()
)
# Words by which the asker speaks of themself ("trường em", "con tôi"): a clause with one that asks
# nothing is context for the question beside it.
SELF_WORDS: frozenset[str] = frozenset("em tôi mình tui cháu".split())  # as typed, with diacritics
# Words by which a question points back at what was said just before it ("lớp đó", "cái ấy"; folded).
REFERRING_WORDS: frozenset[str] = frozenset("do ay kia".split())
# Words that mark a clause as asking something (folded, as typed: chat forms included).
QUESTION_CUES: tuple[str, ...] = (
    "gi",
    "j",
    "ji",
    "nao",
    "dau",
    "sao",
    "ai",
    "bao nhieu",
    "bn",
    "may",
    "khong",
    "ko",
    "k",
    "kh",
    "hok",
    "hong",
    "chua",
    "bao gio",
    "ntn",
    "the nao",
    "ra sao",
    "phai khong",
    "dung khong",
    "hay",
    "so sanh",
    "khac",
    "co phai",
    "a",
)

# Question words by which a part of a message asks something of its own (bot/qa/parts.py).
PART_CUES: tuple[str, ...] = (
    "gi", "j", "nao", "dau", "bao nhieu", "may", "ai", "bao gio", "the nao", "ntn", "ra sao", "khi nao",
)  # fmt: skip
# What is asked of a thing, named alone before "và": "chủ đề và thời gian tổ chức … là gì".
ATTRIBUTE_NOUNS: frozenset[str] = frozenset(
    {
        "chu de", "thoi gian", "thoi gian to chuc", "dia diem", "ngay", "gio", "muc dich", "yeu cau",
        "kinh phi", "han", "han bao cao", "noi dung", "hinh thuc", "thanh phan", "doi tuong", "khau hieu",
    }
)  # fmt: skip
# A question with one of these says what it asks; a follow-up without any asks what the previous one did.
QUESTION_WORDS: tuple[str, ...] = (
    "gi",
    "nao",
    "sao",
    "ai",
    "khong",
    "chua",
    "khi nao",
    "o dau",
    "tai dau",
    "bao nhieu",
    "may",
    "gio",
    "the nao",
    "ra sao",
    "phai khong",
    "dung khong",
)

# "người dân ở đâu": "ở đâu" after people asks which people (or where they live), not a venue.
PEOPLE_WHERE: tuple[str, ...] = tuple(
    f"{who} o dau" for who in ("nguoi dan", "nguoi", "hoc sinh", "doi tuong", "nhan dan", "ba con", "nguoi hoc")
) + tuple(  # "phối hợp với những nơi nào": the partners, not a venue
    f"{verb} voi {which}"
    for verb in ("phoi hop", "ket hop", "hop tac", "lien ket")
    for which in ("nhung noi nao", "noi nao", "nhung dau", "nhung noi", "cho nao", "nhung ai")
)

# "phụ lục 1 gồm những gì", "mẫu báo cáo gồm những mục nào": a plan that only names its annex or form ("theo
# mẫu phụ lục 1, 2 gửi kèm") does not state its content; only the lines of a form it reproduces do.
# (annex words, content words): both in a question ask for what the annex holds.
ANNEX_CONTENT: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("phu luc", "de cuong", "mau bao cao", "bieu mau"),
    (
        "gom",
        "nhung gi",
        "noi dung",
        "co gi",
        "bao gom",
        "nhung muc",
        "muc nao",
        "nhung phan",
        "phan nao",
        "nhung cot",
        "la mau gi",
        "la gi",
        "ghi gi",
        "ghi nhung",
        "dien gi",
        "dien nhung",
        "the nao",
        "ra sao",
    ),
)

# Words of a venue that names no place, only "wherever each body is" ("tại các cơ quan, đơn vị/địa
# phương"): a ceremony held there has no venue to give.
ADMINISTRATIVE_PLACE_WORDS: frozenset[str] = frozenset(
    "tai o cac co quan don vi dia phuong ban tren moi noi to chuc".split()
)

# First words of a capitalised name after "ở / tại" that make it a venue, a body or an event
# ("tại Nhà văn hóa Thôn 3", "ở Trường THCS Lê Lợi", "ở Lễ khai mạc"), not a locality of its own.
NOT_LOCALITY_LEADS: frozenset[str] = frozenset(
    "nha truong trung tam hoi ban uy ubnd phong so doan thu vien san cong vien bao tang cau lac clb thon to khu"
    " ap ban lang xom dinh chua lop buu tram benh cho cong cua tuan le ngay ke chuong cuoc trang nhom zalo"
    " facebook van dai toa chi dang mat cac moi tat".split()
)

# Words after a level word typed in lower case that make it no name ("xã khác", "huyện nộp báo cáo",
# "phường mình"): with STOPWORDS, what "huyện gia lâm" is told apart from.
NOT_PLACE_NAME_WORDS: frozenset[str] = frozenset(
    "ban khac nop gui moi tung toan nao nay do ay kia minh em toi ben cung chua roi lai nua thi".split()
)

# Words that ask about the report form ("mẫu báo cáo", "phụ lục", "bảng kết quả"): only then is a
# line of the form (its header "Số: .../BC-…", a section, a row) a candidate answer.
FORM_WORDS: tuple[str, ...] = ("mau", "bieu", "bao cao", "phu luc", "bang ket qua", "bang", "cot", "muc")

# Nouns that count people: "bao nhiêu người" is answered by "150 học viên", "200 lượt người".
PEOPLE_NOUNS: frozenset[str] = frozenset("nguoi vien sinh bieu luot dan khach huynh".split())
# Units of time: "mấy giờ", "bao nhiêu ngày" ask a time or a duration, not a number of something
TIME_UNITS: frozenset[str] = frozenset("gio h tieng phut ngay thang nam tuan hom buoi".split())

# Nouns that fold like a small word of STOPWORDS ("chợ" / "cho", "chùa" / "chưa", "voi" / "với", "vẽ" /
# "về", "tội" / "tôi"): typed with these marks they are content, so "hội chợ sách" is not "hội sách".
CONTENT_FORMS: frozenset[str] = frozenset(
    "chợ chó voi vòi cờ cỏ tội lá đỏ đồ thẻ báo ảnh mượn muộn chùa vẽ hồ tủ mẹ tài sâu vở đèn đền gió khỉ"
    " đảng má".split()
)
