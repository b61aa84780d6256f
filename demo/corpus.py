"""Synthetic Vietnamese articles for load tests and benchmarks (`manage.py generate_corpus`).

Text is assembled from phrase banks written for toasoan (real Vietnamese words, full diacritics,
"hòa, thủy, khóa" tone style), so titles, leads and bodies look and tokenize like real news
without copying any outlet. Every article ``i`` of seed ``S`` is derived from its own random
generator, so it is identical whatever N is and whichever batch it falls in: that is what makes
re-running with a larger N a pure top-up.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from core.vietnamese import slugify_vi

PLACES = [
    "Sóc Trăng", "Vĩnh Châu", "Ngã Năm", "Kế Sách", "Mỹ Tú", "Long Phú", "Cù Lao Dung",
    "Mỹ Xuyên", "Thạnh Trị", "Châu Thành", "Trần Đề", "phường 1", "phường 3", "phường 5",
    "xã Vĩnh Hải", "xã Lạc Hòa", "xã An Thạnh Nam", "xã Đại Ân", "xã Thạnh Phú", "xã Hòa Tú",
    "Cần Thơ", "Hậu Giang", "Bạc Liêu", "Trà Vinh", "Vĩnh Long", "Hà Nội", "TP Hồ Chí Minh",
    "Đồng bằng sông Cửu Long", "vùng ven biển", "vùng đồng bào Khmer",
]
SUBJECTS = [
    "Ủy ban nhân dân tỉnh", "Hội đồng nhân dân tỉnh", "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Tài nguyên và Môi trường", "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh", "Bộ đội Biên phòng", "Hội Nông dân", "Hội Liên hiệp Phụ nữ",
    "Tỉnh đoàn", "Mặt trận Tổ quốc", "Liên đoàn Lao động", "Ngân hàng Chính sách xã hội",
    "Trung tâm Y tế huyện", "Trường Đại học Cần Thơ", "các doanh nghiệp thủy sản",
    "Hợp tác xã nông nghiệp", "Ban quản lý dự án", "Cục Thuế", "Kho bạc Nhà nước",
    "Chi cục Thủy lợi", "Đài Phát thanh và Truyền hình", "Ban Dân tộc", "Hội Cựu chiến binh",
    "người dân địa phương", "bà con nông dân", "ngư dân ven biển", "thanh niên tình nguyện",
]
ACTIONS = [
    "triển khai", "tổng kết", "khánh thành", "khởi công", "kiểm tra", "giám sát", "hỗ trợ",
    "phát động", "ra quân", "tập huấn", "đẩy mạnh", "tăng cường", "ký kết", "trao tặng",
    "công bố", "thông qua", "đánh giá", "tuyên truyền", "phối hợp thực hiện", "bàn giao",
    "nâng cao hiệu quả", "tháo gỡ khó khăn cho", "đầu tư", "mở rộng", "hoàn thành",
]
OBJECTS = [
    "công trình giao thông nông thôn", "mô hình trồng lúa thơm", "dự án nuôi tôm công nghệ cao",
    "chương trình xây dựng nông thôn mới", "phong trào thi đua yêu nước",
    "kế hoạch phòng, chống thiên tai", "dịch vụ công trực tuyến", "chuyển đổi số",
    "cải cách hành chính", "công tác tiêm chủng mở rộng", "nhà tình nghĩa", "nhà đại đoàn kết",
    "học bổng cho học sinh nghèo", "vốn vay ưu đãi", "cống ngăn mặn", "đê bao chống triều cường",
    "tuyến đường liên xã", "cầu bê tông", "chợ nông sản", "vùng nguyên liệu hành tím",
    "lễ hội Oóc-om-bóc", "giải đua ghe Ngo", "ngày hội văn hóa Khmer",
    "tháng hành động vì môi trường",
    "an toàn thực phẩm", "bảo hiểm y tế toàn dân", "phòng cháy, chữa cháy", "an ninh trật tự",
    "khai thác hải sản bền vững", "sản phẩm OCOP", "trái cây xuất khẩu", "điện mặt trời áp mái",
]
COMPLEMENTS = [
    "trên địa bàn tỉnh", "trong năm nay", "đến cuối quý", "giai đoạn 2021 - 2025",
    "cho hơn 3.000 hộ dân", "với tổng vốn gần 20 tỷ đồng", "vượt kế hoạch đề ra",
    "theo hướng bền vững", "nhằm nâng cao đời sống người dân", "trước mùa mưa bão",
    "dịp cuối năm", "ngay từ đầu vụ", "tại các xã vùng sâu", "bằng nhiều hình thức thiết thực",
    "với sự tham gia của đông đảo người dân", "theo đúng tiến độ", "một cách đồng bộ",
]
TITLE_OPENERS = [
    "", "", "", "Sóc Trăng:", "Rộn ràng", "Sôi nổi", "Hiệu quả từ", "Nhiều khởi sắc từ",
    "Chung tay", "Tăng tốc", "Quyết liệt", "Bước chuyển mới trong",
]
CONNECTORS = [
    "Theo đó,", "Bên cạnh đó,", "Ngoài ra,", "Cũng theo", "Đáng chú ý,", "Trước đó,",
    "Dịp này,", "Tại buổi làm việc,", "Qua đó,", "Đến nay,", "Trong thời gian tới,",
]
OUTCOMES = [
    "góp phần ổn định đời sống người dân", "tạo thêm việc làm cho lao động địa phương",
    "giúp bà con yên tâm sản xuất", "được người dân đồng tình, ủng hộ",
    "mang lại hiệu quả kinh tế rõ rệt", "từng bước thay đổi diện mạo nông thôn",
    "bảo đảm an toàn cho người và tài sản", "nâng cao chất lượng dịch vụ",
    "rút ngắn thời gian giải quyết hồ sơ", "tăng thu nhập bình quân đầu người",
    "giữ gìn bản sắc văn hóa dân tộc", "thu hút nhiều nhà đầu tư quan tâm",
]
FIGURES = [
    "hơn 70%", "gần 1.200 hộ", "trên 5.000 lượt người", "khoảng 18 tỷ đồng", "hơn 300 ha",
    "gần 60 đội", "trên 90%", "hơn 40 xã", "khoảng 8.000 tấn", "gần 600 lao động",
]
QUOTE_SPEAKERS = [
    "ông Lâm Văn Sang, người dân ấp Âu Thọ B", "bà Trần Thị Mai, chủ hợp tác xã",
    "ông Thạch Sô Phon, Trưởng ban nhân dân ấp", "chị Lý Thị Hồng, hội viên phụ nữ",
    "anh Nguyễn Hoàng Phúc, đoàn viên thanh niên", "ông Sơn Ngọc Thành, nông dân xã Hòa Tú",
]
QUOTES = [
    "Trước đây bà con đi lại rất vất vả, nay mọi việc thuận lợi hơn nhiều",
    "Chúng tôi mong mô hình này được nhân rộng ra các ấp lân cận",
    "Có vốn vay ưu đãi, gia đình tôi mạnh dạn đầu tư mở rộng sản xuất",
    "Năm nay giá lúa ổn định nên bà con rất phấn khởi",
    "Chính quyền lắng nghe và giải quyết kịp thời kiến nghị của người dân",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Lâm", "Thạch", "Sơn", "Lý", "Trương"]
GIVEN_NAMES = [
    "Minh Khang", "Hồng Nhung", "Bảo Ngọc", "Trung Kiên", "Kim Ngân", "Hải Yến", "Sơn Ty",
    "Thanh Tùng", "Ngọc Hân", "Quốc Huy", "Phương Thảo", "Đức Thịnh", "Thúy Hằng", "Hoàng Long",
]
BYLINE_FORMS = ["{name}", "Bài, ảnh: {name}", "{name} - {other}", "Tin, ảnh: {name}", "Tin: {name}"]
TAG_STEMS = [
    "nông thôn mới", "thủy sản", "lúa gạo", "hành tím", "giao thông", "giáo dục", "y tế",
    "chuyển đổi số", "cải cách hành chính", "an ninh trật tự", "biên phòng", "ngư dân",
    "Khmer", "ghe Ngo", "Oóc-om-bóc", "môi trường", "xâm nhập mặn", "khởi nghiệp", "OCOP",
    "du lịch", "văn hóa", "thể thao", "an sinh xã hội", "phụ nữ", "thanh niên", "đất đai",
]

YEARS_SPAN = 10
FEATURED_RATE = 0.004
TOPIC_RATE = 0.03


@dataclass
class GeneratedArticle:
    """One synthetic article, ready to be written as a row plus its tag and topic links."""

    index: int
    title: str
    slug: str
    sapo: str
    body: str
    byline: str
    section_id: int
    published_at: datetime
    view_count: int
    is_featured: bool
    tag_names: list[str] = field(default_factory=list)
    topic_id: int | None = None


def tag_vocabulary() -> list[str]:
    """Every tag the corpus may use: topic stems alone and combined with a place."""
    names = list(TAG_STEMS)
    for stem in TAG_STEMS:
        for place in PLACES[:12]:
            names.append(f"{stem} {place}")
    return names


def import_key(seed: int, index: int) -> str:
    """The unique key marking generated article ``index`` of ``seed`` (idempotent top-up)."""
    return f"gen:{seed}:{index}"


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


class CorpusWriter:
    """Builds article ``i`` for a seed, deterministic and independent of every other article."""

    def __init__(self, seed: int, section_ids: list[int], topic_ids: list[int],
                 until: datetime) -> None:
        self.seed = seed
        self.section_ids = section_ids
        self.topic_ids = topic_ids
        self.until = until
        self.span_seconds = int(timedelta(days=365 * YEARS_SPAN).total_seconds())
        self.tags = tag_vocabulary()

    @staticmethod
    def _sentence(pick, rnd) -> str:
        kind = rnd()
        if kind < 0.15:
            return f"“{pick(QUOTES)}”, {pick(QUOTE_SPEAKERS)} chia sẻ."
        if kind < 0.35:
            return (f"{pick(CONNECTORS)} {pick(FIGURES)} {pick(OBJECTS)} "
                    f"{pick(COMPLEMENTS)}, {pick(OUTCOMES)}.")
        return _capitalize(
            f"{pick(SUBJECTS)} {pick(ACTIONS)} {pick(OBJECTS)} "
            f"tại {pick(PLACES)} {pick(COMPLEMENTS)}, {pick(OUTCOMES)}."
        )

    @staticmethod
    def _byline(pick) -> str:
        name = f"{pick(SURNAMES)} {pick(GIVEN_NAMES)}"
        other = f"{pick(SURNAMES)} {pick(GIVEN_NAMES)}"
        return pick(BYLINE_FORMS).format(name=name, other=other)

    def build(self, index: int) -> GeneratedArticle:
        rng = random.Random(self.seed * 1_000_003 + index)
        rnd = rng.random

        def pick(options):
            # random() and an index: several times faster than rng.choice, as deterministic.
            return options[int(rnd() * len(options))]

        sentence = self._sentence
        title = _capitalize(
            f"{pick(TITLE_OPENERS)} {pick(SUBJECTS)} {pick(ACTIONS)} {pick(OBJECTS)} "
            f"tại {pick(PLACES)}".strip()
        )
        sapo = sentence(pick, rnd) + " " + sentence(pick, rnd)
        paragraphs = []
        for _ in range(3 + int(rnd() * 4)):
            text = " ".join([sentence(pick, rnd) for _ in range(2 + int(rnd() * 3))])
            block_id = "%032x" % rng.getrandbits(128)  # noqa: UP031
            paragraphs.append({
                "type": "paragraph", "value": f"<p>{text}</p>",
                "id": f"{block_id[:8]}-{block_id[8:12]}-4{block_id[13:16]}-"
                      f"a{block_id[17:20]}-{block_id[20:]}",
            })
        paragraphs[-1]["value"] = paragraphs[-1]["value"][:-4] + "/.</p>"
        # Newer stories are more frequent than old ones (a growing site): bias towards `until`.
        age = int(self.span_seconds * (rnd() ** 1.5))
        published_at = self.until - timedelta(seconds=age)
        # Zipf-like popularity: most stories get a few hundred views, a handful go viral.
        views = min(int(30 * rng.paretovariate(1.1)), 5_000_000)
        tag_count = pick((0, 1, 2, 2, 3, 3, 4))
        tag_names = sorted({pick(self.tags) for _ in range(tag_count)})
        topic_id = pick(self.topic_ids) if self.topic_ids and rnd() < TOPIC_RATE else None
        return GeneratedArticle(
            index=index, title=title, slug=slugify_vi(title, max_length=120) or "bai-viet",
            sapo=sapo, body=json.dumps(paragraphs, ensure_ascii=False),
            byline=self._byline(pick), section_id=pick(self.section_ids),
            published_at=published_at, view_count=views,
            is_featured=rnd() < FEATURED_RATE, tag_names=tag_names, topic_id=topic_id,
        )
