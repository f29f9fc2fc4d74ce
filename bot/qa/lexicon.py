"""Words the engine knows about questions (all in folded form: no diacritics, lower case).

Kept apart from the matching code so a linguist can extend it without touching logic.
"""

from __future__ import annotations

# Words that carry no content of their own in a question.
STOPWORDS: frozenset[str] = frozenset(
    """
    la gi nao cua o co khong vay a ah nhe nha the nhu ra sao ai nhung cac mot va voi cho de duoc bi thi ma
    nay do ay kia oi ban minh toi em anh chi hoi xin vui long lam on biet muon can phai hay hoac
    nhieu bao lau may khi dau tai ve tu den trong tren duoi sau truoc roi chua da se dang van con
    ha ho nhi nhiu thoi luc gio vi sao hi hello chao ad admin bot oke ok uh um uhm dc
    rang nhe day kieu gium giup xem coi noi cai nhe ne ta chung toan moi vao len xuong
    """.split()
)

# Generic words of the domain: present in nearly every plan, so they identify nothing.
DOMAIN_WORDS: frozenset[str] = frozenset("tuan le huong ung hoc tap suot doi ke hoach nam".split())

# Variant phrase -> canonical phrase; applied to questions and to the index alike.
SYNONYMS: dict[str, str] = {
    "khai giang": "khai mac",
    "le phat dong": "le khai mac",
    "phat dong tuan le": "khai mac tuan le",
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
    "ket thuc tuan le": "tong ket tuan le",
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
    "nha truong": "truong hoc",
    "cac truong": "truong hoc",
    "don vi truong hoc": "truong hoc",
    "so luong": "so",
    "dia diem": "o dau",
    "noi to chuc": "o dau",
    "bao gio": "khi nao",
    "luc nao": "khi nao",
    "ngay nao": "khi nao",
    "hom nao": "khi nao",
    "thoi gian nao": "khi nao",
    "may gio": "gio",
    "bao nhieu ngay": "may ngay",
}

# Question words -> the kind of answer they ask for.
ASKS_DATE = ("khi nao", "ngay may", "ngay bao nhieu", "thoi gian")
ASKS_TIME = ("gio",)
ASKS_VENUE = ("o dau", "tai dau", "cho nao", "noi nao")
ASKS_COUNT = ("bao nhieu", "may")
ASKS_DAYS_LEFT = ("con may ngay", "con bao nhieu ngay", "may ngay nua", "bao nhieu ngay nua", "con bao lau")
ASKS_OVERDUE = ("het han chua", "qua han chua", "tre han chua", "con han khong", "con kip khong", "het han")

# Extra index words per kind of fact, so the way people ask meets the fact.
KIND_KEYWORDS: dict[str, str] = {
    "theme": "chu de tuan le chu de nam",
    "period": "thoi gian to chuc tuan le dien ra tu ngay den ngay bat dau ket thuc khi nao may ngay keo dai",
    "opening": "le khai mac tuan le to chuc khai mac bat dau khi nao ngay o dau",
    "closing": "tong ket tuan le le tong ket khi nao ngay",
    "ceremony": "le to chuc o dau",
    "document": "so hieu ke hoach so ke hoach van ban ngay ban hanh ky hieu",
    "issuer": "co quan ban hanh ke hoach cap nao ban hanh don vi ban hanh xay dung ke hoach ai ban hanh",
    "signer": "nguoi ky ke hoach ai ky ky ten chu ky",
    "based_on": "can cu thuc hien van ban cap tren chi dao",
    "objective": "muc dich",
    "requirement": "yeu cau",
    "activity": "hoat dong",
    "session": "chuyen de hoc vien tham gia ngay",
    "participants": "thanh phan tham du moi ai du",
    "responsibility": "nhiem vu trach nhiem",
    "reporting": "bao cao gui bao cao han ket qua",
    "budget": "kinh phi nguon kinh phi",
    "slogan": "khau hieu",
    "contact": "lien he dia chi",
    "recipients": "noi nhan gui den gui cho",
    "template": "mau bao cao bieu mau",
    "extra": "",
}

# Provinces and large cities people may name; used to tell "we have no plan there".
GAZETTEER: tuple[str, ...] = (
    "ha noi", "ho chi minh", "tp hcm", "tphcm", "sai gon", "hai phong", "da nang", "can tho", "hue",
    "an giang", "ba ria vung tau", "bac giang", "bac kan", "bac lieu", "bac ninh", "ben tre", "binh dinh",
    "binh duong", "binh phuoc", "binh thuan", "ca mau", "cao bang", "dak lak", "dak nong", "dien bien",
    "dong nai", "dong thap", "gia lai", "ha giang", "ha nam", "ha tinh", "hai duong", "hau giang", "hoa binh",
    "hung yen", "khanh hoa", "kien giang", "kon tum", "lai chau", "lam dong", "lang son", "lao cai",
    "long an", "nam dinh", "nghe an", "ninh binh", "ninh thuan", "phu tho", "phu yen", "quang binh",
    "quang nam", "quang ngai", "quang ninh", "quang tri", "soc trang", "son la", "tay ninh", "thai binh",
    "thai nguyen", "thanh hoa", "thua thien hue", "tien giang", "tra vinh", "tuyen quang", "vinh long",
    "vinh phuc", "yen bai", "nha trang", "vung tau", "da lat", "buon ma thuot", "quy nhon", "vinh",
    "ha long", "bien hoa", "thu duc", "cau giay", "hoan kiem", "dong da", "ba dinh",
)
